package io.almanac.cql.statements;

import io.almanac.cql.parser.StatementParser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Statements the node runs for itself (Cassandra's {@code QueryProcessor.executeInternal}): parsed and prepared like
 * a client's, executed as {@link ClientState#internal()} with positional values.
 *
 * <p>Thread safety: stateless.
 */
final class InternalQueries {

    private static final int PROTOCOL_VERSION = 5;

    private InternalQueries() {
    }

    /**
     * @param values the bound values in marker order, serialized; null for a null value
     * @return the result; the future fails as the statement would for a client
     */
    static CompletableFuture<ResultMessage> execute(ExecutionContext context, String query, byte[]... values) {
        CqlStatement statement = StatementPreparer.prepare(StatementParser.parse(query), null,
                context.engine().schema(), context.systemTables(), context.functions());
        QueryOptions options = new QueryOptions(1, Arrays.asList(values), null, false, -1, null, -1, Long.MIN_VALUE,
                null, Integer.MIN_VALUE, PROTOCOL_VERSION);
        return statement.execute(context, ClientState.internal(),
                BoundValues.inMarkerOrder(statement.bindVariables(), options));
    }

    /** @return the rows of a SELECT run with {@link #execute} */
    static CompletableFuture<List<byte[][]>> rows(ExecutionContext context, String query, byte[]... values) {
        return execute(context, query, values).thenApply(result -> ((ResultMessage.Rows) result).rows());
    }
}
