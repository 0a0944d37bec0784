package io.almanac.server.bench;

import io.almanac.compaction.twcs.CompactionWindow;
import io.almanac.compaction.twcs.SizeTieredCompactionStrategyProvider;
import io.almanac.compaction.twcs.TimeWindowCompactionStrategyProvider;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import io.almanac.ttl.TtlSweeper;
import io.almanac.ttl.TtlSweeperConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The storage benchmark (issue 4): the real storage engine in-process, no network, time driven by a
 * {@link ManualClock}. It writes a simulated month of device data into the reference TWCS table with a TTL, the
 * cells timestamped with their sample time (CQL {@code USING TIMESTAMP}) while the clock follows the samples, so
 * windows close and TTLs run out during the run; the engine flushes at its (small) memtable threshold and compacts
 * on its own; the TTL sweeper drops expired windows. Then it measures:
 *
 * <pre>
 *   for each sample time t (start .. end, every interval):
 *     at each hour boundary H:   wait for the acknowledgements; clock := H;
 *                                wait until compaction is idle; sweep (timed)
 *     clock := t; offer one mutation per device (one row per metric, timestamp t, TTL)
 *   clock := end; flush; wait for compaction; final sweep
 *   windows, write amplification   (state after the month)
 *   random one-hour reads          (latency, blocks decompressed, SSTables in range)
 *   major compaction (timed)       then bytes on disk per live row; every partition read back
 * </pre>
 *
 * <p>Compactions are asynchronous; waiting for them at every simulated hour keeps runs comparable. The engine's
 * counters give the bytes flushes write, the bytes compactions read and write and their wall time
 * ({@code StorageEngine.flushBytesWritten}, {@code compactionBytesRead}, {@code compactionNanos}).
 *
 * <p>Thread safety: one run per instance, on the calling thread.
 */
public final class StorageBench {

    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final StorageBenchOptions options;
    private final Path dataDirectory;
    private final ManualClock clock;
    private final TableMetadata table;
    private ShardedStorageEngine engine;
    private ExpiryRecorder expiry;
    private MutationWriter writer;
    private long rowsWritten;
    private long liveRowsExpected;

    private StorageBench(StorageBenchOptions options, Path dataDirectory) {
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.clock = new ManualClock(options.start().getEpochSecond() * 1_000_000L);
        this.table = SensorDataTable.table(options.ttlSeconds(), options.gcGraceSeconds());
    }

    /**
     * Runs the benchmark in {@code dataDirectory} (which should be empty) and closes the engine.
     *
     * @throws IllegalStateException if a write, flush or compaction fails or does not finish within 10 minutes
     * @throws UncheckedIOException if the directory cannot be used
     */
    public static StorageBenchReport run(StorageBenchOptions options, Path dataDirectory) {
        return new StorageBench(options, dataDirectory).run();
    }

    private StorageBenchReport run() {
        StorageConfig config = new StorageConfig(dataDirectory, options.shards(), 1 << 22,
                options.memtableFlushThresholdBytes(), CommitLogSync.PERIODIC, 10_000,
                options.compactionThroughputMebibytesPerSecond());
        // the sweeper's own schedule is never started: the run sweeps at each simulated hour, by the manual clock
        ScheduledExecutorService unusedScheduler = Executors.newSingleThreadScheduledExecutor();
        try (ShardedStorageEngine opened = ShardedStorageEngine.open(config, clock, List.of(
                new SizeTieredCompactionStrategyProvider(), new TimeWindowCompactionStrategyProvider()));
             TtlSweeper sweeper = new TtlSweeper(opened, clock, unusedScheduler, TtlSweeperConfig.defaults())) {
            engine = opened;
            expiry = new ExpiryRecorder(sweeper);
            writer = new MutationWriter(engine, TIMEOUT_NANOS);
            engine.createKeyspace(SensorDataTable.keyspace(), false);
            engine.createTable(table, false);
            return measure();
        } finally {
            unusedScheduler.shutdownNow();
        }
    }

