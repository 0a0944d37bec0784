package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static rows ({@link Clustering#STATIC}) through memtable, commit log replay, SSTables, compaction and time-window
 * splitting: one per partition, returned first whatever the slice, reconciled per cell, shadowed only by the
 * partition deletion.
 */
class StaticRowTest {

    private static final UUID ID = UUID.fromString("5a1f0e3c-0000-4000-8000-0000000000a1");

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    /** {@code sensors (device text, ts bigint, location text STATIC, value double, PRIMARY KEY (device, ts))}. */
    private static TableMetadata sensors(TableParams params) {
        return new TableMetadata("ks", "sensors", ID, List.of(
                new ColumnMetadata("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                new ColumnMetadata("location", NativeType.TEXT, ColumnKind.STATIC, -1, ClusteringOrder.NONE),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                params);
    }

    private static TableMetadata create(ShardedStorageEngine engine, TableParams params) {
        engine.createKeyspace(EngineFixture.keyspace(), true);
        TableMetadata table = sensors(params);
        engine.createTable(table, true);
        return table;
    }

    private static Mutation location(TableMetadata table, String device, String location, long timestampMicros) {
        Cell cell = Cell.live(timestampMicros, 0, timestampMicros / 1_000_000, NativeType.TEXT.encode(location));
        return Mutation.of(table, key(device), List.of(new Row(Clustering.STATIC, null, null, new Cell[] {cell,
                null})));
    }

    private static Mutation point(TableMetadata table, String device, long ts, double value, long timestampMicros) {
        long nowSeconds = timestampMicros / 1_000_000;
        Cell[] cells = {null, Cell.live(timestampMicros, 0, nowSeconds, NativeType.DOUBLE.encode(value))};
        return Mutation.of(table, key(device), List.of(new Row(ts(ts), Cell.live(timestampMicros, 0, nowSeconds,
                Row.MARKER_VALUE), null, cells)));
    }

    private List<Row> read(ShardedStorageEngine engine, TableMetadata table, String device, Slice slice,
                           boolean reversed, int limit) {
        return engine.read(new ReadCommand(table, key(device), slice, reversed, limit, clock.nowMicros() / 1_000_000));
    }

    private static String locationOf(Row row) {
        assertThat(row.clustering().isStatic()).as("static row first").isTrue();
        return (String) NativeType.TEXT.decode(row.cells()[0].value());
    }

    @Test
    void staticRowIsReturnedFirstWhateverTheSliceOrderAndLimit() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = create(engine, TableParams.DEFAULT);
            write(engine, point(table, "d", 1, 1.0, START_MICROS), point(table, "d", 2, 2.0, START_MICROS),
                    location(table, "d", "roof", START_MICROS));
            for (int pass = 0; pass < 2; pass++) {
                List<Row> all = read(engine, table, "d", Slice.ALL, false, 10);
                assertThat(all).hasSize(3);
                assertThat(locationOf(all.get(0))).isEqualTo("roof");
                List<Row> reversedOne = read(engine, table, "d", Slice.ALL, true, 1);
                assertThat(reversedOne).hasSize(2);
                assertThat(locationOf(reversedOne.get(0))).isEqualTo("roof");
                assertThat(reversedOne.get(1).clustering()).isEqualTo(ts(2));
                List<Row> bounded = read(engine, table, "d", new Slice(Bound.inclusive(ts(2)), Bound.UNBOUNDED),
                        false, 10);
                assertThat(bounded).hasSize(2);
                assertThat(locationOf(bounded.get(0))).isEqualTo("roof");
                join(engine.flush());
            }
        }
    }

    @Test
    void staticCellsReconcileAcrossMemtableSSTablesAndCompaction() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = create(engine, TableParams.DEFAULT.withCompaction(Map.of("class",
                    TableParams.DEFAULT.compaction().get("class"), "min_threshold", "100")));
            write(engine, location(table, "d", "newest", START_MICROS + 10));
            join(engine.flush());
            write(engine, location(table, "d", "older", START_MICROS + 5), point(table, "d", 1, 1.0, START_MICROS));
            join(engine.flush());
            write(engine, location(table, "d", "oldest", START_MICROS));
            assertThat(locationOf(read(engine, table, "d", Slice.ALL, false, 10).get(0))).isEqualTo("newest");
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(3);
            join(engine.compact(table, OptionalLong.empty()));
            assertThat(engine.sstables(table)).hasSize(1);
            List<Row> rows = read(engine, table, "d", Slice.ALL, false, 10);
            assertThat(rows).hasSize(2);
            assertThat(locationOf(rows.get(0))).isEqualTo("newest");
            assertThat(rows.get(1).clustering()).isEqualTo(ts(1));
        }
    }

    @Test
    void staticRowSurvivesCommitLogReplay() {
        TableMetadata table;
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            table = create(engine, TableParams.DEFAULT);
            write(engine, location(table, "d", "cellar", START_MICROS));
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            List<Row> rows = read(engine, table, "d", Slice.ALL, false, 10);
            assertThat(rows).hasSize(1);
            assertThat(locationOf(rows.get(0))).isEqualTo("cellar");
        }
    }

    @Test
    void onlyThePartitionDeletionShadowsTheStaticRow() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = create(engine, TableParams.DEFAULT);
            write(engine, location(table, "d", "roof", START_MICROS), point(table, "d", 1, 1.0, START_MICROS));
            RangeTombstone everything = new RangeTombstone(new ClusteringBound(Clustering.EMPTY, true),
                    new ClusteringBound(Clustering.EMPTY, true), new DeletionTime(START_MICROS + 1,
                    START_MICROS / 1_000_000));
            write(engine, new Mutation(table, key("d"), null, List.of(), List.of(everything)));
            join(engine.flush());
            List<Row> rows = read(engine, table, "d", Slice.ALL, false, 10);
            assertThat(rows).hasSize(1);
            assertThat(locationOf(rows.get(0))).isEqualTo("roof");
            write(engine, new Mutation(table, key("d"), new DeletionTime(START_MICROS + 2, START_MICROS / 1_000_000),
                    List.of()));
            assertThat(read(engine, table, "d", Slice.ALL, false, 10)).isEmpty();
        }
    }

    @Test
    void rangeReadsReturnStaticOnlyPartitionsAsOneRow() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = create(engine, TableParams.DEFAULT);
            write(engine, location(table, "a", "roof", START_MICROS), location(table, "b", "cellar", START_MICROS),
                    point(table, "b", 1, 1.0, START_MICROS), point(table, "b", 2, 2.0, START_MICROS));
            join(engine.flush());
            List<PartitionRows> partitions = engine.readRange(new RangeReadCommand(table, Long.MIN_VALUE,
                    Long.MAX_VALUE, null, null, Slice.ALL, 100, 100, START_MICROS / 1_000_000));
            assertThat(partitions).hasSize(2);
            for (PartitionRows partition : partitions) {
                boolean isB = partition.key().equals(key("b"));
                assertThat(partition.rows()).hasSize(isB ? 3 : 1);
                assertThat(locationOf(partition.rows().get(0))).isEqualTo(isB ? "cellar" : "roof");
            }
            List<PartitionRows> resumed = engine.readRange(new RangeReadCommand(table, Long.MIN_VALUE,
                    Long.MAX_VALUE, key("b"), ts(1), Slice.ALL, 100, 100, START_MICROS / 1_000_000));
            PartitionRows first = resumed.get(0);
            assertThat(first.key()).isEqualTo(key("b"));
            assertThat(first.rows()).hasSize(2);
            assertThat(first.rows().get(1).clustering()).isEqualTo(ts(2));
        }
    }

    @Test
    void timeWindowSplitPutsTheStaticRowInItsTimestampsWindow() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = ShardedStorageEngine.open(config, clock,
                List.of(new TestCompactionStrategyProvider(), new TestTimeWindowStrategyProvider()))) {
            TableMetadata table = create(engine, TableParams.DEFAULT.withCompaction(Map.of("class",
                    TestTimeWindowStrategyProvider.CLASS_NAME, "min_threshold", "100")));
            long hour = TestTimeWindowStrategyProvider.HOUR_MICROS;
            write(engine, location(table, "d", "roof", START_MICROS), point(table, "d", 1, 1.0, START_MICROS + hour),
                    point(table, "d", 2, 2.0, START_MICROS + 2 * hour));
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(3);
            List<Row> rows = read(engine, table, "d", new Slice(Bound.inclusive(ts(2)), Bound.UNBOUNDED), false, 10);
            assertThat(rows).hasSize(2);
            assertThat(locationOf(rows.get(0))).isEqualTo("roof");
        }
    }

    @Test
    void staticRowsAreValidated() {
        assertThatThrownBy(() -> new TableMetadata("ks", "t", ID, List.of(
                new ColumnMetadata("k", NativeType.INT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("s", NativeType.INT, ColumnKind.STATIC, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Static columns are only useful");
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = create(engine, TableParams.DEFAULT);
            Cell value = Cell.live(START_MICROS, 0, START_MICROS / 1_000_000, NativeType.DOUBLE.encode(1.0));
            Mutation bad = Mutation.of(table, key("d"), List.of(new Row(Clustering.STATIC, null, null,
                    new Cell[] {null, value})));
            assertThatThrownBy(() -> join(engine.write(List.of(bad)))).hasMessageContaining("non-static column value");
            Mutation misplaced = Mutation.of(table, key("d"), List.of(new Row(ts(1), null, null,
                    new Cell[] {Cell.live(START_MICROS, 0, START_MICROS / 1_000_000, NativeType.TEXT.encode("x")),
                            null})));
            assertThatThrownBy(() -> join(engine.write(List.of(misplaced))))
                    .hasMessageContaining("has a cell for static column location");
        }
    }
}
