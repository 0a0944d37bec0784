package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    @Test
    void fourFlushesAreMergedIntoOneSSTableWithShadowedDataDropped() throws IOException {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            TableMetadata table = createReadings(engine);
            for (int flush = 0; flush < 4; flush++) {
                for (int i = 0; i < 10; i++) {
                    write(engine, insert(table, "d", i, flush * 100 + i, START_MICROS + flush));
                }
                if (flush == 2) {
                    write(engine, EngineFixture.deleteRow(table, "d", 9, START_MICROS + 10));
                }
                write(engine, insert(table, "other-" + flush, 1, 1, START_MICROS));
                join(engine.flush());
            }
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).size() == 1);
            List<SSTableInfo> live = engine.sstables(table);
            assertThat(live).hasSize(1);
            assertThat(engine.completedCompactions()).isGreaterThanOrEqualTo(1);
            assertThat(live.get(0).partitionCount()).isEqualTo(5);
            assertThat(live.get(0).rowCount()).as("row 9 is still held by its (unpurgeable) deletion").isEqualTo(14);
            assertThat(readAll(engine, table, "d", now)).extracting(EngineFixture::valueOf)
                    .containsExactly(300.0, 301.0, 302.0, 303.0, 304.0, 305.0, 306.0, 307.0, 308.0);
            assertThat(dataFiles()).hasSize(1);
        }
    }

    @Test
    void expiredDataAndTombstonesPastGcGraceArePurged() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            TableParams params = TableParams.DEFAULT.withCompaction(Map.of("class", "SizeTieredCompactionStrategy",
                    "min_threshold", "2"));
            params = new TableParams("", params.compaction(), params.compression(), params.caching(), 0, 60, 0.01,
                    1.0, 0, "99p");
            TableMetadata table = EngineFixture.readings(params);
            engine.createTable(table, false);
            write(engine, insert(table, "d", 1, 1, "ttl", START_MICROS, 100, now));
            write(engine, insert(table, "d", 2, 2, START_MICROS));
            join(engine.flush());
            write(engine, EngineFixture.deleteRow(table, "d", 2, START_MICROS + 1));
            clock.advanceSeconds(1000);
            join(engine.flush());
            join(engine.compactNow());
            DurabilityTest.awaitCondition(() -> engine.sstables(table).isEmpty());
            assertThat(engine.sstables(table)).as("everything expired or deleted past gc grace").isEmpty();
            assertThat(readAll(engine, table, "d", clock.nowSeconds())).isEmpty();
        }
    }

    @Test
    void droppedSSTablesLeaveTheLiveSetAndTheDisk() throws IOException {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = createReadings(engine);
            assertThat(engine.minMemtableTimestampMicros(table)).isEqualTo(Long.MAX_VALUE);
            write(engine, insert(table, "d", 1, 1, START_MICROS + 5), insert(table, "e", 1, 1, START_MICROS + 3));
            assertThat(engine.minMemtableTimestampMicros(table)).isEqualTo(START_MICROS + 3);
            join(engine.flush());
            assertThat(engine.minMemtableTimestampMicros(table)).isEqualTo(Long.MAX_VALUE);
            List<SSTableInfo> live = engine.sstables(table);
            assertThat(live).isNotEmpty();
            assertThat(live).allSatisfy(info -> assertThat(info.maxLocalDeletionTimeSeconds())
                    .isEqualTo(Long.MAX_VALUE));
            List<SSTableInfo> dropped = engine.dropSSTables(table, live, "test");
            assertThat(dropped).hasSameElementsAs(live);
            assertThat(engine.dropSSTables(table, live, "again")).isEmpty();
            assertThat(engine.sstables(table)).isEmpty();
            assertThat(dataFiles()).isEmpty();
            assertThat(readAll(engine, table, "d", now)).isEmpty();
        }
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList();
        }
    }
}