    private StorageBenchReport measure() {
        long startNanos = System.nanoTime();
        writeMonth();
        double writeSeconds = (System.nanoTime() - startNanos) / 1e9;
        List<SSTableInfo> live = engine.sstables(table);
        StorageBenchReport.Windows windows = windows(live);
        StorageBenchReport.WriteAmplification amplification = writeAmplification(live);
        long backgroundCompactions = engine.completedCompactions();
        long backgroundBytesRead = engine.compactionBytesRead();
        long backgroundNanos = engine.compactionNanos();
        long hours = options.days() * 24L;
        StorageBenchReport.Reads reads = new ReadBenchmark(engine, table).run(options.reads(), options.devices(),
                millis(options.start()), hours, clock.nowSeconds(), new SplittableRandom(options.seed() + 1));
        List<SSTableInfo> outputs = join(engine.compact(table, OptionalLong.empty()));
        double backgroundSeconds = backgroundNanos / 1e9;
        double majorSeconds = (engine.compactionNanos() - backgroundNanos) / 1e9;
        long majorBytesRead = engine.compactionBytesRead() - backgroundBytesRead;
        StorageBenchReport.Compaction compaction = new StorageBenchReport.Compaction(backgroundCompactions,
                backgroundBytesRead, backgroundSeconds, mebibytesPerSecond(backgroundBytesRead, backgroundSeconds),
                majorBytesRead, sizeOf(outputs), majorSeconds, mebibytesPerSecond(majorBytesRead, majorSeconds));
        return new StorageBenchReport(parameters(),
                new StorageBenchReport.Writes(rowsWritten, writer.mutations(), hours, writeSeconds), windows,
                amplification, compaction, expiry.report(), reads, onDisk());
    }

    /** The write phase: every sample of every device, with the hourly waits and sweeps, then a flush. */
    private void writeMonth() {
        SensorWorkload workload = new SensorWorkload(table, options.devices(), options.metrics(), options.seed());
        long startMillis = millis(options.start());
        long endMillis = millis(options.end());
        long endSeconds = endMillis / 1_000L;
        long nextHourMillis = startMillis + SensorDataTable.WINDOW_MILLIS;
        for (long tsMillis = startMillis; tsMillis < endMillis; tsMillis += options.intervalSeconds() * 1_000L) {
            while (tsMillis >= nextHourMillis) {
                endOfHour(nextHourMillis);
                nextHourMillis += SensorDataTable.WINDOW_MILLIS;
            }
            clock.setMicros(tsMillis * 1_000L);
            long nowSeconds = clock.nowSeconds();
            for (Mutation mutation : workload.sample(tsMillis, nowSeconds)) {
                writer.offer(mutation);
            }
            rowsWritten += workload.rowsPerSample();
            if (nowSeconds + options.ttlSeconds() > endSeconds) {
                liveRowsExpected += workload.rowsPerSample();
            }
        }
        writer.awaitAll();
        clock.setMicros(endMillis * 1_000L);
        join(engine.flush());
        awaitIdleCompaction();
        expiry.sweep(clock.nowSeconds(), true);
        awaitIdleCompaction();
    }

    /** At simulated hour boundary {@code hourMillis}: all writes in, compaction idle, then a timed sweep. */
    private void endOfHour(long hourMillis) {
        writer.awaitAll();
        clock.setMicros(hourMillis * 1_000L);
        awaitIdleCompaction();
        expiry.sweep(clock.nowSeconds(), false);
    }

