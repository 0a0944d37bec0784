package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Cassandra's TimeWindowCompactionStrategy (apache/cassandra {@code TimeWindowCompactionStrategy
 * .getBucketAggregates}; reference §4.3): SSTables are grouped by the {@link CompactionWindow} of their max
 * timestamp, and windows are walked from newest to oldest:
 *
 * <pre>
 *   window &gt;= "now" (the highest window ever seen, not the clock)
 *       and &gt;= min_threshold SSTables   -&gt; size-tiered inside the window, most interesting bucket
 *   window &lt; "now" and &gt;= 2 SSTables  -&gt; the whole window, trimmed to its max_threshold smallest SSTables
 *   otherwise                           -&gt; next (older) window
 * </pre>
 *
 * so each closed window ends as one SSTable that is never compacted again, and whole windows expire together.
 *
 * <p>Fully expired SSTables ({@code maxLocalDeletionTimeSeconds < now - gc_grace_seconds}) are left out of every
 * task: the TTL sweeper drops them whole (Scylla's separate expiry job, scylladb#9533) where Cassandra would append
 * them to the chosen task. Rewriting them could not free anything the sweeper's overlap rule keeps.
 *
 * <p>When no window is due, one SSTable (not fully expired) whose droppable tombstones pass
 * {@code tombstone_threshold} is compacted alone ({@link TombstoneCompaction}), but only when
 * {@code tombstone_threshold} or {@code tombstone_compaction_interval} was set explicitly: Cassandra's TWCS disables
 * tombstone compactions otherwise. The output stays in the SSTable's window (the output splitter).
 *
 * <p>Flushes and compactions of a TWCS table write one SSTable per window ({@link #outputSplitter()}), so out-of-order
 * writes never mix windows and every SSTable's min and max timestamps lie in its window.
 *
 * <p>Thread safety: called from the engine's compaction thread only (it remembers the highest window seen);
 * {@link #outputSplitter()} returns a pure function any thread may use.
 */
public final class TimeWindowCompactionStrategy implements CompactionStrategy {

    private final CompactionOptions options;
    private final TimeWindowOptions windows;
    private final long gcGraceSeconds;
    private long highestWindowSeenMillis = Long.MIN_VALUE;

    /**
     * @param options        the shared options (enabled, thresholds)
     * @param windows        the window options and the size-tiered options of the newest window
     * @param gcGraceSeconds the table's {@code gc_grace_seconds}
     */
    public TimeWindowCompactionStrategy(CompactionOptions options, TimeWindowOptions windows, long gcGraceSeconds) {
        this.options = options;
        this.windows = windows;
        this.gcGraceSeconds = gcGraceSeconds;
    }

    /**
     * Groups SSTables by window (pure; exposed for tests and {@code nodetool}-style reports).
     *
     * @return the SSTables of each window, keyed by window, oldest first
     */
    public NavigableMap<CompactionWindow, List<SSTableInfo>> windows(List<SSTableInfo> sstables) {
        NavigableMap<CompactionWindow, List<SSTableInfo>> byWindow = new TreeMap<>();
        for (SSTableInfo sstable : sstables) {
            CompactionWindow window = CompactionWindow.of(sstable.maxTimestampMicros(),
                    windows.timestampResolution(), windows.windowUnit(), windows.windowSize());
            byWindow.computeIfAbsent(window, key -> new ArrayList<>()).add(sstable);
        }
        return byWindow;
    }

    @Override
    public Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> liveSSTables, long nowSeconds) {
        if (!options.enabled()) {
            return Optional.empty();
        }
        long gcBeforeSeconds = nowSeconds - gcGraceSeconds;
        List<SSTableInfo> candidates = new ArrayList<>(liveSSTables.size());
        for (SSTableInfo sstable : liveSSTables) {
            if (sstable.maxLocalDeletionTimeSeconds() >= gcBeforeSeconds) {
                candidates.add(sstable);
            }
        }
        NavigableMap<CompactionWindow, List<SSTableInfo>> byWindow = windows(candidates);
        if (byWindow.isEmpty()) {
            return Optional.empty();
        }
        highestWindowSeenMillis = Math.max(highestWindowSeenMillis, byWindow.lastKey().lowerBoundMillis());
        for (Map.Entry<CompactionWindow, List<SSTableInfo>> entry : byWindow.descendingMap().entrySet()) {
            Optional<CompactionTask> task = taskFor(entry.getKey(), entry.getValue());
            if (task.isPresent()) {
                return task;
            }
        }
        if (!options.tombstoneOptionsGiven()) {
            return Optional.empty();
        }
        return TombstoneCompaction.task(candidates, liveSSTables, options, nowSeconds, gcBeforeSeconds);
    }

    private Optional<CompactionTask> taskFor(CompactionWindow window, List<SSTableInfo> sstables) {
        boolean current = window.lowerBoundMillis() >= highestWindowSeenMillis;
        if (current && sstables.size() >= options.minThreshold()) {
            List<SSTableInfo> bucket = SizeTieredBuckets.mostInterestingBucket(
                    SizeTieredBuckets.buckets(sstables, windows.sizeTiered()), options.minThreshold(),
                    options.maxThreshold());
            if (!bucket.isEmpty()) {
                return Optional.of(new CompactionTask(bucket, "TWCS window " + window + " (newest): size-tiered "
                        + "bucket of " + bucket.size() + " of " + sstables.size() + " SSTables"));
            }
        } else if (!current && sstables.size() >= 2) {
            List<SSTableInfo> smallest = new ArrayList<>(sstables);
            smallest.sort(SizeTieredBuckets.BY_SIZE);
            smallest = smallest.subList(0, Math.min(smallest.size(), options.maxThreshold()));
            return Optional.of(new CompactionTask(smallest, "TWCS window " + window + ": " + smallest.size()
                    + " of " + sstables.size() + " SSTables"));
        }
        return Optional.empty();
    }

    /**
     * Splits flush and compaction output by window, Almanac's answer to out-of-order writes (reference §4.5, §4.6):
     * a row goes to the window of its max timestamp and a partition deletion to the window of its timestamp, so a
     * late write lands in its own window's SSTable and never moves a newer SSTable's expiry or window.
     *
     * <p>Thread safety: the returned function is pure (it reads only the immutable window options).
     *
     * @return {@code timestamp -> lower bound of its CompactionWindow, ms since the epoch}
     */
    @Override
    public Optional<OutputSplitter> outputSplitter() {
        TimeUnit resolution = windows.timestampResolution();
        TimeUnit unit = windows.windowUnit();
        int size = windows.windowSize();
        return Optional.of(timestamp -> CompactionWindow.of(timestamp, resolution, unit, size).lowerBoundMillis());
    }

    /** @return the lower bound of the highest window seen so far ("now" for TWCS), ms; Long.MIN_VALUE before any */
    public long highestWindowSeenMillis() {
        return highestWindowSeenMillis;
    }
}
