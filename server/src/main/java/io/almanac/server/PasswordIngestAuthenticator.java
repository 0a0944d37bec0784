package io.almanac.server;

import io.almanac.cql.auth.AuthenticationException;
import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.query.AuthenticatedUser;
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
 * <p>Authorization asks the node's CQL {@link Authorizer} for MODIFY on the table (or its keyspace, or all
 * keyspaces), as an INSERT would: with {@code authorizer: AllowAllAuthorizer} every authenticated role may modify
 * every table; with {@code CassandraAuthorizer} the role needs a GRANT (superusers, also through a granted role, need
 * none). The check reads the authorizer's in-memory grants and role graph: no I/O, safe on an event loop.
 *
 * <p>Thread safety: safe from any thread (the wrapped authenticator is).
 */
final class PasswordIngestAuthenticator implements IngestAuthenticator {

    private final PasswordAuthenticator password;
    private final Authorizer authorizer;

    /**
     * @param password   the node's started CQL password authenticator
     * @param authorizer the node's started CQL authorizer
     */
    PasswordIngestAuthenticator(PasswordAuthenticator password, Authorizer authorizer) {
        this.password = Objects.requireNonNull(password, "password");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
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

    /**
     * @return whether the role holds MODIFY on the table, its keyspace or all keyspaces (always, if superuser). With
     *         CassandraAuthorizer the superuser status is read live from the role graph (inherited through granted
     *         roles, as Cassandra's {@code Roles.hasSuperuserStatus}), so a GRANT, REVOKE or ALTER ROLE applies to an
     *         open MQTT connection at its next publish; without it, the status the role had when it authenticated.
     */
    @Override
    public boolean mayModify(IngestPrincipal principal, String keyspace, String table) {
        boolean superuser = authorizer.requireAuthorization() ? authorizer.hasSuperuserStatus(principal.name())
                : principal.superuser();
        return authorizer.authorize(new AuthenticatedUser(principal.name(), superuser), Permission.MODIFY,
                keyspace, table);
    }

    @Override
    public String toString() {
        return "PasswordIngestAuthenticator[" + password + "]";
    }
}
