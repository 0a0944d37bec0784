package io.almanac.cql.auth;

import io.almanac.cql.query.AuthenticatedUser;
import java.util.List;
import java.util.Set;

/**
 * Cassandra's {@code AllowAllAuthorizer}: every role may do everything; GRANT, REVOKE and LIST PERMISSIONS fail with
 * Cassandra's "GRANT operation is not supported by AllowAllAuthorizer" (answered 0x2200). Granting roles to roles
 * fails the same way (Cassandra keeps role grants in its role manager even then; Almanac keeps them in
 * CassandraAuthorizer).
 *
 * <p>Thread safety: stateless.
 */
public final class AllowAllAuthorizer implements Authorizer {

    @Override
    public boolean requireAuthorization() {
        return false;
    }

    @Override
    public Set<Permission> authorize(AuthenticatedUser user, Resource resource) {
        return resource.applicablePermissions();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public Set<Permission> grant(Set<Permission> permissions, Resource resource, String grantee) {
        throw new UnsupportedOperationException("GRANT operation is not supported by AllowAllAuthorizer");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public Set<Permission> revoke(Set<Permission> permissions, Resource resource, String revokee) {
        throw new UnsupportedOperationException("REVOKE operation is not supported by AllowAllAuthorizer");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public List<PermissionDetails> list(Set<Permission> permissions, Resource resource, String grantee) {
        throw new UnsupportedOperationException("LIST PERMISSIONS operation is not supported by AllowAllAuthorizer");
    }

    /** @throws UnsupportedOperationException always: role grants need a CassandraAuthorizer here */
    @Override
    public void grantRole(String role, String grantee) {
        throw new UnsupportedOperationException("GRANT ROLE operation is not supported by AllowAllAuthorizer"
                + " (authorizer: CassandraAuthorizer keeps role grants)");
    }

    /** @throws UnsupportedOperationException always: role grants need a CassandraAuthorizer here */
    @Override
    public void revokeRole(String role, String revokee) {
        throw new UnsupportedOperationException("REVOKE ROLE operation is not supported by AllowAllAuthorizer"
                + " (authorizer: CassandraAuthorizer keeps role grants)");
    }

    /** Nothing is stored: a no-op. */
    @Override
    public void revokeAllFrom(String role) {
    }

    /** Nothing is stored: a no-op. */
    @Override
    public void revokeAllOn(Resource resource) {
    }

    @Override
    public String toString() {
        return "AllowAllAuthorizer";
    }
}
