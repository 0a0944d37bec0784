package io.almanac.cql.statements;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * A prepared INSERT, UPDATE or DELETE: turns bound values into mutations, alone or as part of a BATCH.
 *
 * <p>Thread safety: implementations are immutable.
 */
interface ModificationStatement extends CqlStatement {

    /** @return the table written */
    TableMetadata table();

    /** @return whether the statement has its own USING TIMESTAMP */
    boolean hasTimestamp();

    /**
     * @param fallback the timestamp to use without USING TIMESTAMP (or with an unset one), microseconds
     * @return the write timestamp, microseconds since the epoch
     */
    long timestampMicros(List<byte[]> bound, LongSupplier fallback);

    /**
     * @param bound           the bound values in marker order
     * @param timestampMicros the timestamp of every cell, marker and deletion written
     * @param nowSeconds      "now": the base of TTL expiry and of deletions' local deletion time
     * @return the mutations, one per partition
     * @throws io.almanac.cql.query.CqlException for null, unset or empty key values and bad values
     */
    List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds);

    @Override
    default CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                     QueryOptions options) {
        List<byte[]> bound = options.values();
        long timestampMicros = timestampMicros(bound, () -> context.defaultTimestampMicros(options));
        List<Mutation> mutations = mutations(bound, timestampMicros, context.nowSeconds(options));
        return context.engine().write(mutations).thenApply(done -> ResultMessage.Void.INSTANCE);
    }
}
