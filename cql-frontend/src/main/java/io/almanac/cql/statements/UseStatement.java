package io.almanac.cql.statements;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code USE keyspace}: sets the connection's keyspace and answers Set_keyspace.
 *
 * <p>Thread safety: immutable.
 */
final class UseStatement implements CqlStatement {

    private final String keyspace;

    UseStatement(String keyspace) {
        this.keyspace = keyspace;
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    /** @throws CqlException 0x2200 "Keyspace 'x' does not exist" */
    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        boolean exists = context.engine().schema().keyspace(keyspace) != null
                || TableTarget.isSystemKeyspace(keyspace, context.systemTables());
        if (!exists) {
            throw CqlException.invalid("Keyspace '" + keyspace + "' does not exist");
        }
        state.setKeyspace(keyspace);
        return CompletableFuture.completedFuture(new ResultMessage.SetKeyspace(keyspace));
    }
}
