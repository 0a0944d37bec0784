package io.almanac.cql.statements;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.Schema;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A statement checked against the schema and ready to execute any number of times with different bound values
 * (Cassandra's {@code CQLStatement}). Prepared statements are cached and shared.
 *
 * <p>Thread safety: implementations are immutable; {@link #execute} may run concurrently.
 */
interface CqlStatement {

    /** @return the bind variables in marker order */
    List<ColumnSpec> bindVariables();

    /** @return for each partition key column the index of the marker giving its value, or empty */
    default int[] partitionKeyBindIndexes() {
        return new int[0];
    }

    /** @return the columns of the Rows this statement returns; empty for statements without rows */
    default ResultMetadata resultMetadata() {
        return ResultMetadata.EMPTY;
    }

    /**
     * @return whether the tables this statement was prepared against still exist with the same ids; a stale
     *         prepared statement is evicted and the driver re-prepares it
     */
    default boolean isValid(Schema schema) {
        return true;
    }

    /**
     * @param options the query options, with values in marker order
     * @return the result; the future fails with CqlException, the engine's InvalidRequestException family or
     *         OverloadedException
     */
    CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state, QueryOptions options);
}
