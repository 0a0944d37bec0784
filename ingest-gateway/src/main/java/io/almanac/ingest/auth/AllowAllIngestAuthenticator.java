package io.almanac.ingest.auth;

import java.util.concurrent.CompletableFuture;

/**
 * No authentication, no authorization: what a node running Cassandra's {@code AllowAllAuthenticator} does for
 * ingest. Credentials sent anyway are not checked; every writer is {@link IngestPrincipal#ANONYMOUS} and may write
 * to every table.
 *
 * <p>Thread safety: stateless.
 */
public final class AllowAllIngestAuthenticator implements IngestAuthenticator {

    @Override
    public boolean required() {
        return false;
    }

    /** @return {@link IngestPrincipal#ANONYMOUS}, whatever was sent */
    @Override
    public CompletableFuture<IngestPrincipal> authenticate(String username, String password) {
        return CompletableFuture.completedFuture(IngestPrincipal.ANONYMOUS);
    }

    /** @return true */
    @Override
    public boolean mayModify(IngestPrincipal principal, String keyspace, String table) {
        return true;
    }

    @Override
    public String toString() {
        return "AllowAllIngestAuthenticator";
    }
}
