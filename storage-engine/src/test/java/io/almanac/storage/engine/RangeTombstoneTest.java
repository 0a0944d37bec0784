package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range tombstones end to end in the engine: they shadow rows by timestamp wherever each was written (memtable,
 * older or newer SSTable), overlap with the latest deletion winning, survive a crash through the commit log, are
 * counted in SSTable statistics, go to their own time window, and are purged by compaction after gc grace.
 */
class RangeTombstoneTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    private StorageConfig config() {
        return new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
    }

    private static DeletionTime deletion(long timestampMicros) {
        return new DeletionTime(timestampMicros, timestampMicros / 1_000_000);
    }

    /** DELETE FROM readings USING TIMESTAMP t WHERE device = ? AND ts >= from AND ts < to. */
    private static Mutation deleteRange(TableMetadata table, String device, long from, long to, long timestampMicros) {
        RangeTombstone tombstone = new RangeTombstone(ClusteringBound.inclusive(ts(from)),
                ClusteringBound.exclusive(ts(to)), deletion(timestampMicros));
        return new Mutation(table, key(device), null, List.of(), List.of(tombstone));
    }

    private static void insertAll(ShardedStorageEngine engine, TableMetadata table, String device, int count,
                                  long timestampMicros) {
        for (int i = 0; i < count; i++) {
            write(engine, insert(table, device, i, i, timestampMicros));
        }
    }

    private static List<Long> tsOf(List<Row> rows) {
        return rows.stream().map(EngineFixture::tsOf).toList();
    }

    @Test
    void aTombstoneShadowsOlderRowsInItsRangeAndNewerRowsSurvive() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            insertAll(engine, table, "d", 10, START_MICROS);
            write(engine, deleteRange(table, "d", 3, 6, START_MICROS + 1));
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(0L, 1L, 2L, 6L, 7L, 8L, 9L);
            write(engine, insert(table, "d", 4, 4, START_MICROS + 2), insert(table, "d", 5, 5, START_MICROS + 1));
            assertThat(tsOf(readAll(engine, table, "d", now))).as("a delete wins a timestamp tie")
                    .containsExactly(0L, 1L, 2L, 4L, 6L, 7L, 8L, 9L);
            join(engine.flush());
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(0L, 1L, 2L, 4L, 6L, 7L, 8L, 9L);
            assertThat(tsOf(engine.read(new ReadCommand(table, key("d"), Slice.ALL, true, 3, now))))
                    .as("reversed with a limit").containsExactly(9L, 8L, 7L);
            Slice fromFive = new Slice(Bound.inclusive(ts(5)), Bound.exclusive(ts(8)));
            assertThat(tsOf(engine.read(new ReadCommand(table, key("d"), fromFive, false, 10, now))))
                    .as("a slice starting inside the tombstone").containsExactly(6L, 7L);
            Slice upToFour = new Slice(Bound.UNBOUNDED, Bound.inclusive(ts(4)));
            assertThat(tsOf(engine.read(new ReadCommand(table, key("d"), upToFour, true, 10, now))))
                    .as("a slice ending inside the tombstone, reversed").containsExactly(4L, 2L, 1L, 0L);
        }
    }

    @Test
    void tombstonesShadowByTimestampAcrossMemtableAndSSTablesInBothOrders() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            insertAll(engine, table, "old-rows-first", 10, START_MICROS);
            insertAll(engine, table, "tombstone-first", 10, START_MICROS + 100);
            join(engine.flush());
            write(engine, deleteRange(table, "old-rows-first", 2, 8, START_MICROS + 50));
            write(engine, deleteRange(table, "tombstone-first", 2, 8, START_MICROS + 50));
            assertThat(tsOf(readAll(engine, table, "old-rows-first", now))).as("memtable tombstone over SSTable rows")
                    .containsExactly(0L, 1L, 8L, 9L);
            assertThat(tsOf(readAll(engine, table, "tombstone-first", now))).as("the rows are newer")
                    .hasSize(10);
            join(engine.flush());
            write(engine, insert(table, "old-rows-first", 3, 3, START_MICROS + 10),
                    insert(table, "old-rows-first", 4, 4, START_MICROS + 60));
            assertThat(tsOf(readAll(engine, table, "old-rows-first", now)))
                    .as("SSTable tombstone over memtable rows: the older one stays deleted")
                    .containsExactly(0L, 1L, 4L, 8L, 9L);
            join(engine.flush());
            assertThat(tsOf(readAll(engine, table, "old-rows-first", now))).as("three SSTables")
                    .containsExactly(0L, 1L, 4L, 8L, 9L);
            assertThat(tsOf(readAll(engine, table, "tombstone-first", now))).hasSize(10);
        }
    }

    @Test
    void overlappingTombstonesTheLatestDeletionWins() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            insertAll(engine, table, "d", 10, START_MICROS + 3);
            RangeTombstone newer = new RangeTombstone(ClusteringBound.inclusive(ts(0)),
                    ClusteringBound.inclusive(ts(5)), deletion(START_MICROS + 5));
            RangeTombstone older = new RangeTombstone(ClusteringBound.inclusive(ts(3)),
                    ClusteringBound.UNBOUNDED, deletion(START_MICROS + 2));
            write(engine, new Mutation(table, key("d"), null, List.of(), List.of(older)));
            join(engine.flush());
            write(engine, new Mutation(table, key("d"), null, List.of(), List.of(newer)));
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(6L, 7L, 8L, 9L);
            Slice middle = new Slice(Bound.exclusive(ts(1)), Bound.inclusive(ts(7)));
            assertThat(tsOf(engine.read(new ReadCommand(table, key("d"), middle, true, 10, now))))
                    .containsExactly(7L, 6L);
            Slice page = new Slice(Bound.exclusive(ts(6)), Bound.UNBOUNDED);
            assertThat(tsOf(engine.read(new ReadCommand(table, key("d"), page, false, 1, now))))
                    .as("the next page after row 6").containsExactly(7L);
        }
    }

    @Test
    void rangeScansApplyTombstones() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            insertAll(engine, table, "a", 5, START_MICROS);
            insertAll(engine, table, "b", 5, START_MICROS);
            join(engine.flush());
            write(engine, deleteRange(table, "a", 0, 100, START_MICROS + 1), deleteRange(table, "b", 1, 3,
                    START_MICROS + 1));
            List<Long> seen = new ArrayList<>();
            for (PartitionRows partition : engine.readRange(RangeReadCommand.all(table, 100, now))) {
                assertThat(partition.key()).isEqualTo(key("b"));
                seen.addAll(tsOf(partition.rows()));
            }
            assertThat(seen).containsExactly(0L, 3L, 4L);
        }
    }

    @Test
    void prefixAndSliceTombstonesOnADescendingCompositeClustering() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), true);
            TableMetadata table = new TableMetadata("ks", "events", UUID.randomUUID(), List.of(
                    new ColumnMetadata("p", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                    new ColumnMetadata("c1", NativeType.INT, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                    new ColumnMetadata("c2", NativeType.INT, ColumnKind.CLUSTERING, 1, ClusteringOrder.ASC),
                    new ColumnMetadata("v", NativeType.INT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                    TableParams.DEFAULT);
            engine.createTable(table, true);
            for (int c1 = 0; c1 < 4; c1++) {
                for (int c2 = 0; c2 < 3; c2++) {
                    Cell[] cells = {Cell.live(START_MICROS, 0, now, NativeType.INT.encode(c1 * 10 + c2))};
                    write(engine, Mutation.of(table, key("p"), List.of(new Row(Clustering.of(
                            NativeType.INT.encode(c1), NativeType.INT.encode(c2)), null, null, cells))));
                }
            }
            join(engine.flush());
            RangeTombstone prefix = RangeTombstone.prefix(Clustering.of(NativeType.INT.encode(2)),
                    deletion(START_MICROS + 1));
            // c1 > 2 on a DESC column: the first rows in storage order, up to c1 = 2 exclusive
            RangeTombstone aboveTwo = new RangeTombstone(ClusteringBound.UNBOUNDED,
                    ClusteringBound.exclusive(Clustering.of(NativeType.INT.encode(2))), deletion(START_MICROS + 1));
            // (c1, c2) >= (0, 1): in storage order from (0, 1) to the end
            RangeTombstone tail = new RangeTombstone(ClusteringBound.inclusive(Clustering.of(NativeType.INT.encode(0),
                    NativeType.INT.encode(1))), ClusteringBound.UNBOUNDED, deletion(START_MICROS + 1));
            write(engine, new Mutation(table, key("p"), null, List.of(), List.of(prefix, aboveTwo, tail)));
            List<Integer> values = engine.read(new ReadCommand(table, key("p"), Slice.ALL, false, 100, now)).stream()
                    .map(row -> (Integer) NativeType.INT.decode(row.cells()[0].value())).toList();
            assertThat(values).containsExactly(10, 11, 12, 0);
        }
    }

    @Test
    void invalidTombstonesAreRefused() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            assertThat(engine.write(List.of(deleteRange(table, "d", 5, 3, START_MICROS))))
                    .failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                    .withCauseInstanceOf(InvalidRequestException.class).withMessageContaining("start after its end");
            RangeTombstone tooLong = RangeTombstone.prefix(Clustering.of(NativeType.BIGINT.encode(1L),
                    NativeType.BIGINT.encode(2L)), deletion(START_MICROS));
            assertThat(engine.write(List.of(new Mutation(table, key("d"), null, List.of(), List.of(tooLong)))))
                    .failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                    .withCauseInstanceOf(InvalidRequestException.class).withMessageContaining("2 clustering values");
            assertThat(readAll(engine, table, "d", now)).isEmpty();
        }
    }

    @Test
    void aCrashReplaysTombstonesFromTheCommitLog() {
        ShardedStorageEngine crashed = EngineFixture.open(config(), clock);
        TableMetadata table = createReadings(crashed);
        insertAll(crashed, table, "d", 6, START_MICROS);
        join(crashed.flush());
        write(crashed, deleteRange(table, "d", 1, 4, START_MICROS + 1));
        crashed.halt();
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            assertThat(engine.replayedMutations()).isEqualTo(1);
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(0L, 4L, 5L);
            join(engine.flush());
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(0L, 4L, 5L);
        }
    }

    @Test
    void statisticsCountTombstonesAndCompactionPurgesThemAfterGcGrace() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            TableParams params = TableParams.DEFAULT.withCompaction(Map.of("class",
                    "SizeTieredCompactionStrategy", "min_threshold", "2"));
            params = new TableParams("", params.compaction(), params.compression(), params.caching(), 0, 60, 0.01,
                    1.0, 0, "99p");
            TableMetadata table = EngineFixture.readings(params);
            engine.createTable(table, false);
            insertAll(engine, table, "d", 10, START_MICROS);
            join(engine.flush());
            write(engine, deleteRange(table, "d", 0, 5, START_MICROS + 7));
            join(engine.flush());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 1);
            SSTableInfo compacted = engine.sstables(table).get(0);
            assertThat(compacted.rowCount()).as("shadowed rows are dropped").isEqualTo(5);
            assertThat(compacted.tombstoneCount()).as("the tombstone is kept within gc grace").isEqualTo(1);
            assertThat(compacted.maxTimestampMicros()).isEqualTo(START_MICROS + 7);
            assertThat(tsOf(readAll(engine, table, "d", now))).containsExactly(5L, 6L, 7L, 8L, 9L);

            write(engine, deleteRange(table, "d", 5, 100, START_MICROS + 8));
            join(engine.flush());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 1);
            clock.advanceSeconds(1000);
            join(engine.compact(table, OptionalLong.empty()));
            assertThat(engine.sstables(table)).as("all deleted and past gc grace: nothing left").isEmpty();
            assertThat(readAll(engine, table, "d", clock.nowSeconds())).isEmpty();
        }
    }

    @Test
    void anSSTableOfOnlyATombstoneCountsItsTimestampAndDeletionTime() {
        try (ShardedStorageEngine engine = EngineFixture.open(config(), clock)) {
            TableMetadata table = createReadings(engine);
            write(engine, deleteRange(table, "d", 5, 100, START_MICROS + 8));
            join(engine.flush());
            List<SSTableInfo> flushed = engine.sstables(table);
            assertThat(flushed).hasSize(1);
            SSTableInfo info = flushed.get(0);
            assertThat(info.tombstoneCount()).isEqualTo(1);
            assertThat(info.rowCount()).isZero();
            assertThat(info.partitionCount()).isEqualTo(1);
            assertThat(info.minTimestampMicros()).isEqualTo(START_MICROS + 8);
            assertThat(info.maxTimestampMicros()).isEqualTo(START_MICROS + 8);
            assertThat(info.maxLocalDeletionTimeSeconds()).isEqualTo((START_MICROS + 8) / 1_000_000);
        }
    }

    @Test
    void aTimeWindowSplitPutsTheTombstoneInItsOwnWindow() {
        long hour = TestTimeWindowStrategyProvider.HOUR_MICROS;
        long base = (START_MICROS / hour + 1) * hour;
        StorageConfig config = config();
        try (ShardedStorageEngine engine = ShardedStorageEngine.open(config, clock, List.of(
                new TestCompactionStrategyProvider(), new TestTimeWindowStrategyProvider()))) {
            engine.createKeyspace(EngineFixture.keyspace(), true);
            TableMetadata table = EngineFixture.readings(TableParams.DEFAULT.withCompaction(Map.of("class",
                    TestTimeWindowStrategyProvider.CLASS_NAME, "min_threshold", "4")));
            engine.createTable(table, true);
            write(engine, insert(table, "d", 1, 1, base), insert(table, "d", 2, 2, base + hour));
            write(engine, deleteRange(table, "d", 0, 100, base + 2 * hour));
            join(engine.flush());
            List<SSTableInfo> flushed = engine.sstables(table);
            assertThat(flushed).extracting(info -> TestTimeWindowStrategyProvider.HOURLY.splitKeyOf(
                    info.maxTimestampMicros())).containsExactlyInAnyOrder(base / 1000, (base + hour) / 1000,
                    (base + 2 * hour) / 1000);
            SSTableInfo tombstoneWindow = flushed.stream()
                    .filter(info -> info.maxTimestampMicros() == base + 2 * hour).findFirst().orElseThrow();
            assertThat(tombstoneWindow.minTimestampMicros()).isEqualTo(base + 2 * hour);
            assertThat(tombstoneWindow.tombstoneCount()).isEqualTo(1);
            assertThat(tombstoneWindow.rowCount()).isZero();
            assertThat(readAll(engine, table, "d", now)).isEmpty();
            write(engine, insert(table, "d", 3, 3, base + 30 * 60_000_000L));
            join(engine.flush());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 1);
            SSTableInfo compacted = engine.sstables(table).get(0);
            assertThat(compacted.minTimestampMicros()).as("only the tombstone's window remains")
                    .isEqualTo(base + 2 * hour);
            assertThat(compacted.rowCount()).isZero();
            assertThat(readAll(engine, table, "d", now)).isEmpty();
        }
    }
}
