package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.Schema;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A prepared {@code TRUNCATE [TABLE] table}: removes all of the table's data through
 * {@link io.almanac.storage.engine.StorageEngine#truncate} and answers Void.
 *
 * <p>Thread safety: immutable.
 */
final class TruncateStatement implements CqlStatement {

    private final TableTarget target;

    private TruncateStatement(TableTarget target) {
        this.target = target;
    }

    /**
     * @throws io.almanac.cql.query.CqlException 0x2100 for system keyspaces
     * @throws io.almanac.storage.schema.InvalidRequestException for unknown keyspaces and tables
     */
    static TruncateStatement prepare(ParsedStatement.Truncate truncate, String sessionKeyspace, Schema schema,
                                     VirtualTables systemTables) {
        TableTarget.checkModifiable(TableTarget.keyspace(truncate.table().keyspace(), sessionKeyspace),
                systemTables);
        return new TruncateStatement(TableTarget.resolve(truncate.table(), sessionKeyspace, schema, systemTables));
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    @Override
    public boolean isValid(Schema schema) {
        return target.isCurrent(schema);
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        return context.engine().truncate(target.metadata()).thenApply(done -> ResultMessage.Void.INSTANCE);
    }
}
