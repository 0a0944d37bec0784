package io.almanac.cql.auth;

import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cassandra's {@code CassandraAuthorizer}: grants are stored in {@code system_auth.role_permissions}
 * ({@link RolePermissionsTable}) and all of them are held in memory, so {@link #authorize} is two map lookups (per
 * role held, when roles are granted to roles). Role grants ({@code GRANT role TO role}) are stored in
 * {@code system_auth.roles.member_of} (Cassandra's role manager keeps them there too) and held as a
 * {@link RoleGraph}: a role holds the permissions of every role granted to it, directly or not. The graph also
 * knows each role's {@code is_superuser}, so superuser status is Cassandra's {@code Roles.hasSuperuserStatus}
 * (inherited through granted roles) and current: {@link #start} makes the {@link PasswordAuthenticator}'s logins ask
 * {@link #hasSuperuserStatus} on every check, so GRANT, REVOKE, ALTER ROLE ... SUPERUSER and DROP ROLE apply to open
 * sessions at their next statement.
 * On one node the memory copy is exact: every change goes through this object, which writes the row and then
 * replaces its copy before the change returns (Cassandra's {@code permissions_validity} cache, minus the staleness).
 *
 * <p>Lifecycle: construct, pass to the query processor, then {@link #start} once (after the authenticator started)
 * before the transport accepts connections: it checks the authenticator, creates the table if missing and loads the
 * grants. Requires PasswordAuthenticator: with AllowAllAuthenticator nobody logs in, so nothing could be granted.
 *
 * <p>Thread safety: lookups read an immutable snapshot through a volatile field; changes are serialized on this
 * object and block until the row is written, so they are called off event loops.
 */
public final class CassandraAuthorizer implements Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraAuthorizer.class);
    private static final String SELECT_ALL = "SELECT role, resource, permissions FROM system_auth.role_permissions";
    private static final String UPSERT = "INSERT INTO system_auth.role_permissions (role, resource, permissions)"
            + " VALUES (?, ?, ?)";
    private static final String DELETE_ROW = "DELETE FROM system_auth.role_permissions WHERE role = ? AND resource = ?";
    private static final String DELETE_ROLE = "DELETE FROM system_auth.role_permissions WHERE role = ?";
    private static final String SELECT_MEMBERSHIPS = "SELECT role, member_of, is_superuser FROM system_auth.roles";
    private static final String UPDATE_MEMBER_OF = "INSERT INTO system_auth.roles (role, member_of) VALUES (?, ?)";
    private static final String DELETE_MEMBER_OF = "DELETE member_of FROM system_auth.roles WHERE role = ?";
    private static final int PROTOCOL_VERSION = 5;

    private final StorageEngine engine;
    private volatile QueryHandler queryHandler;
    /** role -> resource name -> permissions; never modified once published. */
    private volatile Map<String, Map<String, Set<Permission>>> grants = Map.of();
    private volatile RoleGraph roles = RoleGraph.EMPTY;

    /** @param engine creates {@code system_auth.role_permissions} */
    public CassandraAuthorizer(StorageEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Checks the authenticator, creates the table if missing and loads every grant. Blocks until done.
     *
     * @param authenticator the node's authenticator: must require authentication (PasswordAuthenticator)
     * @param handler       reads and writes grants (the node's QueryProcessor, as the system user)
     * @return the number of (role, resource) rows loaded
     * @throws IllegalStateException        naming the rule when the authenticator does not require logins
     * @throws java.util.concurrent.CompletionException when the engine refuses the schema or the read
     */
    public synchronized int start(Authenticator authenticator, QueryHandler handler) {
        if (!authenticator.requireAuthentication()) {
            throw new IllegalStateException("authorizer: CassandraAuthorizer requires authenticator:"
                    + " PasswordAuthenticator (" + authenticator.className() + " can't be used with"
                    + " CassandraAuthorizer)");
        }
        this.queryHandler = Objects.requireNonNull(handler, "handler");
        engine.createKeyspace(RolesTable.keyspace(), true);
        engine.createTable(RolePermissionsTable.table(), true);
        ResultMessage.Rows rows = (ResultMessage.Rows) handler.query(ClientState.internal(), SELECT_ALL,
                options(List.of())).join();
        Map<String, Map<String, Set<Permission>>> loaded = new HashMap<>();
        for (byte[][] row : rows.rows()) {
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (String name : RolePermissionsTable.decodeNames(row[2])) {
                Permission permission = Permission.fromName(name);
                if (permission == null) {
                    LOG.warn("Ignoring unknown permission {} in system_auth.role_permissions", name);
                } else {
                    permissions.add(permission);
                }
            }
            if (!permissions.isEmpty()) {
                loaded.computeIfAbsent(utf8(row[0]), role -> new HashMap<>())
                        .put(utf8(row[1]), Collections.unmodifiableSet(permissions));
            }
        }
        loaded.replaceAll((role, byResource) -> Collections.unmodifiableMap(byResource));
        grants = Collections.unmodifiableMap(loaded);
        roles = loadMemberships(handler);
        if (authenticator instanceof PasswordAuthenticator password) {
            password.resolveSuperuserStatusWith(this::hasSuperuserStatus);
        }
        return rows.rows().size();
    }

    private static RoleGraph loadMemberships(QueryHandler handler) {
        ResultMessage.Rows rows = (ResultMessage.Rows) handler.query(ClientState.internal(), SELECT_MEMBERSHIPS,
                options(List.of())).join();
        Map<String, Set<String>> memberOf = new HashMap<>();
        Set<String> superusers = new HashSet<>();
        for (byte[][] row : rows.rows()) {
            String role = utf8(row[0]);
            memberOf.put(role, new TreeSet<>(RolePermissionsTable.decodeNames(row[1])));
            if (row[2] != null && row[2].length == 1 && row[2][0] != 0) {
                superusers.add(role);
            }
        }
        return RoleGraph.of(memberOf, superusers);
    }

    @Override
    public boolean requireAuthorization() {
        return true;
    }

    /** Allocates nothing unless the user holds other roles (then one set for the union). */
    @Override
    public Set<Permission> authorize(AuthenticatedUser user, Resource resource) {
        if (user.superuser()) {
            return resource.applicablePermissions();
        }
        Map<String, Map<String, Set<Permission>>> snapshot = grants;
        RoleGraph graph = roles;
        if (graph.isEmpty()) {
            return held(snapshot, user.name(), resource);
        }
        Set<Permission> union = EnumSet.noneOf(Permission.class);
        for (String role : graph.rolesOf(user.name())) {
            union.addAll(held(snapshot, role, resource));
        }
        return union;
    }

    @Override
    public Set<String> rolesOf(String role) {
        return roles.rolesOf(role);
    }

    @Override
    public Set<String> memberOf(String role) {
        return roles.memberOf(role);
    }

    @Override
    public boolean hasSuperuserStatus(String role) {
        return roles.hasSuperuserStatus(role);
    }

    @Override
    public synchronized void superuserChanged(String role, boolean superuser) {
        roles = roles.withSuperuser(role, superuser);
    }

    /** Cassandra's {@code CassandraRoleManager.grantRole} checks and messages. */
    @Override
    public synchronized void grantRole(String role, String grantee) {
        if (roles.rolesOf(grantee).contains(role)) {
            throw new InvalidRequestException(grantee + " is a member of " + role);
        }
        if (roles.rolesOf(role).contains(grantee)) {
            throw new InvalidRequestException(role + " is a member of " + grantee);
        }
        Set<String> next = new TreeSet<>(roles.memberOf(grantee));
        next.add(role);
        storeMemberOf(grantee, next);
    }

    @Override
    public synchronized void revokeRole(String role, String revokee) {
        if (!roles.memberOf(revokee).contains(role)) {
            throw new InvalidRequestException(revokee + " is not a member of " + role);
        }
        Set<String> next = new TreeSet<>(roles.memberOf(revokee));
        next.remove(role);
        storeMemberOf(revokee, next);
    }

    private void storeMemberOf(String role, Set<String> memberOf) {
        if (memberOf.isEmpty()) {
            execute(DELETE_MEMBER_OF, utf8(role));
        } else {
            execute(UPDATE_MEMBER_OF, utf8(role), RolePermissionsTable.encodeNames(memberOf));
        }
        roles = roles.with(role, memberOf);
    }

    @Override
    public synchronized Set<Permission> grant(Set<Permission> permissions, Resource resource, String grantee) {
        Set<Permission> before = held(grantee, resource);
        Set<Permission> added = EnumSet.noneOf(Permission.class);
        added.addAll(permissions);
        added.removeAll(before);
        if (!added.isEmpty()) {
            Set<Permission> after = EnumSet.copyOf(added);
            after.addAll(before);
            store(grantee, resource, after);
        }
        return added;
    }

    @Override
    public synchronized Set<Permission> revoke(Set<Permission> permissions, Resource resource, String revokee) {
        Set<Permission> before = held(revokee, resource);
        Set<Permission> removed = EnumSet.noneOf(Permission.class);
        removed.addAll(before);
        removed.retainAll(permissions);
        if (!removed.isEmpty()) {
            Set<Permission> after = EnumSet.noneOf(Permission.class);
            after.addAll(before);
            after.removeAll(removed);
            store(revokee, resource, after);
        }
        return removed;
    }

    @Override
    public List<PermissionDetails> list(Set<Permission> permissions, Resource resource, String grantee) {
        List<PermissionDetails> details = new ArrayList<>();
        grants.forEach((role, byResource) -> {
            if (grantee != null && !grantee.equals(role)) {
                return;
            }
            byResource.forEach((name, held) -> {
                if (resource != null && !resource.name().equals(name)) {
                    return;
                }
                for (Permission permission : held) {
                    if (permissions.contains(permission)) {
                        details.add(new PermissionDetails(role, Resource.fromName(name), permission));
                    }
                }
            });
        });
        return details;
    }

    /** Also takes the dropped role out of other roles' {@code member_of} (its own row is deleted by DROP ROLE). */
    @Override
    public synchronized void revokeAllFrom(String role) {
        for (String member : roles.membersOf(role)) {
            Set<String> next = new TreeSet<>(roles.memberOf(member));
            next.remove(role);
            storeMemberOf(member, next);
        }
        roles = roles.with(role, Set.of()).withSuperuser(role, false);
        if (!grants.containsKey(role)) {
            return;
        }
        execute(DELETE_ROLE, utf8(role));
        Map<String, Map<String, Set<Permission>>> next = new HashMap<>(grants);
        next.remove(role);
        grants = Collections.unmodifiableMap(next);
    }

    @Override
    public synchronized void revokeAllOn(Resource resource) {
        for (Map.Entry<String, Map<String, Set<Permission>>> entry : grants.entrySet()) {
            if (entry.getValue().containsKey(resource.name())) {
                store(entry.getKey(), resource, Set.of());
            }
        }
    }

    private Set<Permission> held(String role, Resource resource) {
        return held(grants, role, resource);
    }

    private static Set<Permission> held(Map<String, Map<String, Set<Permission>>> snapshot, String role,
                                        Resource resource) {
        Map<String, Set<Permission>> byResource = snapshot.get(role);
        return byResource == null ? Set.of() : byResource.getOrDefault(resource.name(), Set.of());
    }

    /** Writes the role's permissions on the resource (deletes the row when empty), then publishes the change. */
    private void store(String role, Resource resource, Set<Permission> permissions) {
        if (permissions.isEmpty()) {
            execute(DELETE_ROW, utf8(role), utf8(resource.name()));
        } else {
            List<String> names = new ArrayList<>();
            permissions.forEach(permission -> names.add(permission.name()));
            Collections.sort(names);
            execute(UPSERT, utf8(role), utf8(resource.name()), RolePermissionsTable.encodeNames(names));
        }
        Map<String, Map<String, Set<Permission>>> next = new HashMap<>(grants);
        Map<String, Set<Permission>> byResource = new HashMap<>(next.getOrDefault(role, Map.of()));
        if (permissions.isEmpty()) {
            byResource.remove(resource.name());
        } else {
            byResource.put(resource.name(), Collections.unmodifiableSet(EnumSet.copyOf(permissions)));
        }
        if (byResource.isEmpty()) {
            next.remove(role);
        } else {
            next.put(role, Collections.unmodifiableMap(byResource));
        }
        grants = Collections.unmodifiableMap(next);
    }

    private void execute(String query, byte[]... values) {
        QueryHandler handler = queryHandler;
        if (handler == null) {
            throw new IllegalStateException("CassandraAuthorizer has not been started");
        }
        handler.query(ClientState.internal(), query, options(Arrays.asList(values))).join();
    }

    private static QueryOptions options(List<byte[]> values) {
        return new QueryOptions(1, values, null, false, -1, null, -1, Long.MIN_VALUE, null, Integer.MIN_VALUE,
                PROTOCOL_VERSION);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CassandraAuthorizer";
    }
}
