package io.almanac.ingest.auth;

import java.util.concurrent.CompletableFuture;

/**
 * The ingest gateway's view of the node's roles: whether writers must log in, checking a user name and password, and
 * whether a role may write to a table. The ingest module cannot import the CQL frontend (ARCHITECTURE.md), so the
 * server module adapts the node's {@code authenticator} to this seam; {@link AllowAllIngestAuthenticator} is the one
 * for nodes running Cassandra's {@code AllowAllAuthenticator}.
 *
 * <p>Used by MQTT CONNECT (user name and password fields, OASIS MQTT 3.1.1 §3.1.3.4-5, MQTT 5.0 §3.1.3.5-6) and by
 * HTTP ingest ({@code Authorization: Token user:password} as InfluxDB 1.x accepts it, or {@code Basic}).
 *
 * <p>Thread safety: implementations are safe from any thread. {@link #authenticate} never blocks its caller (it runs
 * on Netty event loops): slow work such as bcrypt runs elsewhere and completes the future there.
 */
public interface IngestAuthenticator {

    /** @return whether writers must present credentials; false accepts every connection and request as is */
    boolean required();

    /**
     * Checks a user name and password. Never blocks.
     *
     * @param username the role name as sent
     * @param password the password as sent (may be empty)
     * @return a future completed with the role, or failed with {@link IngestAuthenticationException} when the
     *         credentials are refused (any other failure means the check itself could not run)
     */
    CompletableFuture<IngestPrincipal> authenticate(String username, String password);

    /**
     * Whether {@code principal} may write rows to a table (Cassandra's MODIFY permission on {@code <table ks.t>}).
     * Fast: called on the event loop for every PUBLISH and request.
     *
     * @param principal who writes, as {@link #authenticate} returned it (or {@link IngestPrincipal#ANONYMOUS})
     * @param keyspace  the table's keyspace
     * @param table     the table's name
     */
    boolean mayModify(IngestPrincipal principal, String keyspace, String table);
}
