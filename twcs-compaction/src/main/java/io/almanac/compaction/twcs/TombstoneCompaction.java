package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-SSTable tombstone compaction, the fallback of Cassandra's strategies when no other background compaction
 * is due (apache/cassandra {@code AbstractCompactionStrategy.worthDroppingTombstones}, the end of
 * {@code SizeTieredCompactionStrategy.getNextBackgroundSSTables} and of
 * {@code TimeWindowCompactionStrategy.getNextNonExpiredSSTables}): rewrite one SSTable alone so the engine's purge
 * ({@code CompactionPurger}) drops its tombstones and expired cells older than gc_grace_seconds.
 *
 * <p>An SSTable is worth it when all of these hold:
 * <pre>
 *   now &gt;= creationTime + tombstone_compaction_interval     (estimates may be wrong: never rewrite it in a loop)
 *   droppableTombstoneRatio(now - gc_grace_seconds) &gt; tombstone_threshold   (strictly, as Cassandra)
 *   unchecked_tombstone_compaction, or no other live SSTable overlaps it, or
 *     (fraction of its token range no overlapping SSTable covers) * ratio &gt; tombstone_threshold
 * </pre>
 * Another SSTable overlaps when its token range meets this one's and its min timestamp is not after this one's max
 * timestamp: it may hold data older than some of the tombstones, so the purge must keep them (an SSTable of newer
 * data cannot be shadowed by them). Cassandra estimates the keys outside the overlapping ranges from its index
 * summary; Almanac's partitions are spread uniformly by the Murmur3 token, so the uncovered share of the token range
 * estimates that share of keys (and, as in Cassandra, of cells). Like Cassandra, an SSTable with fewer than two
 * partitions that is overlapped is not worth it (too few keys to estimate).
 *
 * <p>Of the SSTables worth it, the oldest (smallest creation time, then generation) is compacted, so each gets its
 * turn; Cassandra takes the largest (STCS) or smallest (TWCS).
 *
 * <p>Thread safety: stateless; pure functions of their arguments.
 */
final class TombstoneCompaction {

    private static final Comparator<SSTableInfo> OLDEST_FIRST = Comparator
            .comparingLong(SSTableInfo::creationTimeSeconds).thenComparingLong(SSTableInfo::generation);

    private TombstoneCompaction() {
    }

    /**
     * @param candidates      the SSTables that may be compacted alone
     * @param liveSSTables    every live SSTable not being compacted (for the overlap check; may include candidates)
     * @param nowSeconds      now, seconds since the epoch, from the node's clock
     * @param gcBeforeSeconds {@code now - gc_grace_seconds}
     * @return a task compacting the oldest candidate worth it alone, or empty
     */
    static Optional<CompactionTask> task(List<SSTableInfo> candidates, List<SSTableInfo> liveSSTables,
                                         CompactionOptions options, long nowSeconds, long gcBeforeSeconds) {
        Optional<SSTableInfo> oldest = candidates.stream()
                .filter(sstable -> worthDroppingTombstones(sstable, liveSSTables, options, nowSeconds,
                        gcBeforeSeconds))
                .min(OLDEST_FIRST);
        return oldest.map(sstable -> new CompactionTask(List.of(sstable), String.format(Locale.ROOT,
                "tombstone compaction of SSTable %d: %.1f%% droppable tombstones (tombstone_threshold %.2f)",
                sstable.generation(), 100 * sstable.droppableTombstoneRatio(gcBeforeSeconds),
                options.tombstoneThreshold())));
    }

    /** @return whether compacting {@code sstable} alone is expected to drop enough tombstones (see class doc) */
    static boolean worthDroppingTombstones(SSTableInfo sstable, List<SSTableInfo> liveSSTables,
                                           CompactionOptions options, long nowSeconds, long gcBeforeSeconds) {
        if (nowSeconds < sstable.creationTimeSeconds() + options.tombstoneCompactionIntervalSeconds()) {
            return false;
        }
        double ratio = sstable.droppableTombstoneRatio(gcBeforeSeconds);
        if (ratio <= options.tombstoneThreshold()) {
            return false;
        }
        if (options.uncheckedTombstoneCompaction()) {
            return true;
        }
        List<SSTableInfo> overlapping = overlapping(sstable, liveSSTables);
        if (overlapping.isEmpty()) {
            return true;
        }
        if (sstable.partitionCount() < 2) {
            return false;
        }
        return uncoveredTokenFraction(sstable, overlapping) * ratio > options.tombstoneThreshold();
    }

    /** @return the other SSTables whose data the tombstones of {@code sstable} may shadow (see class doc) */
    static List<SSTableInfo> overlapping(SSTableInfo sstable, List<SSTableInfo> liveSSTables) {
        List<SSTableInfo> overlapping = new ArrayList<>();
        for (SSTableInfo other : liveSSTables) {
            if (other.generation() != sstable.generation() && other.overlaps(sstable)
                    && other.minTimestampMicros() <= sstable.maxTimestampMicros()) {
                overlapping.add(other);
            }
        }
        return overlapping;
    }

    /**
     * @return the share, in [0, 1], of the token range [minToken, maxToken] of {@code sstable} that no token range
     *         of {@code overlapping} covers
     */
    static double uncoveredTokenFraction(SSTableInfo sstable, List<SSTableInfo> overlapping) {
        double start = sstable.minToken();
        double end = sstable.maxToken();
        double width = end - start;
        if (width <= 0) {
            return overlapping.isEmpty() ? 1 : 0;
        }
        List<double[]> ranges = new ArrayList<>();
        for (SSTableInfo other : overlapping) {
            ranges.add(new double[] {Math.max(start, other.minToken()), Math.min(end, other.maxToken())});
        }
        ranges.sort(Comparator.comparingDouble(range -> range[0]));
        double covered = 0;
        double reached = start;
        for (double[] range : ranges) {
            double from = Math.max(range[0], reached);
            if (range[1] > from) {
                covered += range[1] - from;
                reached = range[1];
            }
        }
        return Math.max(0, 1 - covered / width);
    }
}
