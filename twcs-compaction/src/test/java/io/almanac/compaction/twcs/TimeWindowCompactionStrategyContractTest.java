package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

class TimeWindowCompactionStrategyContractTest extends CompactionStrategyContractTest {

    @Override
    CompactionStrategyProvider provider() {
        return new TimeWindowCompactionStrategyProvider();
    }

    @Override
    Map<String, String> baseOptions() {
        return Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME, "compaction_window_unit", "HOURS",
                "compaction_window_size", "1");
    }

    /** SSTables over six hourly windows, newest windows busiest, some holding late (older) data too. */
    @Override
    List<SSTableInfo> randomSSTables(Random random, int count) {
        List<SSTableInfo> sstables = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int hour = 5 - (int) Math.floor(Math.abs(random.nextGaussian()) * 2) % 6;
            long maxTimestamp = START_MICROS + hour * HOUR_MICROS + (long) (random.nextDouble() * HOUR_MICROS);
            long minTimestamp = maxTimestamp - (long) (random.nextDouble() * random.nextDouble() * 2 * HOUR_MICROS);
            long size = (long) Math.pow(2, 10 + random.nextDouble() * 18);
            sstables.add(SSTables.sstable(i, size, minTimestamp, maxTimestamp));
        }
        return sstables;
    }

    /** One SSTable per closed window and fewer than min_threshold (4) in the newest one. */
    @Override
    List<SSTableInfo> stableSSTables(Random random) {
        int windows = 1 + random.nextInt(20);
        List<SSTableInfo> sstables = new ArrayList<>();
        long generation = 1;
        for (int hour = 0; hour < windows - 1; hour++) {
            long max = START_MICROS + hour * HOUR_MICROS + random.nextInt(3_600) * 1_000_000L;
            sstables.add(SSTables.sstable(generation++, 1 + random.nextInt(1 << 30), max - HOUR_MICROS / 2, max));
        }
        int newest = 1 + random.nextInt(3);
        for (int i = 0; i < newest; i++) {
            long max = START_MICROS + (windows - 1) * HOUR_MICROS + random.nextInt(3_600) * 1_000_000L;
            sstables.add(SSTables.sstable(generation++, 1 + random.nextInt(1 << 20), max - 1_000_000L, max));
        }
        return sstables;
    }
}
