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
 * <p>Left out: Cassandra's single-SSTable tombstone compaction (needs a droppable-tombstone estimate and the
 * SSTable's creation time, which {@link SSTableInfo} does not carry); the tombstone options are validated and kept.
 *
 * <p>Thread safety: stateless after construction; called from the engine's compaction thread.
 */
public final class SizeTieredCompactionStrategy implements CompactionStrategy {

    private final CompactionOptions options;
    private final SizeTieredOptions sizeTiered;

    /**
     * @param options    the shared options (enabled, thresholds)
     * @param sizeTiered bucket_low, bucket_high, min_sstable_size
     */
    public SizeTieredCompactionStrategy(CompactionOptions options, SizeTieredOptions sizeTiered) {
        this.options = options;
        this.sizeTiered = sizeTiered;
    }

    @Override
    public Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> liveSSTables, long nowSeconds) {
        if (!options.enabled()) {
            return Optional.empty();
        }
        List<SSTableInfo> bucket = SizeTieredBuckets.mostInterestingBucket(
                SizeTieredBuckets.buckets(liveSSTables, sizeTiered), options.minThreshold(), options.maxThreshold());
        if (bucket.isEmpty()) {
            return Optional.empty();
        }
        long averageBytes = bucket.stream().mapToLong(SSTableInfo::sizeBytes).sum() / bucket.size();
        return Optional.of(new CompactionTask(bucket, "STCS bucket of " + bucket.size() + " SSTables averaging "
                + averageBytes + " bytes"));
    }
}
