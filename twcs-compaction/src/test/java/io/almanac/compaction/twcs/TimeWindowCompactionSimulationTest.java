package io.almanac.compaction.twcs;

import static io.almanac.compaction.twcs.CompactionStrategyContractTest.HOUR_MICROS;
import static io.almanac.compaction.twcs.CompactionStrategyContractTest.START_MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A month of hourly memtable flushes of one IoT table, no disk: after each flush the engine's loop (ask the strategy,
 * merge, repeat until it has nothing to do) runs to quiescence. Checks the TWCS invariants after every step and the
 * write amplification at the end. Optionally every 47th hour's memtable also holds late rows (hints, repair,
 * {@code USING TIMESTAMP} backfill) of an already closed window; the flush splits them with the strategy's
 * {@link TimeWindowCompactionStrategy#outputSplitter()} as the engine does, so they land in their own window's
 * SSTable and no SSTable ever spans windows.
 */
class TimeWindowCompactionSimulationTest {

    private static final int HOURS = 30 * 24;

    private record Outcome(int compactions, double writeAmplification, int maxInNewestWindow, List<SSTableInfo> live) {
    }

    @ParameterizedTest(name = "{0} x {1}, min_threshold {2}, late SSTables {3}")
    @CsvSource({"DAYS, 1, 4, false", "DAYS, 1, 4, true", "HOURS, 6, 4, false", "HOURS, 6, 2, true",
        "HOURS, 1, 4, true", "DAYS, 3, 4, false"})
    void aMonthOfHourlyFlushesConvergesToOneSSTablePerClosedWindow(TimeUnit unit, int size, int minThreshold,
                                                                   boolean late) {
        TimeWindowCompactionStrategy strategy = new TimeWindowCompactionStrategy(
                new CompactionOptions(true, minThreshold, 32, 0.2f, 86_400, false),
                new TimeWindowOptions(unit, size, TimeUnit.MICROSECONDS, 600, false, SizeTieredOptions.DEFAULT),
                864_000);
        Outcome outcome = simulate(strategy, new Random(unit.ordinal() * 31L + size), late);
        NavigableMap<CompactionWindow, List<SSTableInfo>> windows = strategy.windows(outcome.live());
        windows.headMap(windows.lastKey(), false).forEach((window, sstables) ->
                assertThat(sstables).as("closed window %s", window).hasSize(1));
        int flushesPerWindow = (int) (unit.toHours(size));
        // each byte: written by the flush, rewritten at most once per size tier of the newest window (tiers grow by
        // a factor >= min_threshold), once when its window closes, and once more if a late SSTable joins the window
        double tiers = Math.ceil(Math.log(flushesPerWindow) / Math.log(minThreshold));
        double bound = 2 + tiers + (late ? 1 : 0);
        System.out.printf(Locale.ROOT, "TWCS %s x %d, min_threshold %d, late %s: %d flushes, %d compactions, "
                        + "write amplification %.2f (bound %.0f), %d SSTables in %d windows, at most %d in the "
                        + "newest window%n", unit, size, minThreshold, late, HOURS, outcome.compactions(),
                outcome.writeAmplification(), bound, outcome.live().size(), windows.size(),
                outcome.maxInNewestWindow());
        assertThat(outcome.writeAmplification()).isLessThanOrEqualTo(bound);
        assertThat(outcome.maxInNewestWindow()).isLessThanOrEqualTo(Math.max(minThreshold, 3 * (int) tiers + 1));
        assertThat(windows.size()).isEqualTo(30 * 24 / flushesPerWindow + (HOURS % flushesPerWindow == 0 ? 0 : 1));
    }

    private static Outcome simulate(TimeWindowCompactionStrategy strategy, Random random, boolean late) {
        List<SSTableInfo> live = new ArrayList<>();
        long generation = 1;
        long flushedBytes = 0;
        long writtenBytes = 0;
        int compactions = 0;
        int maxInNewestWindow = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            long nowSeconds = (START_MICROS + (hour + 1) * HOUR_MICROS) / 1_000_000;
            List<SSTableInfo> memtable = new ArrayList<>(List.of(flush(0, hour, random)));
            if (late && hour % 47 == 46) {
                memtable.add(flush(0, hour - 1 - random.nextInt(30), random));
            }
            List<SSTableInfo> flushes = splitFlush(strategy, memtable, generation);
            generation += flushes.size();
            for (SSTableInfo flushed : flushes) {
                live.add(flushed);
                flushedBytes += flushed.sizeBytes();
                writtenBytes += flushed.sizeBytes();
            }
            assertNoSSTableSpansWindows(strategy, live);
            for (int step = 0; ; step++) {
                assertThat(step).as("hour %d: compaction must reach quiescence", hour).isLessThan(100);
                Optional<CompactionTask> task = strategy.nextBackgroundTask(live, nowSeconds);
                if (task.isEmpty()) {
                    break;
                }
                live = SSTables.apply(live, task.get(), generation++);
                writtenBytes += task.get().inputs().stream().mapToLong(SSTableInfo::sizeBytes).sum();
                compactions++;
                assertNoSSTableSpansWindows(strategy, live);
            }
            NavigableMap<CompactionWindow, List<SSTableInfo>> windows = strategy.windows(live);
            maxInNewestWindow = Math.max(maxInNewestWindow, windows.lastEntry().getValue().size());
        }
        return new Outcome(compactions, (double) writtenBytes / flushedBytes, maxInNewestWindow, live);
    }

    /**
     * A memtable flush as the engine writes it: the memtable's hours of data grouped by the strategy's split key
     * (the window of their max timestamp), one SSTable per key.
     *
     * @return the SSTables flushed, generations from {@code firstGeneration}
     */
    private static List<SSTableInfo> splitFlush(TimeWindowCompactionStrategy strategy, List<SSTableInfo> memtable,
                                                long firstGeneration) {
        OutputSplitter splitter = strategy.outputSplitter().orElseThrow();
        Map<Long, List<SSTableInfo>> byKey = new TreeMap<>();
        for (SSTableInfo hour : memtable) {
            byKey.computeIfAbsent(splitter.splitKeyOf(hour.maxTimestampMicros()), key -> new ArrayList<>()).add(hour);
        }
        List<SSTableInfo> flushed = new ArrayList<>();
        for (List<SSTableInfo> hours : byKey.values()) {
            flushed.add(SSTables.merge(firstGeneration + flushed.size(), hours));
        }
        return flushed;
    }

    /** One hour of data: timestamps inside that hour, 4-12 MiB. */
    private static SSTableInfo flush(long generation, int hour, Random random) {
        long hourStart = START_MICROS + hour * HOUR_MICROS;
        long size = (4 + random.nextInt(9)) * SSTables.MIB;
        return SSTables.sstable(generation, size, hourStart, hourStart + HOUR_MICROS - 1 - random.nextInt(1_000_000));
    }

    private static void assertNoSSTableSpansWindows(TimeWindowCompactionStrategy strategy, List<SSTableInfo> live) {
        for (SSTableInfo sstable : live) {
            Map.Entry<CompactionWindow, List<SSTableInfo>> entry = strategy.windows(List.of(sstable)).firstEntry();
            assertThat(entry.getKey().contains(sstable.minTimestampMicros() / 1_000))
                    .as("SSTable %d mixes windows", sstable.generation()).isTrue();
        }
    }
}
