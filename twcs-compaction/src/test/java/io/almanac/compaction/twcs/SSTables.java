package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Synthetic SSTable metadata for strategy tests and simulations: no disk, only what strategies look at. */
final class SSTables {

    static final long MIB = 1024L * 1024;

    private SSTables() {
    }

    /** @return an SSTable of live, non-expiring data covering the whole token ring */
    static SSTableInfo sstable(long generation, long sizeBytes, long minTimestampMicros, long maxTimestampMicros) {
        return new SSTableInfo(generation, sizeBytes, 100, 1_000, minTimestampMicros, maxTimestampMicros,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    /** @return an SSTable whose newest cell expires (or was deleted) at {@code maxLocalDeletionTimeSeconds} */
    static SSTableInfo expiring(long generation, long sizeBytes, long minTimestampMicros, long maxTimestampMicros,
                                long maxLocalDeletionTimeSeconds) {
        return new SSTableInfo(generation, sizeBytes, 100, 1_000, minTimestampMicros, maxTimestampMicros,
                maxLocalDeletionTimeSeconds, Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    /** @return what merging {@code inputs} without dropping anything produces */
    static SSTableInfo merge(long generation, List<SSTableInfo> inputs) {
        long size = 0;
        long partitions = 0;
        long rows = 0;
        long minTimestamp = Long.MAX_VALUE;
        long maxTimestamp = Long.MIN_VALUE;
        long maxDeletion = Long.MIN_VALUE;
        long minToken = Long.MAX_VALUE;
        long maxToken = Long.MIN_VALUE;
        long tombstones = 0;
        for (SSTableInfo input : inputs) {
            size += input.sizeBytes();
            partitions += input.partitionCount();
            rows += input.rowCount();
            minTimestamp = Math.min(minTimestamp, input.minTimestampMicros());
            maxTimestamp = Math.max(maxTimestamp, input.maxTimestampMicros());
            maxDeletion = Math.max(maxDeletion, input.maxLocalDeletionTimeSeconds());
            minToken = Math.min(minToken, input.minToken());
            maxToken = Math.max(maxToken, input.maxToken());
            tombstones += input.tombstoneCount();
        }
        return new SSTableInfo(generation, size, partitions, rows, minTimestamp, maxTimestamp, maxDeletion, minToken,
                maxToken, tombstones);
    }

    /**
     * Checks the task against the live set and replaces its inputs by their merge.
     *
     * @return the new live set
     * @throws AssertionError when the task takes an SSTable twice or one that is not live
     */
    static List<SSTableInfo> apply(List<SSTableInfo> live, CompactionTask task, long outputGeneration) {
        Set<Long> liveGenerations = new HashSet<>();
        live.forEach(sstable -> liveGenerations.add(sstable.generation()));
        Set<Long> inputs = new HashSet<>();
        for (SSTableInfo input : task.inputs()) {
            if (!inputs.add(input.generation())) {
                throw new AssertionError("SSTable " + input.generation() + " taken twice by " + task);
            }
            if (!liveGenerations.contains(input.generation()) || !live.contains(input)) {
                throw new AssertionError("SSTable " + input.generation() + " is not live: " + task);
            }
        }
        List<SSTableInfo> next = new ArrayList<>();
        for (SSTableInfo sstable : live) {
            if (!inputs.contains(sstable.generation())) {
                next.add(sstable);
            }
        }
        next.add(merge(outputGeneration, task.inputs()));
        return next;
    }
}
