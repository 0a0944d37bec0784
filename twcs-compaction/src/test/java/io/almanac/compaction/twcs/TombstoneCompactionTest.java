package io.almanac.compaction.twcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.compaction.TombstoneHistogram;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Single-SSTable tombstone compaction in both strategies, on synthetic metadata with an explicit "now" (no disk, no
 * clock): the interval, the threshold, the overlap check, the oldest-first choice and TWCS's explicit-option rule.
 */
class TombstoneCompactionTest {

    /** 2026-01-01T00:00:00Z. */
    private static final long START_SECONDS = 1_767_225_600L;
    private static final long START_MICROS = START_SECONDS * 1_000_000L;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final long DAY_SECONDS = 86_400L;
    /** gc_grace_seconds of the tables here. */
    private static final long GC_GRACE_SECONDS = 3_600L;

    /**
     * An SSTable of 1,000 cells written (created) at {@code createdSeconds}, its data one hour from
     * {@code minTimestampMicros}, {@code deleted} of the cells deleted at {@code createdSeconds}.
     */
    private static SSTableInfo sstable(long generation, long createdSeconds, long minTimestampMicros,
                                       long minToken, long maxToken, long deleted) {
        TombstoneHistogram dropTimes = deleted == 0 ? TombstoneHistogram.EMPTY
                : TombstoneHistogram.of(new long[] {createdSeconds}, new long[] {deleted});
        return new SSTableInfo(generation, 10 * SSTables.MIB, 100, 1_000, minTimestampMicros,
                minTimestampMicros + HOUR_MICROS - 1, Long.MAX_VALUE, minToken, maxToken, deleted, 1_000,
                createdSeconds, dropTimes);
    }

    private static SSTableInfo wholeRing(long generation, long createdSeconds, long minTimestampMicros, long deleted) {
        return sstable(generation, createdSeconds, minTimestampMicros, Long.MIN_VALUE, Long.MAX_VALUE, deleted);
    }

