package io.almanac.storage.write;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PartitionUpdate} queued for its shard writer, with what the writer needs to serve it: how to read the
 * partition's current rows (the engine's read path over the shard's memtables and the table's SSTables) and how to
 * validate the mutation the update returns and name its columns for the commit log record.
 *
 * <p>Thread safety: created on any thread, then handed to the shard writer through {@link WriteShard#offerUpdate};
 * only the writer calls the package-private methods.
 *
 * @param <R> the update's result type
 */
public final class PendingPartitionUpdate<R> {

    /** Reads the partition's live rows of the update's slice at {@code nowSeconds} (runs on the writer). */
    @FunctionalInterface
    public interface CurrentRows {
        List<Row> read(long nowSeconds);
    }

    /** Validates a mutation for the table and returns the column names to encode it with. */
    @FunctionalInterface
    public interface MutationCheck {
        /** @throws InvalidRequestException if the mutation is invalid for its table */
        byte[][] columnNamesOf(Mutation mutation);
    }

    private final TableMetadata table;
    private final DecoratedKey key;
    private final CurrentRows currentRows;
    private final MutationCheck check;
    private final PartitionUpdate<R> update;
    private final CompletableFuture<R> future = new CompletableFuture<>();
    private R result;

    public PendingPartitionUpdate(TableMetadata table, DecoratedKey key, CurrentRows currentRows, MutationCheck check,
                                  PartitionUpdate<R> update) {
        this.table = table;
        this.key = key;
        this.currentRows = currentRows;
        this.check = check;
        this.update = update;
    }

    /** @return completes with the update's result once its mutation is committed per {@code commitlog_sync} */
    public CompletableFuture<R> future() {
        return future;
    }

    /** @return the partition the update reads and writes */
    public DecoratedKey key() {
        return key;
    }

    List<Row> readCurrent(long nowSeconds) {
        return currentRows.read(nowSeconds);
    }

    /**
     * Writer: runs the update on {@code current}; remembers its result.
     *
     * @return the mutation to write, or null
     * @throws InvalidRequestException if the update refuses, or returns a mutation of another table or partition
     */
    Mutation decide(List<Row> current, long writeTimestampMicros, long nowSeconds) {
        PartitionUpdate.Outcome<R> outcome = update.apply(current, writeTimestampMicros, nowSeconds);
        if (outcome == null) {
            throw new IllegalStateException("A partition update returned no outcome");
        }
        Mutation mutation = outcome.mutation();
        if (mutation != null && (!mutation.table().id().equals(table.id()) || !mutation.key().equals(key))) {
            throw new InvalidRequestException("A partition update may only write its own partition of "
                    + table.keyspace() + "." + table.name());
        }
        result = outcome.result();
        return mutation;
    }

    byte[][] columnNamesOf(Mutation mutation) {
        return check.columnNamesOf(mutation);
    }

    /** @return the callback that completes the future with the decided result */
    WriteCallback callback() {
        return new WriteCallback() {
            @Override
            public void onCommitted() {
                future.complete(result);
            }

            @Override
            public void onFailed(Throwable cause) {
                future.completeExceptionally(cause);
            }
        };
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }

    /** @return the largest cell or marker timestamp of {@code rows}, or Long.MIN_VALUE when there is none */
    static long maxTimestampMicros(List<Row> rows) {
        long max = Long.MIN_VALUE;
        for (Row row : rows) {
            max = Math.max(max, row.maxTimestampMicros());
        }
        return max;
    }

    @Override
    public String toString() {
        return "PendingPartitionUpdate(" + table.keyspace() + "." + table.name() + ", " + key + ")";
    }
}
