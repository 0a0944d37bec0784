package io.almanac.cql.statements;

import io.almanac.cql.auth.RolesTable;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CqlTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LIST ROLES} and {@code LIST USERS}, with the columns of Cassandra 5.0's ListRolesStatement ({@code role,
 * super, login, options, datacenters}) and ListUsersStatement ({@code name, super, datacenters}; roles with LOGIN
 * only), sorted by name. A superuser (or a connection without login) sees every role, another role only itself
 * (it is granted no other role: GRANT is not supported yet). {@code options} is always empty and
 * {@code datacenters} {@code ALL}.
 *
 * <p>Thread safety: immutable.
 */
final class ListRolesStatement implements CqlStatement {

    private static final String SELECT_ROLES = "SELECT role, can_login, is_superuser FROM system_auth.roles";
    private static final byte[] EMPTY_MAP = new byte[4];
    private static final byte[] ALL_DATACENTERS = "ALL".getBytes(StandardCharsets.UTF_8);

    private final boolean users;
    private final ResultMetadata metadata;

    ListRolesStatement(boolean users) {
        this.users = users;
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
        return InternalQueries.rows(context, SELECT_ROLES).thenApply(stored -> {
            List<byte[][]> rows = new ArrayList<>();
            for (byte[][] role : stored) {
                String name = new String(role[0], StandardCharsets.UTF_8);
                boolean login = RoleStatements.isTrue(role[1]);
                if ((users && !login) || (user != null && !user.superuser() && !user.name().equals(name))) {
                    continue;
                }
                byte[] superuser = RoleStatements.bool(RoleStatements.isTrue(role[2]));
                rows.add(users ? new byte[][] {role[0], superuser, ALL_DATACENTERS}
                        : new byte[][] {role[0], superuser, RoleStatements.bool(login), EMPTY_MAP, ALL_DATACENTERS});
            }
            rows.sort(Comparator.comparing(row -> new String(row[0], StandardCharsets.UTF_8)));
            return new ResultMessage.Rows(metadata, rows, null);
        });
    }
}
