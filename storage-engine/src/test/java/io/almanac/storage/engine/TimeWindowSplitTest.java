package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.write;
import static io.almanac.storage.engine.TestTimeWindowStrategyProvider.HOURLY;
import static io.almanac.storage.engine.TestTimeWindowStrategyProvider.HOUR_MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flushes and compactions of a table whose strategy splits output by time window write one SSTable per window:
 * late rows never mix windows, deletions go to the window of their timestamp, and reads see the same rows.
 */
class TimeWindowSplitTest {

    /** The first hour boundary after {@link EngineFixture#START_MICROS}: hour 0 of these tests. */
    private static final long BASE_MICROS = (START_MICROS / HOUR_MICROS + 1) * HOUR_MICROS;
    private static final List<String> DEVICES = List.of("d0", "d1", "d2");

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    private ShardedStorageEngine open() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        return ShardedStorageEngine.open(config, clock, List.of(new TestCompactionStrategyProvider(),
                new TestTimeWindowStrategyProvider()));
    }

    private static TableMetadata createTable(ShardedStorageEngine engine, String compactionClass, int minThreshold) {
        engine.createKeyspace(EngineFixture.keyspace(), true);
        TableMetadata table = EngineFixture.readings(TableParams.DEFAULT.withCompaction(Map.of("class",
                compactionClass, "min_threshold", Integer.toString(minThreshold))));
        engine.createTable(table, true);
        return table;
    }

    /** @return the timestamp of minute {@code minute} of hour {@code hour}, micros */
    private static long at(int hour, int minute) {
        return BASE_MICROS + hour * HOUR_MICROS + minute * 60_000_000L;
    }

    /** A point whose clustering ts is its own write timestamp (micros), as devices write them. */
    private static void point(ShardedStorageEngine engine, TableMetadata table, String device, long timestampMicros,
                              double value) {
        write(engine, insert(table, device, timestampMicros, value, timestampMicros));
    }

    private static long window(long timestampMicros) {
        return HOURLY.splitKeyOf(timestampMicros);
    }

    private static Set<Long> windowsOf(List<SSTableInfo> sstables) {
        for (SSTableInfo sstable : sstables) {
            assertThat(window(sstable.minTimestampMicros())).as("SSTable %d mixes windows", sstable.generation())
                    .isEqualTo(window(sstable.maxTimestampMicros()));
        }
        return sstables.stream().map(s -> window(s.maxTimestampMicros()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return every device's rows at {@code nowSeconds}, single-partition and range reads concatenated */
    private static List<Object> readEverything(ShardedStorageEngine engine, TableMetadata table, long nowSeconds) {
        List<Object> everything = new ArrayList<>();
        for (String device : List.of("d0", "d1", "d2", "e")) {
            everything.add(readAll(engine, table, device, nowSeconds));
        }
        for (PartitionRows partition : engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, nowSeconds))) {
            everything.add(List.of(partition.key(), partition.rows()));
        }
        return everything;
    }

    @Test
    void aFlushOfThreeHoursWritesOneSSTablePerWindow() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME, 32);
            for (int hour = 0; hour < 3; hour++) {
                for (String device : DEVICES) {
                    point(engine, table, device, at(hour, 10), hour);
                    point(engine, table, device, at(hour, 50), hour + 0.5);
                }
            }
            join(engine.flush());
            List<SSTableInfo> sstables = engine.sstables(table);
            assertThat(sstables).hasSize(3);
            assertThat(windowsOf(sstables)).containsExactly(window(at(0, 0)), window(at(1, 0)), window(at(2, 0)));
            assertThat(sstables).allSatisfy(s -> assertThat(s.rowCount()).isEqualTo(6));
            assertThat(readAll(engine, table, "d1", clock.nowSeconds())).extracting(EngineFixture::tsOf)
                    .containsExactly(at(0, 10), at(0, 50), at(1, 10), at(1, 50), at(2, 10), at(2, 50));
        }
    }

    @Test
    void aLateRowLandsInItsOwnWindowsSSTable() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME, 32);
            for (int minute = 0; minute < 60; minute += 5) {
                point(engine, table, "d0", at(5, minute), minute);
            }
            point(engine, table, "d0", at(1, 7), -1);
            join(engine.flush());
            List<SSTableInfo> sstables = new ArrayList<>(engine.sstables(table));
            sstables.sort((a, b) -> Long.compare(a.maxTimestampMicros(), b.maxTimestampMicros()));
            assertThat(windowsOf(sstables)).containsExactly(window(at(1, 0)), window(at(5, 0)));
            assertThat(sstables.get(0).rowCount()).isEqualTo(1);
            assertThat(sstables.get(0).maxTimestampMicros()).isEqualTo(at(1, 7));
            assertThat(sstables.get(1).minTimestampMicros()).as("the late row does not drag the new SSTable back")
                    .isEqualTo(at(5, 0));
            assertThat(readAll(engine, table, "d0", clock.nowSeconds())).hasSize(13).first()
                    .extracting(EngineFixture::valueOf).isEqualTo(-1.0);
        }
    }

    @Test
    void deletionsAndTtlReadTheSameAcrossSplitFlushesAndCompaction() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME, 2);
            for (int hour = 0; hour < 4; hour++) {
                point(engine, table, "d0", at(hour, 10), hour);
                point(engine, table, "d0", at(hour, 50), hour + 0.5);
                point(engine, table, "e", at(hour, 20), hour);
            }
            write(engine, EngineFixture.deletePartition(table, "d0", at(1, 30)));
            write(engine, EngineFixture.deleteRow(table, "d0", at(3, 10), at(3, 20)));
            write(engine, insert(table, "d1", at(2, 40), 7, "ttl", at(2, 40), 60, at(2, 40) / 1_000_000));
            point(engine, table, "d1", at(0, 40), 8);
            write(engine, EngineFixture.deletePartition(table, "e", at(6, 0)));
            long beforeExpiry = at(2, 40) / 1_000_000 + 30;
            long afterExpiry = beforeExpiry + 60;
            List<Object> fromMemtable = readEverything(engine, table, beforeExpiry);
            List<Object> fromMemtableExpired = readEverything(engine, table, afterExpiry);
            assertThat(readAll(engine, table, "d0", beforeExpiry)).extracting(EngineFixture::tsOf)
                    .containsExactly(at(1, 50), at(2, 10), at(2, 50), at(3, 50));
            assertThat(readAll(engine, table, "d1", beforeExpiry)).hasSize(2);
            assertThat(readAll(engine, table, "d1", afterExpiry)).hasSize(1);
            assertThat(readAll(engine, table, "e", beforeExpiry)).isEmpty();

            join(engine.flush());
            assertThat(windowsOf(engine.sstables(table))).as("hour 6 holds only the partition deletion of e")
                    .containsExactly(window(at(0, 0)), window(at(1, 0)), window(at(2, 0)), window(at(3, 0)),
                            window(at(6, 0)));
            assertThat(readEverything(engine, table, beforeExpiry)).isEqualTo(fromMemtable);
            assertThat(readEverything(engine, table, afterExpiry)).isEqualTo(fromMemtableExpired);

            point(engine, table, "d2", at(2, 5), 9);
            point(engine, table, "d2", at(6, 5), 10);
            join(engine.flush());
            join(engine.compactNow());
            assertThat(engine.completedCompactions()).isGreaterThanOrEqualTo(1);
            assertThat(windowsOf(engine.sstables(table))).hasSize(engine.sstables(table).size());
            List<Object> compacted = readEverything(engine, table, beforeExpiry);
            assertThat(compacted.subList(0, 2)).isEqualTo(fromMemtable.subList(0, 2));
            assertThat(compacted.get(3)).as("e stays deleted").isEqualTo(fromMemtable.get(3));
            assertThat(readAll(engine, table, "d2", beforeExpiry)).hasSize(2);
        }
    }

    @Test
    void compactionOfMixedInputsKeepsWindowsApartAndMergesAcrossThem() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME, 4);
            for (int flush = 0; flush < 4; flush++) {
                for (int hour = 0; hour < 3; hour++) {
                    for (String device : DEVICES) {
                        point(engine, table, device, at(hour, flush), flush * 10 + hour);
                    }
                }
                // an overwrite of an hour-0 point, written with a timestamp of hour 2: its row moves to window 2
                write(engine, insert(table, "d0", at(0, 0), 100 + flush, at(2, 30) + flush));
                join(engine.flush());
            }
            List<Object> beforeCompaction = readEverything(engine, table, clock.nowSeconds());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 3);
            List<SSTableInfo> sstables = engine.sstables(table);
            assertThat(engine.completedCompactions()).isGreaterThanOrEqualTo(1);
            assertThat(windowsOf(sstables)).containsExactly(window(at(0, 0)), window(at(1, 0)), window(at(2, 0)));
            assertThat(sstables.stream().mapToLong(SSTableInfo::rowCount).sum()).isEqualTo(3 * 3 * 4);
            assertThat(readEverything(engine, table, clock.nowSeconds())).isEqualTo(beforeCompaction);
            assertThat(EngineFixture.valueOf(readAll(engine, table, "d0", clock.nowSeconds()).get(0)))
                    .isEqualTo(103.0);
        }
    }

    @Test
    void aSizeTieredTableStillFlushesToOneSSTable() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME, 32);
            for (int hour = 0; hour < 3; hour++) {
                point(engine, table, "d0", at(hour, 10), hour);
            }
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(1);
            assertThat(readAll(engine, table, "d0", clock.nowSeconds())).hasSize(3);
        }
    }

    @Test
    void aCrashBeforeTheFlushReplaysIntoSplitSSTables() {
        TableMetadata table;
        List<Object> expected;
        ShardedStorageEngine crashed = open();
        table = createTable(crashed, TestTimeWindowStrategyProvider.CLASS_NAME, 32);
        for (int hour = 0; hour < 3; hour++) {
            point(crashed, table, "d0", at(hour, 10), hour);
        }
        join(crashed.flush());
        point(crashed, table, "d0", at(4, 10), 4);
        point(crashed, table, "d0", at(0, 40), -1);
        expected = readEverything(crashed, table, clock.nowSeconds());
        crashed.halt();
        try (ShardedStorageEngine engine = open()) {
            assertThat(engine.replayedMutations()).isEqualTo(2);
            assertThat(readEverything(engine, table, clock.nowSeconds())).isEqualTo(expected);
            join(engine.flush());
            assertThat(windowsOf(engine.sstables(table))).hasSize(4);
        }
        try (ShardedStorageEngine engine = open()) {
            assertThat(readEverything(engine, table, clock.nowSeconds())).isEqualTo(expected);
            assertThat(engine.sstables(table)).hasSize(5);
        }
    }

    @Test
    void aTimeRangeReadDecompressesOnlyTheWindowsItOverlaps() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME, 32);
            for (int hour = 0; hour < 3; hour++) {
                for (int minute = 0; minute < 60; minute += 10) {
                    point(engine, table, "d0", at(hour, minute), hour * 100 + minute);
                }
            }
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(3);
            Slice hourOne = new Slice(Bound.inclusive(ts(at(1, 0))), Bound.exclusive(ts(at(2, 0))));
            long before = engine.blocksDecompressed();
            List<Row> rows = engine.read(new ReadCommand(table, key("d0"), hourOne, false, 100, clock.nowSeconds()));
            assertThat(rows).hasSize(6).allSatisfy(row -> assertThat(EngineFixture.tsOf(row))
                    .isBetween(at(1, 0), at(1, 50)));
            assertThat(engine.blocksDecompressed() - before).as("one window's block").isEqualTo(1);
            before = engine.blocksDecompressed();
            List<PartitionRows> range = engine.readRange(new RangeReadCommand(table, Long.MIN_VALUE, Long.MAX_VALUE,
                    null, null, hourOne, 100, 100, clock.nowSeconds()));
            assertThat(range).hasSize(1);
            assertThat(range.get(0).rows()).isEqualTo(rows);
            assertThat(engine.blocksDecompressed() - before).as("one window's block").isEqualTo(1);
        }
    }

    @Test
    void anSSTableOutsideTheSliceStillContributesItsPartitionDeletion() {
        try (ShardedStorageEngine engine = open()) {
            TableMetadata table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME, 32);
            for (int ts = 1; ts <= 5; ts++) {
                write(engine, insert(table, "d0", ts, ts, START_MICROS));
                write(engine, insert(table, "d1", ts, ts, START_MICROS));
            }
            join(engine.flush());
            write(engine, EngineFixture.deletePartition(table, "d0", START_MICROS + 10));
            write(engine, insert(table, "d0", 100, 100, START_MICROS + 20));
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(2);
            Slice early = new Slice(Bound.inclusive(ts(1)), Bound.inclusive(ts(5)));
            long now = clock.nowSeconds();
            assertThat(engine.read(new ReadCommand(table, key("d0"), early, false, 100, now))).isEmpty();
            assertThat(engine.read(new ReadCommand(table, key("d1"), early, false, 100, now))).hasSize(5);
            List<PartitionRows> range = engine.readRange(new RangeReadCommand(table, Long.MIN_VALUE, Long.MAX_VALUE,
                    null, null, early, 100, 100, now));
            assertThat(range).extracting(PartitionRows::key).containsExactly(key("d1"));
        }
    }
}
