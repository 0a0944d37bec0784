package io.almanac.cql.statements;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
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

    /**
     * @param bound the bound values in marker order
     * @return the partitions the statement writes
     * @throws io.almanac.cql.query.CqlException for null, unset or empty key values
     */
    List<DecoratedKey> partitionKeys(List<byte[]> bound);

    /** @return the clusterings of the rows written, or an empty list when the statement writes whole partitions */
    List<Clustering> clusterings(List<byte[]> bound);

    /** @return the IF clause, or null for an unconditional statement */
    default ColumnConditions conditions() {
        return null;
    }

    /** @return whether the mutations depend on current values (counter or collection element operations) */
    default boolean readsCurrentRows() {
        return false;
    }

    /** @return whether the statement updates counters */
    default boolean isCounter() {
        return false;
    }

    /**
     * The mutation of one partition built against its current rows, on the partition's shard writer.
     *
     * @param current the partition's live rows (with what earlier statements of the same request wrote)
     * @return the mutations of {@code current.key()} only
     */
    default List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds, CurrentRows current) {
        return mutations(bound, timestampMicros, nowSeconds).stream()
                .filter(mutation -> mutation.key().equals(current.key())).toList();
    }

    @Override
    default CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                     QueryOptions options) {
        List<byte[]> bound = options.values();
        if (conditions() != null || readsCurrentRows()) {
            return ReadModifyWrites.execute(context.engine(), List.of(new BatchStatement.Entry(this, bound)),
                    false, null);
        }
        long timestampMicros = timestampMicros(bound, () -> context.defaultTimestampMicros(options));
        List<Mutation> mutations = mutations(bound, timestampMicros, context.nowSeconds(options));
        return context.engine().write(mutations).thenApply(done -> ResultMessage.Void.INSTANCE);
    }
}
