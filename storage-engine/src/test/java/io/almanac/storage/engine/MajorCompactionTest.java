package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.write;
import static io.almanac.storage.engine.TestTimeWindowStrategyProvider.HOURLY;
import static io.almanac.storage.engine.TestTimeWindowStrategyProvider.HOUR_MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.compaction.CompactionProgress;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Major compactions ({@code nodetool compact}), with and without a window, the SSTables holding a key
 * ({@code nodetool getsstables}) and the progress a running compaction reports ({@code nodetool compactionstats}).
 */
class MajorCompactionTest {

    private static final long BASE_MICROS = (START_MICROS / HOUR_MICROS + 1) * HOUR_MICROS;

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    private ShardedStorageEngine open(int compactionThroughputMebibytesPerSecond) {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 20, 1L << 26, CommitLogSync.PERIODIC, 10_000,
                compactionThroughputMebibytesPerSecond);
        return ShardedStorageEngine.open(config, clock, List.of(new TestCompactionStrategyProvider(),
                new TestTimeWindowStrategyProvider()));
    }

    /** A table whose background strategy never runs in these tests ({@code min_threshold} 1000). */
    private static TableMetadata createTable(ShardedStorageEngine engine, String compactionClass) {
        engine.createKeyspace(EngineFixture.keyspace(), true);
        TableMetadata table = EngineFixture.readings(TableParams.DEFAULT.withCompaction(Map.of("class",
                compactionClass, "min_threshold", "1000")));
        engine.createTable(table, true);
        return table;
    }

    private static long at(int hour, int minute) {
        return BASE_MICROS + hour * HOUR_MICROS + minute * 60_000_000L;
    }

    /** Three flushes, each with points of devices d0..d2 in hours 0, 1 and 2. */
    private static void writeThreeFlushesOfThreeHours(ShardedStorageEngine engine, TableMetadata table) {
        for (int flush = 0; flush < 3; flush++) {
            for (int hour = 0; hour < 3; hour++) {
                for (String device : List.of("d0", "d1", "d2")) {
                    long micros = at(hour, 10 + flush);
                    write(engine, insert(table, device, micros, hour + flush / 10.0, micros));
                }
            }
            join(engine.flush());
        }
    }

    private static List<Long> windowsOf(List<SSTableInfo> sstables) {
        return sstables.stream().map(s -> HOURLY.splitKeyOf(s.maxTimestampMicros())).sorted().toList();
    }

    @Test
    void aMajorCompactionOfATimeWindowedTableKeepsEveryWindowApart() {
        try (ShardedStorageEngine engine = open(0)) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME);
            writeThreeFlushesOfThreeHours(engine, table);
            assertThat(engine.sstables(table)).hasSize(9);
            Object before = readAll(engine, table, "d1", clock.nowSeconds());
            long completedBefore = engine.completedCompactions();

            List<SSTableInfo> written = join(engine.compact(table, OptionalLong.empty()));

            assertThat(written).hasSize(3);
            assertThat(engine.sstables(table)).containsExactlyInAnyOrderElementsOf(written);
            assertThat(windowsOf(written)).containsExactly(HOURLY.splitKeyOf(at(0, 0)),
                    HOURLY.splitKeyOf(at(1, 0)), HOURLY.splitKeyOf(at(2, 0)));
            assertThat(written).allSatisfy(s -> assertThat(HOURLY.splitKeyOf(s.minTimestampMicros()))
                    .isEqualTo(HOURLY.splitKeyOf(s.maxTimestampMicros())));
            assertThat(written).allSatisfy(s -> assertThat(s.rowCount()).isEqualTo(9));
            assertThat(readAll(engine, table, "d1", clock.nowSeconds())).isEqualTo(before);
            assertThat(engine.completedCompactions()).isEqualTo(completedBefore + 1);
            assertThat(engine.compactionBytesWritten())
                    .isEqualTo(written.stream().mapToLong(SSTableInfo::sizeBytes).sum());
            assertThat(engine.activeCompactions()).isEmpty();
            assertThat(engine.pendingCompactions()).isZero();
        }
    }

    @Test
    void aMajorCompactionOfOneWindowLeavesTheOtherWindowsAlone() {
        try (ShardedStorageEngine engine = open(0)) {
            TableMetadata table = createTable(engine, TestTimeWindowStrategyProvider.CLASS_NAME);
            writeThreeFlushesOfThreeHours(engine, table);
            List<SSTableInfo> untouched = engine.sstables(table).stream()
                    .filter(s -> HOURLY.splitKeyOf(s.maxTimestampMicros()) != HOURLY.splitKeyOf(at(1, 0))).toList();

            List<SSTableInfo> written = join(engine.compact(table, OptionalLong.of(at(1, 59))));

            assertThat(written).hasSize(1);
            assertThat(HOURLY.splitKeyOf(written.get(0).maxTimestampMicros())).isEqualTo(HOURLY.splitKeyOf(at(1, 0)));
            assertThat(engine.sstables(table)).hasSize(7).containsAll(untouched).contains(written.get(0));
            assertThat(join(engine.compact(table, OptionalLong.of(at(5, 0))))).isEmpty();
            assertThat(engine.sstables(table)).hasSize(7);
        }
    }

    @Test
    void aMajorCompactionOfASizeTieredTableMergesEverythingIntoOneSSTable() {
        try (ShardedStorageEngine engine = open(0)) {
            TableMetadata table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME);
            writeThreeFlushesOfThreeHours(engine, table);
            assertThat(engine.sstables(table)).hasSize(3);

            List<SSTableInfo> written = join(engine.compact(table, OptionalLong.empty()));

            assertThat(written).hasSize(1);
            assertThat(written.get(0).rowCount()).isEqualTo(27);
            assertThat(engine.sstables(table)).containsExactly(written.get(0));
            assertThat(readAll(engine, table, "d2", clock.nowSeconds())).hasSize(9);
            CompletableFuture<List<SSTableInfo>> windowed = engine.compact(table, OptionalLong.of(at(0, 0)));
            assertThatThrownBy(() -> windowed.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidRequestException.class).hasMessageContaining("without a window");
        }
    }

    @Test
    void sstablesContainingAnswersOnlyTheSSTablesWhoseIndexHoldsTheKey() {
        try (ShardedStorageEngine engine = open(0)) {
            TableMetadata table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME);
            write(engine, insert(table, "d0", 1, 1.0, at(0, 1)));
            join(engine.flush());
            write(engine, insert(table, "d1", 2, 2.0, at(0, 2)));
            join(engine.flush());
            List<Mutation> many = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                many.add(insert(table, "present-" + i, 3, 3.0, at(0, 3)));
            }
            many.add(EngineFixture.deletePartition(table, "d0", at(0, 4)));
            join(engine.write(many));
            join(engine.flush());
            List<Long> generations = engine.sstables(table).stream().map(SSTableInfo::generation).sorted().toList();
            assertThat(generations).hasSize(3);

            assertThat(engine.sstablesContaining(table, key("d0"))).extracting(SSTableInfo::generation)
                    .containsExactly(generations.get(0), generations.get(2));
            assertThat(engine.sstablesContaining(table, key("d1"))).extracting(SSTableInfo::generation)
                    .containsExactly(generations.get(1));
            for (int i = 0; i < 2000; i++) {
                assertThat(engine.sstablesContaining(table, key("absent-" + i))).as("absent-%d", i).isEmpty();
            }
            List<Path> files = engine.sstableFiles(table, generations.get(1));
            assertThat(files.get(0).getFileName().toString()).isEqualTo(generations.get(1) + "-Data.db");
            assertThat(files.get(files.size() - 1).getFileName().toString()).endsWith("-TOC.txt");
            assertThat(files).allSatisfy(file -> assertThat(Files.exists(file)).isTrue());
            assertThat(engine.sstableFiles(table, 999)).isEmpty();
        }
    }

    /** Two flushes of 4,000 rows each, enough bytes that a compaction throttled to 1 MiB/s runs for a while. */
    private static void writeTwoWeightyFlushes(ShardedStorageEngine engine, TableMetadata table) {
        for (int flush = 0; flush < 2; flush++) {
            List<Mutation> batch = new ArrayList<>();
            for (int device = 0; device < 1000; device++) {
                for (int ts = 0; ts < 4; ts++) {
                    long micros = at(0, 0) + flush * 10 + ts;
                    batch.add(insert(table, "device-" + device, ts + flush * 10, device,
                            "a note long enough to give each row some weight " + device, micros, 0,
                            micros / 1_000_000));
                }
                if (batch.size() >= 400) {
                    join(engine.write(batch));
                    batch.clear();
                }
            }
            join(engine.write(batch));
            join(engine.flush());
        }
    }

    /**
     * TRUNCATE while a compaction of the table runs: when the truncate completes no SSTable file of the table is left
     * on disk (neither the compaction's inputs nor its output), so nothing truncated can come back at the next start.
     */
    @Test
    void truncateDuringACompactionLeavesNoFileBehind() throws Exception {
        TableMetadata table;
        try (ShardedStorageEngine engine = open(1)) {
            table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME);
            writeTwoWeightyFlushes(engine, table);
            CompletableFuture<List<SSTableInfo>> compaction = engine.compact(table, OptionalLong.empty());
            long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (engine.activeCompactions().isEmpty() && !compaction.isDone() && System.nanoTime() < deadlineNanos) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertThat(compaction).as("the throttled compaction is still running").isNotDone();

            join(engine.truncate(table));

            assertThat(compaction).isDone();
            assertThat(engine.sstables(table)).isEmpty();
            try (var files = java.nio.file.Files.walk(directory.resolve("data"))) {
                assertThat(files.filter(f -> f.toString().endsWith("-Data.db")).toList()).isEmpty();
            }
        }
        try (ShardedStorageEngine reopened = open(0)) {
            TableMetadata current = reopened.schema().requireTable(table.keyspace(), table.name());
            assertThat(reopened.sstables(current)).isEmpty();
            assertThat(EngineFixture.readAll(reopened, current, "device-1", START_MICROS / 1_000_000)).isEmpty();
        }
    }

    @Test
    void aRunningCompactionReportsItsProgressInBytes() throws Exception {
        try (ShardedStorageEngine engine = open(1)) {
            TableMetadata table = createTable(engine, TestCompactionStrategyProvider.CLASS_NAME);
            writeTwoWeightyFlushes(engine, table);
            long inputBytes = inputDataBytes(engine, table);

            CompletableFuture<List<SSTableInfo>> done = engine.compact(table, OptionalLong.empty());
            List<CompactionProgress> seen = new ArrayList<>();
            long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!done.isDone() && System.nanoTime() < deadlineNanos) {
                seen.addAll(engine.activeCompactions());
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            join(done);

            assertThat(seen).isNotEmpty();
            assertThat(seen).allSatisfy(progress -> {
                assertThat(progress.kind()).isEqualTo(CompactionProgress.Kind.MAJOR_COMPACTION);
                assertThat(progress.keyspace()).isEqualTo("ks");
                assertThat(progress.table()).isEqualTo("readings");
                assertThat(progress.totalBytes()).isEqualTo(inputBytes);
                assertThat(progress.completedBytes()).isBetween(0L, inputBytes);
            });
            assertThat(seen).extracting(CompactionProgress::completedBytes).isSorted();
            assertThat(seen).extracting(CompactionProgress::completedBytes).anyMatch(bytes -> bytes < inputBytes);
            assertThat(seen).extracting(CompactionProgress::id).containsOnly(seen.get(0).id());
            assertThat(engine.activeCompactions()).isEmpty();
        }
    }

    private static long inputDataBytes(ShardedStorageEngine engine, TableMetadata table) throws Exception {
        long bytes = 0;
        for (SSTableInfo sstable : engine.sstables(table)) {
            bytes += Files.size(engine.sstableFiles(table, sstable.generation()).get(0));
        }
        return bytes;
    }
}