    /**
     * Runs compaction rounds until one finds nothing to do. Flushes still in flight start rounds of their own; the
     * next hour's wait catches up with them.
     */
    private void awaitIdleCompaction() {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            long completedBefore = engine.completedCompactions();
            join(engine.compactNow());
            if (engine.completedCompactions() == completedBefore && engine.activeCompactions().isEmpty()
                    && engine.pendingCompactions() == 0) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("compaction did not become idle within 10 minutes");
            }
        }
    }

    /** Groups the live SSTables by TWCS window (1 hour of their max timestamp), as the strategy does. */
    private StorageBenchReport.Windows windows(List<SSTableInfo> live) {
        TreeMap<CompactionWindow, List<SSTableInfo>> byWindow = new TreeMap<>();
        for (SSTableInfo sstable : live) {
            byWindow.computeIfAbsent(CompactionWindow.of(sstable.maxTimestampMicros(), TimeUnit.MICROSECONDS,
                    TimeUnit.HOURS, 1), w -> new ArrayList<>()).add(sstable);
        }
        List<StorageBenchReport.Window> perWindow = new ArrayList<>();
        int closedWithOne = 0;
        int maxClosed = 0;
        for (Map.Entry<CompactionWindow, List<SSTableInfo>> entry : byWindow.entrySet()) {
            List<SSTableInfo> members = entry.getValue();
            perWindow.add(new StorageBenchReport.Window(Instant.ofEpochMilli(entry.getKey().lowerBoundMillis())
                    .toString(), members.size(), sizeOf(members),
                    members.stream().mapToLong(SSTableInfo::rowCount).sum()));
            if (!entry.getKey().equals(byWindow.lastKey())) {
                closedWithOne += members.size() == 1 ? 1 : 0;
                maxClosed = Math.max(maxClosed, members.size());
            }
        }
        long gcBeforeSeconds = clock.nowSeconds() - options.gcGraceSeconds();
        int expiredRemaining = (int) live.stream()
                .filter(s -> s.maxLocalDeletionTimeSeconds() < gcBeforeSeconds).count();
        return new StorageBenchReport.Windows(byWindow.size(), live.size(), Math.max(0, byWindow.size() - 1),
                closedWithOne, maxClosed, byWindow.isEmpty() ? 0 : byWindow.lastEntry().getValue().size(),
                expiredRemaining, perWindow.isEmpty() ? "" : perWindow.get(0).start(), perWindow);
    }

    /**
     * Bytes from the engine's counters. Generations count up from 1 in the fresh table directory and a compaction's
     * outputs take newer generations than its inputs, so the highest generation live or dropped by the sweeper is the
     * number of SSTables ever made.
     */
    private StorageBenchReport.WriteAmplification writeAmplification(List<SSTableInfo> live) {
        long created = Math.max(live.stream().mapToLong(SSTableInfo::generation).max().orElse(0),
                expiry.droppedSizes().keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        long flushBytes = engine.flushBytesWritten();
        long compactionBytes = engine.compactionBytesWritten();
        return new StorageBenchReport.WriteAmplification(flushBytes, compactionBytes, created,
                flushBytes <= 0 ? 0 : (double) (flushBytes + compactionBytes) / flushBytes);
    }

    /** Component sizes of the live SSTables and every partition read back whole. */
    private StorageBenchReport.OnDisk onDisk() {
        List<SSTableInfo> live = engine.sstables(table);
        long[] bytes = new long[4];
        List<String> components = List.of("-Data.db", "-Index.db", "-Filter.db", "-Statistics.db");
        for (SSTableInfo sstable : live) {
            for (Path file : engine.sstableFiles(table, sstable.generation())) {
                String name = file.getFileName().toString();
                for (int i = 0; i < components.size(); i++) {
                    if (name.endsWith(components.get(i))) {
                        bytes[i] += sizeOfFile(file);
                    }
                }
            }
        }
        long liveRowsRead = readEveryPartition();
        long total = bytes[0] + bytes[1] + bytes[2] + bytes[3];
        return new StorageBenchReport.OnDisk(live.size(), bytes[0], bytes[1], bytes[2], bytes[3], liveRowsExpected,
                liveRowsRead, liveRowsRead == 0 ? 0 : (double) total / liveRowsRead);
    }

    /** @return the live rows holding a value, over every {@code (device, day)} partition of the run */
    private long readEveryPartition() {
        long rows = 0;
        for (int device = 0; device < options.devices(); device++) {
            for (int day = 0; day < options.days(); day++) {
                LocalDate date = SensorDataTable.dayOf(millis(options.start()) + day * 86_400_000L);
                ReadCommand command = new ReadCommand(table, SensorDataTable.partitionKey(
                        SensorDataTable.deviceId(device), date), Slice.ALL, false, Integer.MAX_VALUE,
                        clock.nowSeconds());
                for (Row row : engine.read(command)) {
                    rows += row.cells()[0] != null ? 1 : 0;
                }
            }
        }
        return rows;
    }

    private StorageBenchReport.Parameters parameters() {
        return new StorageBenchReport.Parameters(options.days(), options.devices(), options.metrics(),
                options.intervalSeconds(), options.ttlSeconds(), options.gcGraceSeconds(),
                options.memtableFlushThresholdBytes(), options.shards(),
                options.compactionThroughputMebibytesPerSecond(), options.start().toString(),
                options.end().toString(), options.seed());
    }

    private static long sizeOf(List<SSTableInfo> sstables) {
        return sstables.stream().mapToLong(SSTableInfo::sizeBytes).sum();
    }

    private static long sizeOfFile(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double mebibytesPerSecond(long bytes, double seconds) {
        return seconds <= 0 ? 0 : bytes / (1024.0 * 1024.0) / seconds;
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("storage engine operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("storage engine operation did not finish within 10 minutes", e);
        }
    }
}
