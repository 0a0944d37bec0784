package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Row;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageEngine#flush(java.util.Collection)}: flushing some tables only (nodetool flush ks table). */
class TableFlushTest {

    private static final int DEVICES = 5;

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    /** ks.other: the same columns as ks.readings under another name and id. */
    private static TableMetadata createOther(ShardedStorageEngine engine) {
        TableMetadata readings = EngineFixture.readings(TableParams.DEFAULT);
        TableMetadata other = new TableMetadata("ks", "other", UUID.fromString("5a1f0e3c-0000-4000-8000-000000000002"),
                readings.columns(), TableParams.DEFAULT);
        engine.createTable(other, true);
        return other;
    }

    private static void writeRows(ShardedStorageEngine engine, TableMetadata table, int from, int to) {
        for (int i = from; i < to; i++) {
            write(engine, insert(table, "dev-" + (i % DEVICES), i, i, START_MICROS + i));
        }
    }

    private List<Long> timestamps(ShardedStorageEngine engine, TableMetadata table) {
        List<Long> found = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            for (Row row : readAll(engine, table, "dev-" + d, now)) {
                found.add(EngineFixture.tsOf(row));
            }
        }
        found.sort(null);
        return found;
    }

    private static List<Long> range(int from, int to) {
        List<Long> expected = new ArrayList<>();
        for (long i = from; i < to; i++) {
            expected.add(i);
        }
        return expected;
    }

    @Test
    void flushingOneTableLeavesTheOtherInItsMemtable() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata readings = createReadings(engine);
            TableMetadata other = createOther(engine);
            writeRows(engine, readings, 0, 40);
            writeRows(engine, other, 0, 30);

            join(engine.flush(List.of(readings)));

            assertThat(engine.memtableRowCount(readings)).isZero();
            assertThat(engine.sstables(readings)).isNotEmpty();
            assertThat(engine.sstables(readings).stream().mapToLong(s -> s.rowCount()).sum()).isEqualTo(40);
            assertThat(engine.memtableRowCount(other)).isEqualTo(30);
            assertThat(engine.sstables(other)).isEmpty();
            assertThat(timestamps(engine, readings)).isEqualTo(range(0, 40));
            assertThat(timestamps(engine, other)).isEqualTo(range(0, 30));

            // both tables keep writing to the memtable that stayed current
            writeRows(engine, readings, 40, 50);
            writeRows(engine, other, 30, 35);
            assertThat(engine.memtableRowCount(readings)).isEqualTo(10);
            assertThat(engine.memtableRowCount(other)).isEqualTo(35);
            join(engine.flush(List.of(other)));
            assertThat(engine.memtableRowCount(other)).isZero();
            assertThat(engine.memtableRowCount(readings)).isEqualTo(10);
            assertThat(timestamps(engine, readings)).isEqualTo(range(0, 50));
            assertThat(timestamps(engine, other)).isEqualTo(range(0, 35));
        }
    }

    @Test
    void aCrashAfterATableFlushLosesNothing() {
        ShardedStorageEngine crashed = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata readings = createReadings(crashed);
        TableMetadata other = createOther(crashed);
        writeRows(crashed, readings, 0, 40);
        writeRows(crashed, other, 0, 30);
        join(crashed.flush(List.of(readings)));
        writeRows(crashed, readings, 40, 45);
        writeRows(crashed, other, 30, 33);
        crashed.halt();

        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            // the commit log was not trimmed: everything replays, the flushed table's rows over its SSTables
            assertThat(engine.replayedMutations()).isEqualTo(45 + 33);
            assertThat(timestamps(engine, readings)).isEqualTo(range(0, 45));
            assertThat(timestamps(engine, other)).isEqualTo(range(0, 33));
            join(engine.flush(List.of(other)));
            join(engine.flush());
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.replayedMutations()).as("a whole flush trims the log").isZero();
            assertThat(timestamps(engine, readings)).isEqualTo(range(0, 45));
            assertThat(timestamps(engine, other)).isEqualTo(range(0, 33));
        }
    }

    @Test
    void aWholeFlushAfterATableFlushTrimsTheCommitLog() {
        ShardedStorageEngine crashed = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata readings = createReadings(crashed);
        TableMetadata other = createOther(crashed);
        writeRows(crashed, readings, 0, 20);
        writeRows(crashed, other, 0, 20);
        join(crashed.flush(List.of(other)));
        join(crashed.flush());
        writeRows(crashed, other, 20, 25);
        crashed.halt();
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.replayedMutations()).isEqualTo(5);
            assertThat(timestamps(engine, readings)).isEqualTo(range(0, 20));
            assertThat(timestamps(engine, other)).isEqualTo(range(0, 25));
        }
    }

    @Test
    void anUnknownTableIsRefusedAndNoTablesFlushNothing() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata readings = createReadings(engine);
            writeRows(engine, readings, 0, 5);
            TableMetadata missing = new TableMetadata("ks", "missing", UUID.randomUUID(), readings.columns(),
                    TableParams.DEFAULT);
            assertThatThrownBy(() -> engine.flush(List.of(readings, missing)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing");
            join(engine.flush(List.of()));
            assertThat(engine.memtableRowCount(readings)).isEqualTo(5);
        }
    }
}
