package io.almanac.server.bench;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Random one-hour time-range reads, as an application reads a device's recent data: a random device and a random
 * hour of the simulated days, the {@code (device_id, day)} partition holding that hour, {@code ts} in
 * {@code [h, h + 1 h)}, all rows. Each read's latency ({@code System.nanoTime} around {@code StorageEngine.read}) goes
 * into an HdrHistogram; the engine's blocks-decompressed counter is read around it, its partition-read counters
 * around all reads (reads run one at a time and the caller keeps compaction idle, so the differences are the
 * reads' own).
 *
 * <p>Thread safety: not thread-safe; the benchmark thread only.
 */
final class ReadBenchmark {

    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final ShardedStorageEngine engine;
    private final TableMetadata table;

    ReadBenchmark(ShardedStorageEngine engine, TableMetadata table) {
        this.engine = engine;
        this.table = table;
    }

    /**
     * @param reads      the number of reads
     * @param devices    devices simulated
     * @param startMillis the first simulated hour, milliseconds since the epoch (a window boundary)
     * @param hours      hours simulated
     * @param nowSeconds "now" for TTL expiry, seconds since the epoch
     * @param random     chooses device and hour
     */
    StorageBenchReport.Reads run(int reads, int devices, long startMillis, long hours, long nowSeconds,
                                 SplittableRandom random) {
        Histogram all = new Histogram(MAX_LATENCY_MICROS, 3);
        Histogram withRows = new Histogram(MAX_LATENCY_MICROS, 3);
        TreeMap<Integer, Long> sstablesInRange = new TreeMap<>();
        long rowsReturned = 0;
        long blocks = 0;
        long maxBlocks = 0;
        long sstablesBefore = engine.partitionReadSSTables();
        long partitionReadsBefore = engine.partitionReads();
        for (int i = 0; i < reads; i++) {
            int device = random.nextInt(devices);
            long fromMillis = startMillis + random.nextLong(hours) * SensorDataTable.WINDOW_MILLIS;
            long toMillis = fromMillis + SensorDataTable.WINDOW_MILLIS;
            DecoratedKey key = SensorDataTable.partitionKey(SensorDataTable.deviceId(device),
                    SensorDataTable.dayOf(fromMillis));
            ReadCommand command = new ReadCommand(table, key, SensorDataTable.timeRange(fromMillis, toMillis), false,
                    Integer.MAX_VALUE, nowSeconds);
            long blocksBefore = engine.blocksDecompressed();
            long startNanos = System.nanoTime();
            List<Row> rows = engine.read(command);
            long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos));
            long readBlocks = engine.blocksDecompressed() - blocksBefore;
            blocks += readBlocks;
            maxBlocks = Math.max(maxBlocks, readBlocks);
            all.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
            if (!rows.isEmpty()) {
                withRows.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
                rowsReturned += rows.size();
            }
            sstablesInRange.merge(sstablesInRange(key, fromMillis, toMillis), 1L, Long::sum);
        }
        return new StorageBenchReport.Reads(reads, withRows.getTotalCount(), rowsReturned, latency(all),
                latency(withRows), reads == 0 ? 0 : (double) blocks / reads, maxBlocks, sstablesInRange,
                mean(engine.partitionReadSSTables() - sstablesBefore, engine.partitionReads() - partitionReadsBefore));
    }

    private static double mean(long sum, long count) {
        return count == 0 ? 0 : (double) sum / count;
    }

    /** @return live SSTables holding {@code key} whose timestamp range overlaps {@code [from, to)} */
    private int sstablesInRange(DecoratedKey key, long fromMillis, long toMillis) {
        long fromMicros = fromMillis * 1_000L;
        long toMicros = toMillis * 1_000L;
        int count = 0;
        for (SSTableInfo sstable : engine.sstablesContaining(table, key)) {
            if (sstable.minTimestampMicros() < toMicros && sstable.maxTimestampMicros() >= fromMicros) {
                count++;
            }
        }
        return count;
    }

    private static StorageBenchReport.Latency latency(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new StorageBenchReport.Latency(0, 0, 0, 0, 0, 0);
        }
        return new StorageBenchReport.Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                histogram.getMean());
    }
}
