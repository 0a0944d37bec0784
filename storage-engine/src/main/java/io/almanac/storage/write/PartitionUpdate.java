package io.almanac.storage.write;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import java.util.List;

/**
 * A read-modify-write of one partition that runs ON the partition's shard writer thread (lightweight transactions,
 * counters, collection element updates): it sees the partition's current rows and decides what to write. Because
 * the shard writer is the one thread that applies writes to the partition, nothing is applied to the partition
 * between the read and the write: two updates of one partition never interleave (linearizable per partition on one
 * node).
 *
 * <p>Thread safety: {@link #apply} is called once, on a shard writer thread; it must not block (no I/O, no waiting
 * on futures of the engine) and should be quick, since the shard serves nothing else meanwhile.
 *
 * @param <R> what the update reports to its caller (e.g. whether an {@code IF} condition applied)
 */
@FunctionalInterface
public interface PartitionUpdate<R> {

    /**
     * @param currentRows          the live rows of the requested clustering slice as a read sees them now (memtables
     *                             and SSTables merged and reconciled, tombstones and expired cells removed), in
     *                             clustering order
     * @param writeTimestampMicros the timestamp to write with, microseconds since the epoch: the writer's clock, but
     *                             strictly greater than every timestamp in {@code currentRows} and than the
     *                             timestamp given to the previous update of this shard
     * @param nowSeconds           "now" of the read, seconds since the epoch (base of TTL expiry and deletion times)
     * @return the mutation to write (of the same table and partition) and the result
     * @throws RuntimeException to refuse the update (e.g. an
     *         {@link io.almanac.storage.schema.InvalidRequestException} for a bad value): nothing is written, the
     *         caller's future fails with it, and it is not counted as an engine error
     */
    Outcome<R> apply(List<Row> currentRows, long writeTimestampMicros, long nowSeconds);

    /**
     * What an update decided.
     *
     * @param mutation the mutation to write, or null to write nothing
     * @param result   what the caller's future completes with
     * @param <R>      the result type
     */
    record Outcome<R>(Mutation mutation, R result) {

        /** @return an outcome that writes {@code mutation} */
        public static <R> Outcome<R> write(Mutation mutation, R result) {
            return new Outcome<>(mutation, result);
        }

        /** @return an outcome that writes nothing */
        public static <R> Outcome<R> unchanged(R result) {
            return new Outcome<>(null, result);
        }
    }
}
