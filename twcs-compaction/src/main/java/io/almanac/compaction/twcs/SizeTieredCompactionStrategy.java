package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.List;
import java.util.Optional;

/**
 * Cassandra's SizeTieredCompactionStrategy for tables that are not time series: group SSTables of similar size
 * ({@link SizeTieredBuckets}) and merge the most interesting bucket once it holds {@code min_threshold} SSTables, at
 * most {@code max_threshold} at a time.
 *
 * <p>When no bucket is due, one SSTable whose droppable tombstones pass {@code tombstone_threshold} is compacted alone
 * ({@link TombstoneCompaction}, Cassandra's fallback in {@code getNextBackgroundSSTables}).
 *
 * <p>Thread safety: stateless after construction; called from the engine's compaction thread.
 */
public final class SizeTieredCompactionStrategy implements CompactionStrategy {

    private final CompactionOptions options;
    private final SizeTieredOptions sizeTiered;
    private final long gcGraceSeconds;

    /**
     * @param options        the shared options (enabled, thresholds, tombstone options)
     * @param sizeTiered     bucket_low, bucket_high, min_sstable_size
     * @param gcGraceSeconds the table's {@code gc_grace_seconds}
     */
    public SizeTieredCompactionStrategy(CompactionOptions options, SizeTieredOptions sizeTiered,
                                        long gcGraceSeconds) {
        this.options = options;
        this.sizeTiered = sizeTiered;
        this.gcGraceSeconds = gcGraceSeconds;
    }

    /** A strategy for a table with Cassandra's default {@code gc_grace_seconds} (864000, ten days). */
    public SizeTieredCompactionStrategy(CompactionOptions options, SizeTieredOptions sizeTiered) {
        this(options, sizeTiered, 864_000L);
    }

    @Override
    public Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> liveSSTables, long nowSeconds) {
        if (!options.enabled()) {
            return Optional.empty();
        }
        List<SSTableInfo> bucket = SizeTieredBuckets.mostInterestingBucket(
                SizeTieredBuckets.buckets(liveSSTables, sizeTiered), options.minThreshold(), options.maxThreshold());
        if (bucket.isEmpty()) {
            return TombstoneCompaction.task(liveSSTables, liveSSTables, options, nowSeconds,
                    nowSeconds - gcGraceSeconds);
        }
        long averageBytes = bucket.stream().mapToLong(SSTableInfo::sizeBytes).sum() / bucket.size();
        return Optional.of(new CompactionTask(bucket, "STCS bucket of " + bucket.size() + " SSTables averaging "
                + averageBytes + " bytes"));
    }
}
