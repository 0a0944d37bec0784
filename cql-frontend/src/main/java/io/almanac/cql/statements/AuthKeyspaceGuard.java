package io.almanac.cql.statements;

import io.almanac.cql.auth.RolesTable;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.parser.QualifiedName;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.Schema;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps password hashes to superusers: a SELECT, INSERT, UPDATE, DELETE, TRUNCATE or BATCH on a table of
 * {@code system_auth} executes only for a superuser (or a connection without login); anyone else gets 0x2100 in
 * Cassandra's words, "User x has no SELECT permission on &lt;table system_auth.roles&gt; or any of its parents"
 * (MODIFY for writes). Checked at execution, so a prepared statement is checked for each connection.
 *
 * <p>Thread safety: immutable.
 */
final class AuthKeyspaceGuard extends GuardedStatement {

    private final String permission;
    private final String resource;

    private AuthKeyspaceGuard(CqlStatement statement, String permission, String resource) {
        super(statement);
        this.permission = permission;
        this.resource = resource;
    }

    /** @return {@code prepared}, guarded when {@code parsed} reads or writes a table of {@code system_auth} */
    static CqlStatement guard(ParsedStatement parsed, String sessionKeyspace, CqlStatement prepared) {
        QualifiedName table = authTable(parsed, sessionKeyspace);
        if (table == null) {
            return prepared;
        }
        String permission = parsed instanceof ParsedStatement.Select ? "SELECT" : "MODIFY";
        return new AuthKeyspaceGuard(prepared, permission, "<table " + RolesTable.KEYSPACE + "." + table.name() + ">");
    }

    private static QualifiedName authTable(ParsedStatement parsed, String sessionKeyspace) {
        if (parsed instanceof ParsedStatement.Batch batch) {
            for (ParsedStatement.Modification child : batch.statements()) {
                QualifiedName table = authTable(child, sessionKeyspace);
                if (table != null) {
                    return table;
                }
            }
            return null;
        }
        QualifiedName table;
        if (parsed instanceof ParsedStatement.Select select) {
            table = select.table();
        } else if (parsed instanceof ParsedStatement.Modification modification) {
            table = modification.table();
        } else if (parsed instanceof ParsedStatement.Truncate truncate) {
            table = truncate.table();
        } else {
            return null;
        }
        String keyspace = table.keyspace() != null ? table.keyspace() : sessionKeyspace;
        return RolesTable.KEYSPACE.equals(keyspace) ? table : null;
    }





    /** @throws io.almanac.cql.query.CqlException 0x2100 for a role that is not a superuser */
    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        if (!state.hasSuperuserRights()) {
            throw RoleStatements.noPermission(state, permission, resource);
        }
        return statement.execute(context, state, options);
    }
}
