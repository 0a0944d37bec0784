package io.almanac.cql.auth;

import io.almanac.cql.query.AuthenticatedUser;
import java.util.List;
import java.util.Set;

/**
 * Decides what a logged-in role may do (Cassandra's {@code IAuthorizer}) and keeps the grants: GRANT, REVOKE, LIST
 * PERMISSIONS, and the clean-up when a role or a resource is dropped.
 *
 * <p>Lookups ({@link #authorize(AuthenticatedUser, Resource)}, {@link #hasPermission}) answer from memory and are
 * meant for the hot path; the changing methods block until the change is stored and are called off event loops.
 *
 * <p>Thread safety: implementations are safe from any thread.
 */
public interface Authorizer {

    /** @return false when every statement is allowed without checks (AllowAllAuthorizer) */
    boolean requireAuthorization();

    /**
     * @return the permissions {@code user} holds on exactly {@code resource} (not its parents); a superuser holds
     *         every permission applicable to it
     */
    Set<Permission> authorize(AuthenticatedUser user, Resource resource);

    /**
     * @return whether {@code user} holds {@code permission} on {@code resource} or one of its parents (Cassandra's
     *         {@code ClientState.ensurePermission} without the system-table exceptions); always true when
     *         {@link #requireAuthorization()} is false or the user is a superuser
     */
    default boolean hasPermission(AuthenticatedUser user, Permission permission, Resource resource) {
        if (!requireAuthorization() || user.superuser()) {
            return true;
        }
        for (Resource level = resource; level != null; level = level.parent()) {
            if (authorize(user, level).contains(permission)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For the ingest gateway: may {@code user} do {@code permission} (MODIFY for writes) on the table?
     *
     * @param keyspace the keyspace
     * @param table    the table, or null to ask about the keyspace
     * @return true when granted on the table, its keyspace or all keyspaces: a map lookup per level (per role held);
     *         builds the resource each call (two small objects), so callers checking the same table repeatedly may
     *         keep a {@link DataResource} and call {@link #hasPermission} instead
     */
    default boolean authorize(AuthenticatedUser user, Permission permission, String keyspace, String table) {
        Resource resource = table == null ? DataResource.keyspace(keyspace) : DataResource.table(keyspace, table);
        return hasPermission(user, permission, resource);
    }

    /**
     * GRANT: adds {@code permissions} on {@code resource} to {@code grantee}; blocks until stored.
     *
     * @return the permissions that were not held before
     * @throws UnsupportedOperationException when this authorizer keeps no grants
     */
    Set<Permission> grant(Set<Permission> permissions, Resource resource, String grantee);

    /**
     * REVOKE: removes {@code permissions} on {@code resource} from {@code revokee}; blocks until stored.
     *
     * @return the permissions that were held before and are now revoked
     * @throws UnsupportedOperationException when this authorizer keeps no grants
     */
    Set<Permission> revoke(Set<Permission> permissions, Resource resource, String revokee);

    /**
     * LIST PERMISSIONS on exactly one resource (or all).
     *
     * @param resource the resource, or null for every resource
     * @param grantee  the role, or null for every role
     * @return the grants among {@code permissions}, unordered
     * @throws UnsupportedOperationException when this authorizer keeps no grants
     */
    List<PermissionDetails> list(Set<Permission> permissions, Resource resource, String grantee);

    /**
     * @return {@code role} and every role granted to it, directly or through other roles (Cassandra's
     *         {@code IRoleManager.getRoles(role, true)}), from memory
     */
    default Set<String> rolesOf(String role) {
        return Set.of(role);
    }

    /** @return the roles granted directly to {@code role} ({@code system_auth.roles.member_of}), from memory */
    default Set<String> memberOf(String role) {
        return Set.of();
    }

    /**
     * Cassandra's {@code Roles.hasSuperuserStatus}, from memory (a map lookup and a walk of the role graph).
     *
     * @return whether {@code role} or any role granted to it, directly or not, has {@code is_superuser}; false when
     *         this authorizer keeps no roles (AllowAllAuthorizer: callers fall back to the stored flag)
     */
    default boolean hasSuperuserStatus(String role) {
        return false;
    }

    /**
     * CREATE ROLE / ALTER ROLE ... SUPERUSER stored {@code role}'s {@code is_superuser}: open sessions of the role and
     * of every role it is granted to see the change at their next check. Called after the row is written; no I/O.
     */
    default void superuserChanged(String role, boolean superuser) {
    }

    /**
     * GRANT role TO grantee: the grantee holds the role's permissions from now on; blocks until stored. Both roles
     * exist (checked by the caller).
     *
     * @throws io.almanac.storage.schema.InvalidRequestException "bob is a member of alice" when the grantee already
     *                                                           holds the role, or the grant would close a cycle
     * @throws UnsupportedOperationException when this authorizer keeps no grants
     */
    void grantRole(String role, String grantee);

    /**
     * REVOKE role FROM revokee; blocks until stored.
     *
     * @throws io.almanac.storage.schema.InvalidRequestException "bob is not a member of alice" when it was not
     *                                                           granted directly
     * @throws UnsupportedOperationException when this authorizer keeps no grants
     */
    void revokeRole(String role, String revokee);

    /**
     * DROP ROLE: forgets every grant to {@code role}, and its membership in other roles' {@code member_of}; blocks
     * until stored.
     */
    void revokeAllFrom(String role);

    /** DROP KEYSPACE / TABLE / ROLE: forgets every grant on exactly {@code resource}; blocks until stored. */
    void revokeAllOn(Resource resource);
}
