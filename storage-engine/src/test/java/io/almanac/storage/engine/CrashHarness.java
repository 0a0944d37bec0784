package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.FaultInjectingStorageFiles;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One crash-test run: a data directory, a {@link FaultInjectingStorageFiles} over it, an engine on it (commitlog_sync
 * group, 1 ms window, so an acknowledged write is msynced), a model of what was acknowledged, and the checks made
 * after reopening the directory on the real file system.
 *
 * <p>The data set: SSTable A (devices d0..d5, ts 0..3, and a row tombstone on d4/9), SSTable B (a row tombstone on
 * d0/1, a partition tombstone on d1, an overwrite of d2/2, and a write to d4/9 older than A's tombstone), and
 * memtable C (new device d6, a row tombstone on d2/3, a new row d3/7), acknowledged but only in the commit log. The
 * table has {@code gc_grace_seconds = 0} and the clock moves past the tombstones, so a compaction of A and B purges
 * them together with what they shadow: losing either input before the other would resurrect data.
 *
 * <p>Thread safety: test thread only.
 */
final class CrashHarness implements AutoCloseable {

    static final int DEVICES = 7;

    final Path directory;
    final ManualClock clock = new ManualClock(START_MICROS);
    final FaultInjectingStorageFiles faults;
    final TableMetadata table = EngineFixture.readings(params());
    /** device -> ts -> value, of every acknowledged write not deleted since. */
    final Map<String, Map<Long, Double>> expected = new TreeMap<>();
    ShardedStorageEngine engine;

    CrashHarness(Path directory, long seed) {
        this.directory = directory;
        this.faults = new FaultInjectingStorageFiles(directory, new java.util.Random(seed));
        for (int d = 0; d < DEVICES; d++) {
            expected.put("d" + d, new TreeMap<>());
        }
    }

    static TableParams params() {
        TableParams base = TableParams.DEFAULT.withCompaction(Map.of("class", "SizeTieredCompactionStrategy",
                "min_threshold", "32"));
        return new TableParams("", base.compaction(), base.compression(), base.caching(), 0, 0, 0.01, 1.0, 0, "99p");
    }

    StorageConfig config(boolean withFaults) {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.GROUP, 1, 0);
        return withFaults ? config.withFiles(faults) : config;
    }

    /** Opens the engine on the fault-injecting files. */
    ShardedStorageEngine openWithFaults() {
        engine = EngineFixture.open(config(true), clock);
        return engine;
    }

    /** Writes A and B as SSTables and C into the memtable (all acknowledged), on the fault-injecting files. */
    void writeDataSet() {
        openWithFaults();
        engine.createKeyspace(EngineFixture.keyspace(), false);
        engine.createTable(table, false);
        for (int d = 0; d < DEVICES - 1; d++) {
            for (long ts = 0; ts < 4; ts++) {
                insert("d" + d, ts, 10.0 * d + ts, START_MICROS);
            }
        }
        delete(EngineFixture.deleteRow(table, "d4", 9, START_MICROS + 5), "d4", 9L);
        assertThat(await(engine.flush())).isNull();
        delete(EngineFixture.deleteRow(table, "d0", 1, START_MICROS + 1), "d0", 1L);
        delete(EngineFixture.deletePartition(table, "d1", START_MICROS + 1), "d1", null);
        insert("d2", 2, 999, START_MICROS + 1);
        writeShadowed(EngineFixture.insert(table, "d4", 9, 49, START_MICROS));
        assertThat(await(engine.flush())).isNull();
        clock.advanceSeconds(10);
        for (long ts = 0; ts < 3; ts++) {
            insert("d6", ts, 60 + ts, clock.nowMicros());
        }
        delete(EngineFixture.deleteRow(table, "d2", 3, clock.nowMicros()), "d2", 3L);
        insert("d3", 7, 37, clock.nowMicros());
    }

    void insert(String device, long ts, double value, long timestampMicros) {
        assertThat(await(engine.write(List.of(EngineFixture.insert(table, device, ts, value, timestampMicros)))))
                .as("write acknowledged").isNull();
        expected.get(device).put(ts, value);
    }

    /** Writes data older than a tombstone already written: acknowledged, but never visible. */
    private void writeShadowed(Mutation mutation) {
        assertThat(await(engine.write(List.of(mutation)))).as("write acknowledged").isNull();
    }

    private void delete(Mutation mutation, String device, Long ts) {
        assertThat(await(engine.write(List.of(mutation)))).as("deletion acknowledged").isNull();
        if (ts == null) {
            expected.get(device).clear();
        } else {
            expected.get(device).remove(ts);
        }
    }

    /** Waits for {@code future}, moving the clock so group commit windows pass; @return null if it failed */
    <T> Throwable await(CompletableFuture<T> future) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                future.get(1, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                clock.advanceMicros(1_000);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("future did not complete in 60 s");
    }

    /** Simulates the process dying: the engine's threads stop, nothing more is written. */
    void halt() {
        if (engine != null) {
            engine.halt();
            engine = null;
        }
    }

    /** Reopens on the real file system; @return the engine (closed by {@link #close}) */
    ShardedStorageEngine reopen() {
        halt();
        engine = EngineFixture.open(config(false), clock);
        return engine;
    }

    /** @return device -> ts -> value as read now */
    Map<String, Map<Long, Double>> readAll(TableMetadata readTable) {
        Map<String, Map<Long, Double>> found = new TreeMap<>();
        for (String device : expected.keySet()) {
            Map<Long, Double> rows = new TreeMap<>();
            for (Row row : EngineFixture.readAll(engine, readTable, device, clock.nowSeconds())) {
                rows.put(EngineFixture.tsOf(row), EngineFixture.valueOf(row));
            }
            found.put(device, rows);
        }
        return found;
    }

    /** Asserts every acknowledged write is readable with its value and nothing deleted came back. */
    void assertModel(String context) {
        assertThat(readAll(table)).as(context).isEqualTo(expected);
    }

    /** Asserts what is read is a subset of the model (a failed TRUNCATE may have removed some SSTables). */
    void assertSubsetOfModel(String context) {
        Map<String, Map<Long, Double>> found = readAll(table);
        for (Map.Entry<String, Map<Long, Double>> device : found.entrySet()) {
            Map<Long, Double> allowed = expected.get(device.getKey());
            for (Map.Entry<Long, Double> row : device.getValue().entrySet()) {
                assertThat(allowed).as(context + ": " + device.getKey() + " may only hold acknowledged rows")
                        .containsEntry(row.getKey(), row.getValue());
            }
        }
    }

    /** Asserts no temp file, obsolete log or generation without a TOC is left under the data directory. */
    void assertNoLeftovers(String context) throws IOException {
        Map<Path, Set<String>> generations = new HashMap<>();
        Set<Path> withToc = new HashSet<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                assertThat(name).as(context + ": leftover " + file).doesNotEndWith(DurableFiles.TEMP_SUFFIX)
                        .doesNotStartWith(ObsoleteSSTablesLog.PREFIX);
                if (file.startsWith(directory.resolve("data")) && Character.isDigit(name.charAt(0))) {
                    String generation = name.substring(0, name.indexOf('-'));
                    generations.computeIfAbsent(file.getParent(), p -> new HashSet<>()).add(generation);
                    if (name.endsWith("-TOC.txt")) {
                        withToc.add(file.getParent().resolve(generation));
                    }
                }
            }
        }
        generations.forEach((dir, gens) -> gens.forEach(gen -> assertThat(withToc)
                .as(context + ": generation " + gen + " in " + dir + " has a TOC").contains(dir.resolve(gen))));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
