package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code commitlog_sync: group} window semantics on the node clock: a write after a quiet window is synced and
 * acknowledged at once; writes inside a window are applied (readable) but acknowledged only by the msync that
 * follows the window, together.
 */
class GroupCommitTest {

    private static final long WINDOW_MILLIS = 50;

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    @Test
    void writesInsideAWindowWaitForItsSyncAndShareIt() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.GROUP,
                WINDOW_MILLIS, 0);
        long now = START_MICROS / 1_000_000;
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            TableMetadata table = createReadings(engine);
            join(engine.write(List.of(insert(table, "dev", 0, 0, START_MICROS))));

            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                window.add(engine.write(List.of(insert(table, "dev", i, i, START_MICROS))));
            }
            awaitRows(engine, table, now, 21);
            assertThat(window).as("applied, but the group window has not passed on the node clock")
                    .noneMatch(CompletableFuture::isDone);

            clock.advanceMicros(WINDOW_MILLIS * 1_000);
            window.forEach(EngineFixture::join);
            assertThat(window).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        }
    }

    @Test
    void closingAcknowledgesWritesStillWaitingForTheirWindow() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.GROUP,
                60_000, 0);
        CompletableFuture<Void> waiting;
        TableMetadata table;
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            table = createReadings(engine);
            join(engine.write(List.of(insert(table, "dev", 0, 0, START_MICROS))));
            waiting = engine.write(List.of(insert(table, "dev", 1, 1, START_MICROS)));
            awaitRows(engine, table, START_MICROS / 1_000_000, 2);
            assertThat(waiting).isNotDone();
        }
        assertThat(waiting).isCompleted();
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            assertThat(readAll(engine, table, "dev", START_MICROS / 1_000_000)).hasSize(2);
        }
    }

    private static void awaitRows(ShardedStorageEngine engine, TableMetadata table, long now, int rows) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (readAll(engine, table, "dev", now).size() < rows) {
            assertThat(System.nanoTime()).as("rows applied within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
