package io.almanac.ingest.auth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: an {@link IngestAuthenticator} over fixed roles, answering on a thread of its own as the server's
 * bcrypt-checking adapter does (so the event-loop hand-off is exercised), counting the checks it ran. The real
 * adapter over the CQL frontend's PasswordAuthenticator lives in the server module and is tested there.
 */
public final class TestAuthenticator implements IngestAuthenticator, AutoCloseable {

    private final Map<String, String> passwords;
    private final Map<String, Set<String>> writableTables;
    private final ExecutorService checker = Executors.newSingleThreadExecutor();
    private final AtomicInteger checks = new AtomicInteger();

    /**
     * @param passwords      role -> password
     * @param writableTables role -> the "keyspace.table" names it may modify
     */
    public TestAuthenticator(Map<String, String> passwords, Map<String, Set<String>> writableTables) {
        this.passwords = Map.copyOf(passwords);
        this.writableTables = Map.copyOf(writableTables);
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public CompletableFuture<IngestPrincipal> authenticate(String username, String password) {
        return CompletableFuture.supplyAsync(() -> {
            checks.incrementAndGet();
            if (!password.equals(passwords.get(username))) {
                throw new IngestAuthenticationException("Provided username " + username
                        + " and/or password are incorrect");
            }
            return new IngestPrincipal(username, false);
        }, checker);
    }

    @Override
    public boolean mayModify(IngestPrincipal principal, String keyspace, String table) {
        return writableTables.getOrDefault(principal.name(), Set.of()).contains(keyspace + "." + table);
    }

    /** @return how many credential checks ran */
    public int checks() {
        return checks.get();
    }

    @Override
    public void close() throws InterruptedException {
        checker.shutdownNow();
        checker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