    private static TimeWindowCompactionStrategy twcs(Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("class",
                TimeWindowCompactionStrategyProvider.CLASS_NAME, "compaction_window_unit", "HOURS",
                "compaction_window_size", "1"));
        options.putAll(extra);
        return new TimeWindowCompactionStrategy(CompactionOptions.parse(options), TimeWindowOptions.parse(options,
                false), GC_GRACE_SECONDS);
    }

    private static SizeTieredCompactionStrategy stcs(Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("class",
                SizeTieredCompactionStrategyProvider.CLASS_NAME));
        options.putAll(extra);
        return new SizeTieredCompactionStrategy(CompactionOptions.parse(options), SizeTieredOptions.parse(options),
                GC_GRACE_SECONDS);
    }

    private static List<Long> inputs(Optional<CompactionTask> task) {
        return task.map(t -> t.inputs().stream().map(SSTableInfo::generation).toList()).orElse(List.of());
    }

    @Test
    void sizeTieredCompactsAnSSTableAloneOnceItsTombstonesAreDroppableAndTheIntervalPassed() {
        CompactionStrategy strategy = stcs(Map.of());
        SSTableInfo deleted = wholeRing(1, START_SECONDS, START_MICROS, 300);
        List<SSTableInfo> live = List.of(deleted);

        // the tombstones are not yet past gc_grace_seconds, and the default interval is one day
        assertThat(strategy.nextBackgroundTask(live, START_SECONDS + GC_GRACE_SECONDS)).isEmpty();
        // past gc grace but younger than tombstone_compaction_interval (86400 s)
        assertThat(strategy.nextBackgroundTask(live, START_SECONDS + DAY_SECONDS - 1)).isEmpty();
        Optional<CompactionTask> task = strategy.nextBackgroundTask(live, START_SECONDS + DAY_SECONDS);
        assertThat(inputs(task)).containsExactly(1L);
        assertThat(task.get().description()).contains("tombstone compaction of SSTable 1", "30.0%");
    }

    @Test
    void theRatioMustExceedTheThresholdStrictly() {
        long now = START_SECONDS + 2 * DAY_SECONDS;
        List<SSTableInfo> live = List.of(wholeRing(1, START_SECONDS, START_MICROS, 200));
        assertThat(stcs(Map.of()).nextBackgroundTask(live, now)).isEmpty();                // 0.2 is not > 0.2
        assertThat(stcs(Map.of("tombstone_threshold", "0.19")).nextBackgroundTask(live, now)).isPresent();
        assertThat(stcs(Map.of("tombstone_compaction_interval", String.valueOf(3 * DAY_SECONDS),
                "tombstone_threshold", "0.19")).nextBackgroundTask(live, now)).isEmpty();
    }

    @Test
    void aRegularBucketComesFirstAndTheOldestQualifyingSSTableIsTakenAlone() {
        long now = START_SECONDS + 10 * DAY_SECONDS;
        // four similar SSTables form a size-tiered bucket: that task wins
        List<SSTableInfo> bucket = List.of(wholeRing(1, START_SECONDS, START_MICROS, 500),
                wholeRing(2, START_SECONDS, START_MICROS, 0), wholeRing(3, START_SECONDS, START_MICROS, 0),
                wholeRing(4, START_SECONDS, START_MICROS, 0));
        assertThat(inputs(stcs(Map.of()).nextBackgroundTask(bucket, now))).hasSize(4);

        // disjoint token ranges, so no overlap; generation 3 is the oldest qualifying one
        List<SSTableInfo> live = List.of(sstable(1, START_SECONDS + 2 * DAY_SECONDS, START_MICROS, 0, 9, 900),
                sstable(2, START_SECONDS, START_MICROS, 10, 19, 100),
                sstable(3, START_SECONDS + DAY_SECONDS, START_MICROS, 20, 29, 400));
        assertThat(inputs(stcs(Map.of()).nextBackgroundTask(live, now))).containsExactly(3L);
    }

    @Test
    void olderOverlappingDataBlocksTheCompactionUnlessUnchecked() {
        long now = START_SECONDS + 10 * DAY_SECONDS;
        SSTableInfo deletes = wholeRing(2, START_SECONDS + DAY_SECONDS, START_MICROS + 24 * HOUR_MICROS, 500);
        SSTableInfo olderData = wholeRing(1, START_SECONDS, START_MICROS, 0);
        SSTableInfo newerData = wholeRing(3, START_SECONDS + 2 * DAY_SECONDS, START_MICROS + 48 * HOUR_MICROS, 0);

        // older data over the whole ring may be shadowed by the tombstones: purging them would resurrect it
        assertThat(stcs(Map.of()).nextBackgroundTask(List.of(olderData, deletes), now)).isEmpty();
        assertThat(inputs(stcs(Map.of("unchecked_tombstone_compaction", "true"))
                .nextBackgroundTask(List.of(olderData, deletes), now))).containsExactly(2L);
        // newer data cannot be shadowed by them
        assertThat(inputs(stcs(Map.of()).nextBackgroundTask(List.of(deletes, newerData), now)))
                .containsExactly(2L);
    }

    @Test
    void aPartialOverlapCountsOnlyTheUncoveredShareOfTheTokenRange() {
        long now = START_SECONDS + 10 * DAY_SECONDS;
        SSTableInfo deletes = sstable(2, START_SECONDS + DAY_SECONDS, START_MICROS + 24 * HOUR_MICROS, 0, 1_000,
                500);
        // covers 60% of its range: 0.4 * 0.5 = 0.2, not > 0.2
        SSTableInfo sixtyPercent = sstable(1, START_SECONDS, START_MICROS, 400, 5_000, 0);
        // covers 20%: 0.8 * 0.5 = 0.4 > 0.2
        SSTableInfo twentyPercent = sstable(1, START_SECONDS, START_MICROS, -5_000, 200, 0);

        assertThat(TombstoneCompaction.uncoveredTokenFraction(deletes, List.of(sixtyPercent))).isCloseTo(0.4,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stcs(Map.of()).nextBackgroundTask(List.of(sixtyPercent, deletes), now)).isEmpty();
        assertThat(inputs(stcs(Map.of()).nextBackgroundTask(List.of(twentyPercent, deletes), now)))
                .containsExactly(2L);
        assertThat(TombstoneCompaction.uncoveredTokenFraction(deletes, List.of(sixtyPercent, twentyPercent)))
                .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void timeWindowCompactsAloneOnlyWhenATombstoneOptionWasGiven() {
        long now = START_SECONDS + 10 * DAY_SECONDS;
        // one SSTable per closed hourly window: no window task is due
        List<SSTableInfo> live = List.of(wholeRing(1, START_SECONDS, START_MICROS, 600),
                wholeRing(2, START_SECONDS + 3_600, START_MICROS + HOUR_MICROS, 0));

        assertThat(twcs(Map.of()).nextBackgroundTask(live, now)).isEmpty();
        assertThat(twcs(Map.of("unchecked_tombstone_compaction", "true")).nextBackgroundTask(live, now)).isEmpty();
        assertThat(inputs(twcs(Map.of("tombstone_threshold", "0.2")).nextBackgroundTask(live, now)))
                .containsExactly(1L);
        assertThat(inputs(twcs(Map.of("tombstone_compaction_interval", "86400")).nextBackgroundTask(live, now)))
                .containsExactly(1L);
    }

    @Test
    void timeWindowLeavesFullyExpiredSSTablesToTheSweeper() {
        long now = START_SECONDS + 10 * DAY_SECONDS;
        SSTableInfo expired = new SSTableInfo(1, SSTables.MIB, 100, 1_000, START_MICROS,
                START_MICROS + HOUR_MICROS - 1, START_SECONDS + 3_600, Long.MIN_VALUE, Long.MAX_VALUE, 0, 1_000,
                START_SECONDS, TombstoneHistogram.of(new long[] {START_SECONDS + 3_600}, new long[] {1_000}));
        assertThat(twcs(Map.of("tombstone_threshold", "0.2")).nextBackgroundTask(List.of(expired), now)).isEmpty();
    }
}
