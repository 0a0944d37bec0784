package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Size-tiered bucketing as Cassandra does it ({@code SizeTieredCompactionStrategy.getBuckets} and
 * {@code mostInterestingBucket}), as pure functions over SSTable metadata.
 *
 * <pre>
 *   sizes ascending:  1  1  2 | 9 10 12 | 40 | 200 210
 *                     \_____/   \_____/   \/   \_____/
 *   a size joins the first bucket whose average a satisfies
 *     bucket_low x a &lt; size &lt; bucket_high x a   or   size &lt; min_sstable_size and a &lt; min_sstable_size
 * </pre>
 *
 * <p>Differences from Cassandra, all in determinism: buckets are tried in creation order (Cassandra iterates a
 * hash map), and a bucket keeps its exact byte total (Cassandra re-derives it from a rounded average). Almanac keeps
 * no read meters, so every bucket is equally "hot" and Cassandra's tie-break decides: the bucket with the smallest
 * average size wins, trimmed to its {@code max_threshold} smallest SSTables.
 *
 * <p>Thread safety: stateless.
 */
public final class SizeTieredBuckets {

    /** Smallest first; generation breaks ties so results never depend on input order. */
    public static final Comparator<SSTableInfo> BY_SIZE = Comparator.comparingLong(SSTableInfo::sizeBytes)
            .thenComparingLong(SSTableInfo::generation);

    private SizeTieredBuckets() {
    }

    /**
     * @param sstables the SSTables to group
     * @param options  bucket_low, bucket_high, min_sstable_size
     * @return the buckets, each sorted by size ascending, in creation order
     */
    public static List<List<SSTableInfo>> buckets(Collection<SSTableInfo> sstables, SizeTieredOptions options) {
        List<SSTableInfo> sorted = new ArrayList<>(sstables);
        sorted.sort(BY_SIZE);
        List<List<SSTableInfo>> buckets = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (SSTableInfo sstable : sorted) {
            long size = sstable.sizeBytes();
            int chosen = -1;
            for (int i = 0; i < buckets.size() && chosen < 0; i++) {
                double average = (double) totals.get(i) / buckets.get(i).size();
                boolean similar = size > average * options.bucketLow() && size < average * options.bucketHigh();
                boolean bothSmall = size < options.minSSTableSizeBytes() && average < options.minSSTableSizeBytes();
                if (similar || bothSmall) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                buckets.add(new ArrayList<>());
                totals.add(0L);
                chosen = buckets.size() - 1;
            }
            buckets.get(chosen).add(sstable);
            totals.set(chosen, totals.get(chosen) + size);
        }
        return buckets;
    }

    /**
     * @param buckets      buckets from {@link #buckets}
     * @param minThreshold SSTables a bucket needs after trimming
     * @param maxThreshold SSTables a bucket is trimmed to (its smallest)
     * @return the trimmed bucket with the smallest average size among those with at least {@code minThreshold}
     *         SSTables, or an empty list
     */
    public static List<SSTableInfo> mostInterestingBucket(List<List<SSTableInfo>> buckets, int minThreshold,
                                                          int maxThreshold) {
        List<SSTableInfo> best = List.of();
        double bestAverage = Double.MAX_VALUE;
        for (List<SSTableInfo> bucket : buckets) {
            List<SSTableInfo> trimmed = bucket.subList(0, Math.min(bucket.size(), maxThreshold));
            if (trimmed.size() < minThreshold) {
                continue;
            }
            double average = trimmed.stream().mapToLong(SSTableInfo::sizeBytes).average().orElse(0);
            if (average < bestAverage) {
                best = trimmed;
                bestAverage = average;
            }
        }
        return List.copyOf(best);
    }
}
