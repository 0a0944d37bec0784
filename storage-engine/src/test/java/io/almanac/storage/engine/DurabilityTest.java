package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DurabilityTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    @Test
    void reopenAfterCloseReplaysNothingAndKeepsEverything() {
        TableMetadata table;
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            table = createReadings(engine);
            for (int i = 0; i < 200; i++) {
                write(engine, insert(table, "dev-" + (i % 7), i, i, START_MICROS + i));
            }
        }
        for (int round = 0; round < 2; round++) {
            try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
                assertThat(engine.replayedMutations()).isZero();
                assertThat(engine.schema().table("ks", "readings")).isEqualTo(table);
                long rows = 0;
                for (int d = 0; d < 7; d++) {
                    rows += readAll(engine, table, "dev-" + d, now).size();
                }
                assertThat(rows).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CommitLogSync.class)
    void everyAcknowledgedWriteSurvivesACrash(CommitLogSync sync) throws Exception {
        TableMetadata table;
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        StorageConfig config = new StorageConfig(directory, 2, 1 << 16, 1L << 24, sync, 10, 0);
        ShardedStorageEngine crashed = EngineFixture.open(config, clock);
        table = createReadings(crashed);
        write(crashed, insert(table, "early", 1, 1, START_MICROS));
        join(crashed.flush());
        int offered = 0;
        CountDownLatch allAnswered = new CountDownLatch(3000);
        for (long i = 0; i < 3000; i++) {
            long ts = i;
            WriteCallback callback = new WriteCallback() {
                @Override
                public void onCommitted() {
                    acknowledged.add(ts);
                    allAnswered.countDown();
                }

                @Override
                public void onFailed(Throwable cause) {
                    allAnswered.countDown();
                }
            };
            while (crashed.offer(insert(table, "dev-" + (i % 13), i, i, START_MICROS), callback)
                    == WriteResult.BACK_PRESSURED) {
                Thread.onSpinWait();
            }
            offered++;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!allAnswered.await(1, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            clock.advanceMicros(10_000); // GROUP acknowledges once the 10 ms group window of the node clock passes
        }
        assertThat(allAnswered.getCount()).isZero();
        crashed.halt();
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            assertThat(engine.replayedMutations()).as("flushed data is not replayed").isEqualTo(offered);
            List<Long> found = new ArrayList<>();
            for (int d = 0; d < 13; d++) {
                readAll(engine, table, "dev-" + d, now).forEach(row -> found.add(EngineFixture.tsOf(row)));
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(readAll(engine, table, "early", now)).hasSize(1);
        }
    }

    @Test
    void replaySkipsAndCountsMutationsOfDroppedTables() {
        ShardedStorageEngine crashed = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(crashed);
        write(crashed, insert(table, "a", 1, 1, START_MICROS), insert(table, "b", 1, 1, START_MICROS));
        crashed.dropTable("ks", "readings", false);
        crashed.halt();
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.replayedMutations()).isZero();
            assertThat(engine.skippedReplayMutations()).isEqualTo(2);
            assertThat(engine.schema().table("ks", "readings")).isNull();
        }
    }

    @Test
    void flushDeletesCommitLogCyclesItCovers() throws IOException {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = createReadings(engine);
            for (int hour = 0; hour < 3; hour++) {
                for (int d = 0; d < 8; d++) {
                    write(engine, insert(table, "dev-" + d, hour, hour, clock.nowMicros()));
                }
                clock.advanceSeconds(3600);
            }
            assertThat(cycleFiles()).as("three hourly cycles per shard").hasSizeGreaterThanOrEqualTo(5);
            write(engine, insert(table, "dev-0", 99, 99, clock.nowMicros()));
            join(engine.flush());
            awaitCondition(() -> cycleFiles().size() <= 2);
            assertThat(cycleFiles()).hasSizeLessThanOrEqualTo(2);
            assertThat(readAll(engine, table, "dev-0", now)).hasSize(4);
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.replayedMutations()).isZero();
        }
    }

    private List<Path> cycleFiles() {
        try (Stream<Path> files = Files.walk(directory.resolve("commitlog"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls (bounded) for a condition the writer threads establish asynchronously. */
    static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
