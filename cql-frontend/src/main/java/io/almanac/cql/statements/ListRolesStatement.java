package io.almanac.cql.statements;

import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.auth.RolesTable;
import io.almanac.cql.auth.UnauthorizedException;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LIST ROLES} and {@code LIST USERS}, with the columns of Cassandra 5.0's ListRolesStatement ({@code role,
 * super, login, options, datacenters}) and ListUsersStatement ({@code name, super, datacenters}; roles with LOGIN
 * only), sorted by name. A superuser, a connection without login, or (with CassandraAuthorizer) a role with DESCRIBE
 * on ALL ROLES sees every
 * role (or those of the role named by OF: it and the roles granted to it, directly only with NORECURSIVE); another
 * role sees itself and the roles it holds, and OF a role it does not hold is refused: 0x2100 "You are not authorized
 * to view roles granted to r". OF an unknown role: 0x2200
 * "&lt;role r&gt; doesn't exist". {@code options} is always empty and {@code datacenters} {@code ALL}. {@code super}
 * is the role's own {@code is_superuser} in LIST ROLES ({@code IRoleManager.isSuper}) and its status inherited
 * through granted roles in LIST USERS ({@code Roles.hasSuperuserStatus}), as in Cassandra.
 *
 * <p>Thread safety: immutable.
 */
final class ListRolesStatement implements CqlStatement {

    private static final String SELECT_ROLES = "SELECT role, can_login, is_superuser FROM system_auth.roles";
    private static final byte[] EMPTY_MAP = new byte[4];
    private static final byte[] ALL_DATACENTERS = "ALL".getBytes(StandardCharsets.UTF_8);

    private final boolean users;
    private final String grantee;
    private final boolean recursive;
    private final ResultMetadata metadata;

    /**
     * @param grantee   the role named by OF, or null
     * @param recursive whether roles held through other roles are listed (no NORECURSIVE)
     */
    ListRolesStatement(boolean users, String grantee, boolean recursive) {
        this.users = users;
        this.grantee = grantee;
        this.recursive = recursive;
        List<ColumnSpec> columns = new ArrayList<>();
        columns.add(column(users ? "name" : "role", "text"));
        columns.add(column("super", "boolean"));
        if (!users) {
            columns.add(column("login", "boolean"));
            columns.add(column("options", "map<text, text>"));
        }
        columns.add(column("datacenters", "text"));
        this.metadata = new ResultMetadata(columns);
    }

    private static ColumnSpec column(String name, String type) {
        return new ColumnSpec(RolesTable.KEYSPACE, RolesTable.TABLE, name, CqlTypes.parse(type));
    }

    /** @return the role and the roles granted to it (all of them, or only directly without NORECURSIVE) */
    private Set<String> rolesOf(ExecutionContext context, String role) {
        if (recursive) {
            return context.authorizer().rolesOf(role);
        }
        Set<String> roles = new HashSet<>(context.authorizer().memberOf(role));
        roles.add(role);
        return roles;
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    @Override
    public ResultMetadata resultMetadata() {
        return metadata;
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        RoleStatements.requireRolesTable(context);
        AuthenticatedUser user = state.user();
        boolean seeAll = user == null || user.superuser() || (context.authorizer().requireAuthorization()
                && context.authorizer().hasPermission(user, Permission.DESCRIBE, RoleResource.root()));
        if (!seeAll && grantee != null && !context.authorizer().rolesOf(user.name()).contains(grantee)) {
            throw new UnauthorizedException("You are not authorized to view roles granted to " + grantee);
        }
        Set<String> only = grantee != null ? rolesOf(context, grantee) : seeAll ? null : rolesOf(context, user.name());
        return InternalQueries.rows(context, SELECT_ROLES).thenApply(stored -> {
            List<byte[][]> rows = new ArrayList<>();
            for (byte[][] role : stored) {
                String name = new String(role[0], StandardCharsets.UTF_8);
                boolean login = RoleStatements.isTrue(role[1]);
                if ((users && !login) || (only != null && !only.contains(name))) {
                    continue;
                }
                boolean own = RoleStatements.isTrue(role[2]);
                byte[] superuser = RoleStatements.bool(users ? own || context.authorizer().hasSuperuserStatus(name)
                        : own);
                rows.add(users ? new byte[][] {role[0], superuser, ALL_DATACENTERS}
                        : new byte[][] {role[0], superuser, RoleStatements.bool(login), EMPTY_MAP, ALL_DATACENTERS});
            }
            if (grantee != null && rows.isEmpty()) {
                throw new InvalidRequestException(RoleResource.role(grantee) + " doesn't exist");
            }
            rows.sort(Comparator.comparing(row -> new String(row[0], StandardCharsets.UTF_8)));
            return new ResultMessage.Rows(metadata, rows, null);
        });
    }
}
