package io.almanac.cql.transport;

import io.almanac.cql.auth.AuthenticationException;
import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.auth.PasswordAuthenticatorConfig;
import io.almanac.cql.auth.SaslNegotiator;
import io.almanac.cql.auth.SaslStep;
import io.almanac.cql.statements.NoCompactionStrategies;
import io.almanac.cql.statements.QueryProcessor;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.SystemTablesFixtures;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * TEST FIXTURE: the real storage engine, query processor and {@link PasswordAuthenticator} (default superuser
 * {@code cassandra} / {@code secret}). {@link #synchronous()} wraps the authenticator so each SASL step has finished
 * (bounded wait) before the transport sees it: an {@code EmbeddedChannel} must only be touched by the test thread.
 */
final class PasswordAuthFixture implements AutoCloseable {

    static final String SUPERUSER = "cassandra";
    static final String PASSWORD = "secret";
    private static final long AWAIT_SECONDS = 60;

    final ShardedStorageEngine engine;
    final QueryProcessor processor;
    final PasswordAuthenticator authenticator;

    PasswordAuthFixture(Path directory) {
        ManualClock clock = new ManualClock(1_700_000_000_000_000L);
        StorageConfig config = new StorageConfig(directory, 2, 1 << 20, 1L << 22, CommitLogSync.PERIODIC, 1000, 0);
        engine = ShardedStorageEngine.open(config, clock, NoCompactionStrategies.all());
        processor = new QueryProcessor(engine, new SystemTables(SystemTablesFixtures.node(9042), engine::schema),
                clock);
        authenticator = new PasswordAuthenticator(new PasswordAuthenticatorConfig(SUPERUSER, PASSWORD), engine,
                processor);
    }

    /** @return the authenticator, each step awaited before the transport gets it */
    Authenticator synchronous() {
        return new Authenticator() {
            @Override
            public boolean requireAuthentication() {
                return authenticator.requireAuthentication();
            }

            @Override
            public String className() {
                return authenticator.className();
            }

            @Override
            public SaslNegotiator newSaslNegotiator() {
                SaslNegotiator negotiator = authenticator.newSaslNegotiator();
                return token -> awaited(negotiator.evaluateResponse(token));
            }
        };
    }

    private static CompletableFuture<SaslStep> awaited(CompletableFuture<SaslStep> step) {
        try {
            return CompletableFuture.completedFuture(step.get(AWAIT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            return CompletableFuture.failedFuture(new AuthenticationException("no answer: " + e));
        }
    }

    @Override
    public void close() {
        processor.close();
        engine.close();
    }
}
