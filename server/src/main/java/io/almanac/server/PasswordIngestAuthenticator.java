package io.almanac.server;

import io.almanac.cql.auth.AuthenticationException;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.ingest.auth.IngestAuthenticationException;
import io.almanac.ingest.auth.IngestAuthenticator;
import io.almanac.ingest.auth.IngestPrincipal;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The ingest gateway's authenticator on a node running {@code authenticator: PasswordAuthenticator}: MQTT CONNECT and
 * HTTP credentials are checked against the same roles ({@code system_auth.roles}) as CQL logins, through
 * {@link PasswordAuthenticator#authenticate}, whose bcrypt check runs on the authenticator's own executor, never on
 * the calling event loop. Its refusals ("Provided username X and/or password are incorrect", "X is not permitted to
 * log in") become {@link IngestAuthenticationException}s with the same message.
 *
 * <p>Authorization follows Cassandra's {@code AllowAllAuthorizer}: every authenticated role may modify every table.
 * When the node gains {@code authorizer: CassandraAuthorizer} (GRANT/REVOKE), the lead wires its MODIFY check into
 * {@link #mayModify} here; nothing else in the ingest path changes.
 *
 * <p>Thread safety: safe from any thread (the wrapped authenticator is).
 */
final class PasswordIngestAuthenticator implements IngestAuthenticator {

    private final PasswordAuthenticator password;

    /** @param password the node's started CQL password authenticator */
    PasswordIngestAuthenticator(PasswordAuthenticator password) {
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public boolean required() {
        return true;
    }

    /**
     * @return the role; the future fails with {@link IngestAuthenticationException} for refused credentials, or with
     *         the underlying failure when the roles table could not be read
     */
    @Override
    public CompletableFuture<IngestPrincipal> authenticate(String username, String passwordText) {
        CompletableFuture<IngestPrincipal> principal = new CompletableFuture<>();
        password.authenticate(username, passwordText).whenComplete((user, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AuthenticationException refused) {
                principal.completeExceptionally(new IngestAuthenticationException(refused.getMessage()));
            } else if (cause != null) {
                principal.completeExceptionally(cause);
            } else {
                principal.complete(new IngestPrincipal(user.name(), user.superuser()));
            }
        });
        return principal;
    }

    /** @return true: Cassandra's AllowAllAuthorizer lets every authenticated role modify every table */
    @Override
    public boolean mayModify(IngestPrincipal principal, String keyspace, String table) {
        return true;
    }

    @Override
    public String toString() {
        return "PasswordIngestAuthenticator[" + password + "]";
    }
}
