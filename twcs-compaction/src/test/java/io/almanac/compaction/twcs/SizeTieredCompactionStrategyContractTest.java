package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

class SizeTieredCompactionStrategyContractTest extends CompactionStrategyContractTest {

    @Override
    CompactionStrategyProvider provider() {
        return new SizeTieredCompactionStrategyProvider();
    }

    @Override
    Map<String, String> baseOptions() {
        return Map.of("class", SizeTieredCompactionStrategyProvider.CLASS_NAME);
    }

    /** Sizes log-uniform from 1 KiB to 4 GiB, timestamps anywhere in a day. */
    @Override
    List<SSTableInfo> randomSSTables(Random random, int count) {
        List<SSTableInfo> sstables = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            long size = (long) Math.pow(2, 10 + random.nextDouble() * 22);
            long max = START_MICROS + (long) (random.nextDouble() * 24 * HOUR_MICROS);
            sstables.add(SSTables.sstable(i, size, max - HOUR_MICROS, max));
        }
        return sstables;
    }

    /** Sizes a factor four apart (each its own tier) plus fewer than min_threshold small SSTables. */
    @Override
    List<SSTableInfo> stableSSTables(Random random) {
        List<SSTableInfo> sstables = new ArrayList<>();
        long generation = 1;
        for (int tier = 0; tier < 7; tier++) {
            if (random.nextBoolean()) {
                long size = (long) (64 * SSTables.MIB * Math.pow(4, tier) * (1 + random.nextDouble() * 0.2));
                sstables.add(SSTables.sstable(generation++, size, START_MICROS, START_MICROS + HOUR_MICROS));
            }
        }
        int small = random.nextInt(4);
        for (int i = 0; i < small; i++) {
            sstables.add(SSTables.sstable(generation++, 1 + random.nextInt(10 << 20), START_MICROS, START_MICROS + 1));
        }
        return sstables;
    }
}
