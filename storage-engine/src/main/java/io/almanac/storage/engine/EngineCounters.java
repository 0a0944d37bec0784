package io.almanac.storage.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's I/O counters since open, for {@code nodetool} and the storage benchmark: bytes flushes write, bytes
 * compactions read and how long they run, and how many SSTables partition reads consult (Cassandra's
 * {@code SSTablesPerReadHistogram}, kept as a sum and a count).
 *
 * <p>Thread safety: every method from any thread ({@link LongAdder}s: cheap on the read path's many threads).
 */
final class EngineCounters {

    private final LongAdder flushBytesWritten = new LongAdder();
    private final LongAdder compactionBytesRead = new LongAdder();
    private final LongAdder compactionNanos = new LongAdder();
    private final LongAdder partitionReads = new LongAdder();
    private final LongAdder partitionReadSSTables = new LongAdder();

    /** @param sizeBytes all components of one SSTable a flush wrote, bytes */
    void flushed(long sizeBytes) {
        flushBytesWritten.add(sizeBytes);
    }

    /**
     * @param inputBytes all components of the compaction's inputs, bytes
     * @param nanos      the compaction's wall time, nanoseconds (a duration measured with {@code System.nanoTime})
     */
    void compacted(long inputBytes, long nanos) {
        compactionBytesRead.add(inputBytes);
        compactionNanos.add(nanos);
    }

    /** @param sstables SSTables whose partition index held the key read */
    void partitionRead(int sstables) {
        partitionReads.increment();
        partitionReadSSTables.add(sstables);
    }

    long flushBytesWritten() {
        return flushBytesWritten.sum();
    }

    long compactionBytesRead() {
        return compactionBytesRead.sum();
    }

    long compactionNanos() {
        return compactionNanos.sum();
    }

    long partitionReads() {
        return partitionReads.sum();
    }

    long partitionReadSSTables() {
        return partitionReadSSTables.sum();
    }
}
