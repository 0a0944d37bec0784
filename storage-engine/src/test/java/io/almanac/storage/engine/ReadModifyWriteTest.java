package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.valueOf;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.write.PartitionUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StorageEngine#readModifyWrite}: updates of one partition run on its shard writer one at a time, see every
 * earlier write (memtable and SSTable), get increasing timestamps under a frozen clock, and their writes survive a
 * crash like any other.
 */
class ReadModifyWriteTest {

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(START_MICROS);
    private ShardedStorageEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Adds 1 to the value of row ts=1 (0 when absent); @return the value it saw. */
    private static PartitionUpdate<Double> increment(TableMetadata table) {
        return (rows, timestampMicros, nowSeconds) -> {
            double seen = rows.isEmpty() || rows.get(0).cells()[0] == null ? 0 : valueOf(rows.get(0));
            Cell cell = Cell.live(timestampMicros, 0, nowSeconds, NativeType.DOUBLE.encode(seen + 1));
            Row row = new Row(ts(1), null, null, new Cell[] {cell, null});
            return PartitionUpdate.Outcome.write(Mutation.of(table, key("d"), List.of(row)), seen);
        };
    }

    private CompletableFuture<Double> incrementRow(TableMetadata table) {
        return engine.readModifyWrite(table, key("d"), Slice.prefix(ts(1)), increment(table));
    }

    @Test
    void concurrentIncrementsOfOnePartitionNeverLoseAnUpdate() throws Exception {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(engine);
        int threads = 8;
        int perThread = 250;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Double>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    List<Double> seen = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        seen.add(incrementRow(table).get(60, TimeUnit.SECONDS));
                    }
                    return seen;
                }));
            }
            Set<Double> seen = new HashSet<>();
            for (Future<List<Double>> result : results) {
                seen.addAll(result.get(120, TimeUnit.SECONDS));
            }
            assertThat(seen).hasSize(threads * perThread);
        } finally {
            executor.shutdownNow();
        }
        List<Row> rows = readAll(engine, table, "d", clock.nowSeconds());
        assertThat(valueOf(rows.get(0))).isEqualTo(threads * perThread);
    }

    @Test
    void onlyOneOfConcurrentInsertsIfNotExistsApplies() {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(engine);
        List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double value = i;
            attempts.add(engine.readModifyWrite(table, key("d"), Slice.prefix(ts(7)), (rows, micros, now) ->
                    rows.isEmpty()
                            ? PartitionUpdate.Outcome.write(insert(table, "d", 7, value, "first", micros, 0, now), true)
                            : PartitionUpdate.Outcome.unchanged(false)));
        }
        long applied = attempts.stream().map(EngineFixture::join).filter(Boolean::booleanValue).count();
        assertThat(applied).isEqualTo(1);
        assertThat(valueOf(readAll(engine, table, "d", clock.nowSeconds()).get(0))).isEqualTo(0.0);
    }

    @Test
    void seesFlushedDataAndWritesAboveItsTimestamps() {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(engine);
        long futureMicros = START_MICROS + 5_000_000;
        write(engine, insert(table, "d", 1, 41.0, futureMicros));
        join(engine.flush());
        assertThat(join(incrementRow(table))).isEqualTo(41.0);
        Row row = readAll(engine, table, "d", clock.nowSeconds()).get(0);
        assertThat(valueOf(row)).isEqualTo(42.0);
        assertThat(row.cells()[0].timestampMicros()).isGreaterThan(futureMicros);
    }

    @Test
    void refusedUpdatesWriteNothing() {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(engine);
        CompletableFuture<Object> refused = engine.readModifyWrite(table, key("d"), Slice.ALL, (rows, micros, now) -> {
            throw new InvalidRequestException("List index 3 out of bound, list has size 0");
        });
        assertThatThrownBy(() -> refused.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidRequestException.class).hasMessageContaining("out of bound");
        CompletableFuture<Object> otherPartition = engine.readModifyWrite(table, key("d"), Slice.ALL,
                (rows, micros, now) -> PartitionUpdate.Outcome.write(insert(table, "e", 1, 1.0, "x", micros, 0, now),
                        null));
        assertThatThrownBy(() -> otherPartition.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InvalidRequestException.class);
        assertThat(readAll(engine, table, "d", clock.nowSeconds())).isEmpty();
        assertThat(readAll(engine, table, "e", clock.nowSeconds())).isEmpty();
        assertThat(engine.errors().distinctErrors()).isZero();
    }

    @Test
    void appliedUpdatesSurviveACrash() {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        TableMetadata table = createReadings(engine);
        for (int i = 0; i < 20; i++) {
            join(incrementRow(table));
        }
        engine.halt();
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        assertThat(valueOf(readAll(engine, table, "d", clock.nowSeconds()).get(0))).isEqualTo(20.0);
        assertThat(join(incrementRow(table))).isEqualTo(20.0);
    }
}
