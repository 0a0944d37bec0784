package io.almanac.compaction.twcs;

import static io.almanac.compaction.twcs.CompactionStrategyContractTest.HOUR_MICROS;
import static io.almanac.compaction.twcs.CompactionStrategyContractTest.START_MICROS;
import static io.almanac.compaction.twcs.SSTables.MIB;
import static io.almanac.compaction.twcs.SSTables.sstable;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeWindowCompactionStrategyTest {

    private static final long NOW_SECONDS = START_MICROS / 1_000_000 + 86_400;

    private static TimeWindowCompactionStrategy hourly(int minThreshold, int maxThreshold, long gcGraceSeconds) {
        return new TimeWindowCompactionStrategy(new CompactionOptions(true, minThreshold, maxThreshold, 0.2f, 86_400,
                false), new TimeWindowOptions(TimeUnit.HOURS, 1, TimeUnit.MICROSECONDS, 600, false,
                SizeTieredOptions.DEFAULT), gcGraceSeconds);
    }

    /** An SSTable whose max timestamp lies {@code minutes} into hour {@code hour} after the start. */
    private static SSTableInfo inHour(long generation, int hour, int minutes, long sizeBytes) {
        long max = START_MICROS + hour * HOUR_MICROS + minutes * 60_000_000L;
        return sstable(generation, sizeBytes, max - 60_000_000L, max);
    }

    private static List<Long> generations(Optional<CompactionTask> task) {
        return task.orElseThrow().inputs().stream().map(SSTableInfo::generation).sorted().toList();
    }

    @Test
    void theNewestWindowWaitsForMinThreshold() {
        TimeWindowCompactionStrategy strategy = hourly(4, 32, 0);
        List<SSTableInfo> live = new ArrayList<>(List.of(inHour(1, 5, 10, MIB), inHour(2, 5, 20, MIB),
                inHour(3, 5, 30, MIB)));
        assertThat(strategy.nextBackgroundTask(live, NOW_SECONDS)).isEmpty();
        live.add(inHour(4, 5, 40, MIB));
        Optional<CompactionTask> task = strategy.nextBackgroundTask(live, NOW_SECONDS);
        assertThat(generations(task)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(task.orElseThrow().description()).startsWith("TWCS window 2026-01-01T05:00:00Z/PT1H (newest)");
    }

    @Test
    void theNewestWindowIsSizeTiered() {
        TimeWindowCompactionStrategy strategy = hourly(4, 32, 0);
        List<SSTableInfo> live = List.of(inHour(1, 5, 1, 100 * MIB), inHour(2, 5, 2, 110 * MIB),
                inHour(3, 5, 3, 400 * MIB), inHour(4, 5, 4, 120 * MIB), inHour(5, 5, 5, 90 * MIB));
        assertThat(generations(strategy.nextBackgroundTask(live, NOW_SECONDS))).containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void anOlderWindowWithTwoSSTablesIsCompactedWhole() {
        TimeWindowCompactionStrategy strategy = hourly(4, 32, 0);
        List<SSTableInfo> live = List.of(inHour(1, 2, 10, MIB), inHour(2, 2, 50, 900 * MIB), inHour(3, 3, 5, MIB),
                inHour(4, 5, 1, MIB));
        Optional<CompactionTask> task = strategy.nextBackgroundTask(live, NOW_SECONDS);
        assertThat(generations(task)).containsExactly(1L, 2L);
        assertThat(task.orElseThrow().description())
                .isEqualTo("TWCS window 2026-01-01T02:00:00Z/PT1H: 2 of 2 SSTables");
    }

    @Test
    void windowsAreWalkedNewestFirst() {
        TimeWindowCompactionStrategy strategy = hourly(4, 32, 0);
        List<SSTableInfo> live = List.of(inHour(1, 1, 10, MIB), inHour(2, 1, 20, MIB), inHour(3, 3, 5, MIB),
                inHour(4, 3, 6, MIB), inHour(5, 5, 1, MIB));
        assertThat(generations(strategy.nextBackgroundTask(live, NOW_SECONDS))).containsExactly(3L, 4L);
    }

    @Test
    void anOlderWindowIsTrimmedToItsMaxThresholdSmallestSSTables() {
        TimeWindowCompactionStrategy strategy = hourly(2, 3, 0);
        List<SSTableInfo> live = List.of(inHour(1, 1, 1, 50 * MIB), inHour(2, 1, 2, 10 * MIB),
                inHour(3, 1, 3, 30 * MIB), inHour(4, 1, 4, 20 * MIB), inHour(5, 1, 5, 40 * MIB),
                inHour(6, 4, 0, MIB));
        Optional<CompactionTask> task = strategy.nextBackgroundTask(live, NOW_SECONDS);
        assertThat(generations(task)).containsExactly(2L, 3L, 4L);
        assertThat(task.orElseThrow().description()).endsWith("3 of 5 SSTables");
    }

    @Test
    void nowIsTheHighestWindowSeenNotTheClock() {
        TimeWindowCompactionStrategy strategy = hourly(4, 32, 0);
        List<SSTableInfo> old = List.of(inHour(1, 1, 10, MIB), inHour(2, 1, 20, MIB));
        // alone, hour 1 is the newest window: two SSTables wait for min_threshold
        assertThat(strategy.nextBackgroundTask(old, NOW_SECONDS)).isEmpty();
        // one SSTable from a far-future window moves "now" ...
        SSTableInfo future = inHour(3, 24 * 365, 0, MIB);
        List<SSTableInfo> withFuture = new ArrayList<>(old);
        withFuture.add(future);
        assertThat(generations(strategy.nextBackgroundTask(withFuture, NOW_SECONDS))).containsExactly(1L, 2L);
        // ... and it stays moved after that SSTable is gone (reference §4.2)
        assertThat(generations(strategy.nextBackgroundTask(old, NOW_SECONDS))).containsExactly(1L, 2L);
        assertThat(strategy.highestWindowSeenMillis()).isEqualTo((START_MICROS + 24 * 365 * HOUR_MICROS) / 1_000);
    }

    @Test
    void fullyExpiredSSTablesAreLeftToTheSweeper() {
        long gcGrace = 3_600;
        TimeWindowCompactionStrategy strategy = hourly(4, 32, gcGrace);
        long expiredBefore = NOW_SECONDS - gcGrace;
        List<SSTableInfo> live = List.of(
                SSTables.expiring(1, MIB, START_MICROS, START_MICROS + 10, expiredBefore - 1),
                SSTables.expiring(2, MIB, START_MICROS, START_MICROS + 20, expiredBefore - 100),
                inHour(3, 5, 0, MIB));
        assertThat(strategy.nextBackgroundTask(live, NOW_SECONDS)).isEmpty();
        List<SSTableInfo> graceNotOver = List.of(
                SSTables.expiring(1, MIB, START_MICROS, START_MICROS + 10, expiredBefore),
                SSTables.expiring(2, MIB, START_MICROS, START_MICROS + 20, expiredBefore + 100),
                inHour(3, 5, 0, MIB));
        assertThat(generations(hourly(4, 32, gcGrace).nextBackgroundTask(graceNotOver, NOW_SECONDS)))
                .containsExactly(1L, 2L);
    }

    @Test
    void windowsGroupByMaxTimestamp() {
        TimeWindowCompactionStrategy strategy = new TimeWindowCompactionStrategyProvider().create(
                CompactionStrategyContractTest.table(Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME,
                        "compaction_window_unit", "HOURS", "compaction_window_size", "2"))) instanceof
                TimeWindowCompactionStrategy twcs ? twcs : null;
        assertThat(strategy).isNotNull();
        List<SSTableInfo> live = List.of(inHour(1, 0, 0, MIB), inHour(2, 1, 59, MIB), inHour(3, 2, 0, MIB));
        assertThat(strategy.windows(live).values()).extracting(List::size).containsExactly(2, 1);
    }

    @Test
    void outputIsSplitByTheWindowOfEachTimestamp() {
        OutputSplitter splitter = hourly(4, 32, 0).outputSplitter().orElseThrow();
        long hourStartMillis = START_MICROS / 1_000;
        assertThat(splitter.splitKeyOf(START_MICROS)).isEqualTo(hourStartMillis);
        assertThat(splitter.splitKeyOf(START_MICROS + HOUR_MICROS - 1)).isEqualTo(hourStartMillis);
        assertThat(splitter.splitKeyOf(START_MICROS + HOUR_MICROS)).isEqualTo(hourStartMillis + 3_600_000);
        assertThat(splitter.splitKeyOf(START_MICROS - 1)).as("a late point of the hour before")
                .isEqualTo(hourStartMillis - 3_600_000);
        SSTableInfo sstable = inHour(1, 7, 59, MIB);
        assertThat(splitter.splitKeyOf(sstable.maxTimestampMicros()))
                .as("the split key is the window the strategy files the SSTable under")
                .isEqualTo(hourly(4, 32, 0).windows(List.of(sstable)).firstKey().lowerBoundMillis());
    }

    @Test
    void theSplitterHonoursTimestampResolution() {
        TimeWindowCompactionStrategy millis = new TimeWindowCompactionStrategy(new CompactionOptions(true, 4, 32, 0.2f,
                86_400, false), new TimeWindowOptions(TimeUnit.DAYS, 1, TimeUnit.MILLISECONDS, 600, false,
                SizeTieredOptions.DEFAULT), 0);
        long dayMillis = 86_400_000L;
        long dayStartMillis = 20_000 * dayMillis;
        OutputSplitter splitter = millis.outputSplitter().orElseThrow();
        assertThat(splitter.splitKeyOf(dayStartMillis + dayMillis - 1)).isEqualTo(dayStartMillis);
        assertThat(splitter.splitKeyOf(dayStartMillis + dayMillis)).isEqualTo(dayStartMillis + dayMillis);
    }

    @Test
    void sizeTieredDoesNotSplit() {
        SizeTieredCompactionStrategy sizeTiered = new SizeTieredCompactionStrategy(
                new CompactionOptions(true, 4, 32, 0.2f, 86_400, false), SizeTieredOptions.DEFAULT);
        assertThat(sizeTiered.outputSplitter()).isEmpty();
    }
}
