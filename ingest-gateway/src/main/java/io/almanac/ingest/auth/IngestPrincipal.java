package io.almanac.ingest.auth;

import java.util.Objects;

/**
 * Who an MQTT connection or an HTTP request writes as, once {@link IngestAuthenticator#authenticate} accepted its
 * credentials (Cassandra's {@code AuthenticatedUser}, seen from the ingest side).
 *
 * <p>Thread safety: immutable.
 *
 * @param name      the role name; {@link #ANONYMOUS}'s when the node does not require authentication
 * @param superuser whether the role was a superuser when it authenticated
 */
public record IngestPrincipal(String name, boolean superuser) {

    /** The principal of every writer when the node does not require authentication (AllowAllAuthenticator). */
    public static final IngestPrincipal ANONYMOUS = new IngestPrincipal("anonymous", false);

    public IngestPrincipal {
        Objects.requireNonNull(name, "name");
    }
}
