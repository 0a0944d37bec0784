package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.tsOf;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeReadTest {

    private static final int DEVICES = 60;
    private static final int ROWS_PER_DEVICE = 5;

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    /** Devices 0..19 flushed into one SSTable, 20..39 into another, 40..59 left in the memtables of both shards. */
    private TableMetadata populate(ShardedStorageEngine engine) {
        TableMetadata table = createReadings(engine);
        for (int device = 0; device < DEVICES; device++) {
            for (int ts = 0; ts < ROWS_PER_DEVICE; ts++) {
                write(engine, insert(table, "d" + device, ts, device, START_MICROS));
            }
            if (device == 19 || device == 39) {
                join(engine.flush());
            }
        }
        write(engine, insert(table, "d5", 1, 555, START_MICROS + 1));
        return table;
    }

    private record Position(DecoratedKey key, long ts) {
    }

    /** Pages through the whole ring {@code pageSize} rows at a time, resuming after the last row of each page. */
    private static List<Position> scanAll(ShardedStorageEngine engine, RangeReadCommand first, int pageSize) {
        List<Position> seen = new ArrayList<>();
        RangeReadCommand command = first;
        while (true) {
            List<PartitionRows> page = engine.readRange(command);
            int count = 0;
            PartitionRows last = null;
            for (PartitionRows partition : page) {
                for (Row row : partition.rows()) {
                    seen.add(new Position(partition.key(), tsOf(row)));
                    count++;
                }
                last = partition;
            }
            if (count < pageSize) {
                return seen;
            }
            Row lastRow = last.rows().get(last.rows().size() - 1);
            command = command.after(last.key(), lastRow.clustering());
        }
    }

    @Test
    void pagedScanSeesEveryRowOnceInRingOrderAcrossShardsMemtablesAndSSTables() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = populate(engine);
            assertThat(engine.sstables(table)).isNotEmpty();
            assertThat(engine.memtableRowCount(table)).isGreaterThan(0);
            Set<Integer> shards = new HashSet<>();
            for (int device = 0; device < DEVICES; device++) {
                shards.add(engine.shardOf(key("d" + device).token()));
            }
            assertThat(shards).hasSize(2);

            List<Position> seen = scanAll(engine, new RangeReadCommand(table, Long.MIN_VALUE, Long.MAX_VALUE, null,
                    null, Slice.ALL, 7, Integer.MAX_VALUE, now), 7);

            assertThat(seen).hasSize(DEVICES * ROWS_PER_DEVICE);
            assertThat(new HashSet<>(seen)).hasSize(DEVICES * ROWS_PER_DEVICE);
            for (int i = 1; i < seen.size(); i++) {
                int byKey = seen.get(i - 1).key().compareTo(seen.get(i).key());
                assertThat(byKey < 0 || (byKey == 0 && seen.get(i - 1).ts() < seen.get(i).ts()))
                        .as("position %d in ring order", i).isTrue();
            }
        }
    }

    @Test
    void mergedRowsAreReconciledAndDeletionsApplied() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = populate(engine);
            write(engine, EngineFixture.deletePartition(table, "d7", START_MICROS));
            write(engine, EngineFixture.deleteRow(table, "d8", 2, START_MICROS + 5));
            join(engine.flush());

            List<PartitionRows> all = engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, now));

            assertThat(all).extracting(PartitionRows::key).doesNotContain(key("d7")).contains(key("d8"));
            PartitionRows d8 = all.stream().filter(p -> p.key().equals(key("d8"))).findFirst().orElseThrow();
            assertThat(d8.rows()).extracting(EngineFixture::tsOf).containsExactly(0L, 1L, 3L, 4L);
            PartitionRows d5 = all.stream().filter(p -> p.key().equals(key("d5"))).findFirst().orElseThrow();
            assertThat(EngineFixture.valueOf(d5.rows().get(1))).isEqualTo(555.0);
            assertThat(all.stream().mapToInt(p -> p.rows().size()).sum())
                    .isEqualTo((DEVICES - 1) * ROWS_PER_DEVICE - 1);
        }
    }

    @Test
    void tokenRangeLimitAndPerPartitionLimitAreHonoured() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = populate(engine);
            List<PartitionRows> all = engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, now));
            long low = all.get(10).key().token();
            long high = all.get(19).key().token();

            List<PartitionRows> range = engine.readRange(new RangeReadCommand(table, low, high, null, null,
                    Slice.ALL, Integer.MAX_VALUE, 1, now));
            List<PartitionRows> limited = engine.readRange(RangeReadCommand.all(table, 12, now));
            List<PartitionRows> afterPartition = engine.readRange(RangeReadCommand.all(table, 1, now)
                    .after(all.get(3).key(), null));

            assertThat(range).extracting(PartitionRows::key).containsExactlyElementsOf(
                    all.subList(10, 20).stream().map(PartitionRows::key).toList());
            assertThat(range).allSatisfy(p -> assertThat(p.rows()).hasSize(1));
            assertThat(limited.stream().mapToInt(p -> p.rows().size()).sum()).isEqualTo(12);
            assertThat(limited).hasSize(3);
            assertThat(afterPartition.get(0).key()).isEqualTo(all.get(4).key());
            assertThat(engine.readRange(new RangeReadCommand(table, high, low, null, null, Slice.ALL, 10, 10, now)))
                    .isEmpty();
        }
    }

    @Test
    void deletionsAndCellTombstonesSurviveCompactionForPointAndRangeReads() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            TableMetadata table = createReadings(engine);
            for (int device = 0; device < 4; device++) {
                for (int ts = 0; ts < 3; ts++) {
                    write(engine, insert(table, "d" + device, ts, ts, START_MICROS));
                }
            }
            join(engine.flush());
            write(engine, EngineFixture.deletePartition(table, "d0", START_MICROS));
            join(engine.flush());
            write(engine, EngineFixture.deleteRow(table, "d1", 1, START_MICROS));
            join(engine.flush());
            io.almanac.storage.data.Cell[] noteTombstone = {null,
                io.almanac.storage.data.Cell.tombstone(START_MICROS, now)};
            write(engine, io.almanac.storage.data.Mutation.of(table, key("d2"), List.of(
                    new Row(EngineFixture.ts(2), null, null, noteTombstone))));
            join(engine.flush());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 1);

            List<PartitionRows> all = engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, now));

            assertThat(engine.completedCompactions()).isGreaterThanOrEqualTo(1);
            assertThat(all).extracting(PartitionRows::key).doesNotContain(key("d0")).hasSize(3);
            assertThat(EngineFixture.readAll(engine, table, "d0", now)).isEmpty();
            assertThat(EngineFixture.readAll(engine, table, "d1", now)).extracting(EngineFixture::tsOf)
                    .containsExactly(0L, 2L);
            Row d2 = EngineFixture.readAll(engine, table, "d2", now).get(2);
            assertThat(d2.cells()[1]).isNull();
            assertThat(d2.cells()[0]).isNotNull();
        }
    }

    @Test
    void truncateRemovesMemtableAndSSTableDataAndTheFiles() throws IOException {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = populate(engine);
            assertThat(dataFiles()).isNotEmpty();

            join(engine.truncate(table));

            assertThat(engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, now))).isEmpty();
            assertThat(EngineFixture.readAll(engine, table, "d1", now)).isEmpty();
            assertThat(engine.sstables(table)).isEmpty();
            assertThat(dataFiles()).isEmpty();
            write(engine, insert(table, "d1", 1, 1, START_MICROS + 10));
            assertThat(EngineFixture.readAll(engine, table, "d1", now)).hasSize(1);
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = engine.schema().requireTable("ks", "readings");
            assertThat(engine.readRange(RangeReadCommand.all(table, Integer.MAX_VALUE, now)))
                    .as("truncated data does not come back from the commit log").hasSize(1);
        }
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList();
        }
    }
}
