package io.almanac.server.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What one {@code ./almanac storage-bench} run measured. Sizes are bytes, durations are named with their unit; JSON
 * field names are the snake_case forms of the record components.
 *
 * <p>Thread safety: immutable.
 *
 * @param parameters         what was simulated
 * @param writes             the write phase
 * @param windows            the TWCS windows after the month (before the major compaction)
 * @param writeAmplification flush and compaction bytes over the month (before the major compaction)
 * @param compaction         compaction throughput
 * @param expiry             what the TTL sweeper dropped and what its sweeps cost
 * @param reads              the one-hour time-range reads
 * @param onDisk             the table after the final (major) compaction
 */
public record StorageBenchReport(Parameters parameters, Writes writes, Windows windows,
                                 WriteAmplification writeAmplification, Compaction compaction, Expiry expiry,
                                 Reads reads, OnDisk onDisk) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** @return the report as indented JSON */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the report as a plain two-column table */
    public String toText() {
        return StorageBenchText.render(this);
    }

    /**
     * @param start instant of the first sample (ISO-8601); {@code end} the instant after the last
     * @param memtableFlushThresholdBytes a shard's memtable flush threshold, bytes
     */
    public record Parameters(int days, int devices, int metrics, int intervalSeconds, int ttlSeconds,
                             int gcGraceSeconds, long memtableFlushThresholdBytes, int shards,
                             int compactionThroughputMebibytesPerSecond, String start, String end, long seed) {
    }

    /**
     * @param rowsWritten     rows written (devices x metrics x samples)
     * @param mutations       mutations written (one per device and sample)
     * @param simulatedHours  hours simulated
     * @param wallSeconds     wall time of the write phase (including the waits for compactions), seconds
     */
    public record Writes(long rowsWritten, long mutations, long simulatedHours, double wallSeconds) {
    }

    /**
     * @param liveWindows                  compaction windows holding live SSTables
     * @param sstables                     live SSTables
     * @param closedWindows                windows older than the newest
     * @param closedWindowsWithOneSSTable  closed windows holding exactly one SSTable (expected: all)
     * @param maxSSTablesPerClosedWindow   the most SSTables any closed window holds
     * @param newestWindowSSTables         SSTables of the newest window (size-tiered, may be several)
     * @param expiredSSTablesRemaining     live SSTables whose data expired more than gc_grace_seconds ago
     *                                     (expected: 0, the sweeper drops them)
     * @param oldestWindowStart            the oldest live window's start (ISO-8601), empty without SSTables
     * @param perWindow                    each window, oldest first
     */
    public record Windows(int liveWindows, int sstables, int closedWindows, int closedWindowsWithOneSSTable,
                         int maxSSTablesPerClosedWindow, int newestWindowSSTables, int expiredSSTablesRemaining,
                         String oldestWindowStart, List<Window> perWindow) {
    }

    /** @param start the window's first instant (ISO-8601) */
    public record Window(String start, int sstables, long sizeBytes, long rows) {
    }

    /**
     * @param flushBytes             bytes of SSTables (all components) written by flushes: all SSTables ever made
     *                               minus those compactions wrote
     * @param compactionBytesWritten bytes of SSTables written by background compactions (the engine's counter)
     * @param sstablesCreated        SSTables made by flushes and compactions
     * @param writeAmplification     {@code (flushBytes + compactionBytesWritten) / flushBytes}
     */
    public record WriteAmplification(long flushBytes, long compactionBytesWritten, long sstablesCreated,
                                     double writeAmplification) {
    }

    /**
     * @param backgroundCompactions      background compactions run during the month
     * @param backgroundBytesRead        bytes of their inputs (all components)
     * @param backgroundSeconds          their summed wall time, seconds
     * @param backgroundMebibytesPerSecond {@code backgroundBytesRead / backgroundSeconds}, MiB/s
     * @param majorBytesRead             bytes of the final major compaction's inputs
     * @param majorBytesWritten          bytes of its outputs
     * @param majorSeconds               its wall time, seconds
     * @param majorMebibytesPerSecond    {@code majorBytesRead / majorSeconds}, MiB/s
     */
    public record Compaction(long backgroundCompactions, long backgroundBytesRead, double backgroundSeconds,
                             double backgroundMebibytesPerSecond, long majorBytesRead, long majorBytesWritten,
                             double majorSeconds, double majorMebibytesPerSecond) {
    }

    /**
     * @param sweeps                   sweeps run (one per simulated hour, and a final one)
     * @param sweepsThatDropped        sweeps that dropped at least one SSTable
     * @param sstablesDropped          SSTables dropped whole
     * @param bytesDropped             their bytes
     * @param sweepMicrosP50           median wall time of a sweep, microseconds
     * @param sweepMicrosMax           the longest sweep, microseconds
     * @param droppingSweepMicrosP50   median wall time of a sweep that dropped something, microseconds
     * @param droppingSweepMicrosMax   the longest of those, microseconds
     * @param droppingSweeps           each sweep that dropped something, in order
     */
    public record Expiry(long sweeps, long sweepsThatDropped, long sstablesDropped, long bytesDropped,
                         long sweepMicrosP50, long sweepMicrosMax, long droppingSweepMicrosP50,
                         long droppingSweepMicrosMax, List<Sweep> droppingSweeps) {
    }

    /**
     * One sweep that dropped SSTables.
     *
     * @param at              the simulated time of the sweep (ISO-8601)
     * @param sstablesDropped SSTables it dropped whole
     * @param bytesDropped    their bytes
     * @param micros          its wall time, microseconds
     */
    public record Sweep(String at, int sstablesDropped, long bytesDropped, long micros) {
    }

    /**
     * @param reads                       reads run: a random device and hour of the simulated days, its
     *                                    {@code (device_id, day)} partition, {@code ts} in {@code [h, h + 1 h)}
     * @param readsWithRows               reads that returned rows (their hour had not expired)
     * @param rowsReturned                rows returned in all
     * @param latencyMicros               latency of every read
     * @param latencyWithRowsMicros       latency of the reads that returned rows
     * @param blocksDecompressedPerRead   Data.db blocks the engine decompressed per read (its counter), mean
     * @param maxBlocksDecompressedPerRead the most blocks one read decompressed
     * @param sstablesInRange             reads by the number of live SSTables that hold the read's partition and
     *                                    whose timestamps overlap its hour (from SSTable metadata)
     * @param sstablesConsultedPerRead    SSTables whose partition index held the read's key, per read, mean (the
     *                                    engine's {@code partitionReadSSTables} counter over its reads)
     */
    public record Reads(long reads, long readsWithRows, long rowsReturned, Latency latencyMicros,
                        Latency latencyWithRowsMicros, double blocksDecompressedPerRead,
                        long maxBlocksDecompressedPerRead, Map<Integer, Long> sstablesInRange,
                        double sstablesConsultedPerRead) {
    }

    /** Latency percentiles, microseconds (HdrHistogram, 3 significant digits). */
    public record Latency(long p50, long p90, long p99, long p999, long max, double mean) {
    }

    /**
     * @param sstables         live SSTables after the major compaction
     * @param dataBytes        their Data.db bytes
     * @param indexBytes       their Index.db bytes
     * @param filterBytes      their Filter.db bytes
     * @param statisticsBytes  their Statistics.db bytes
     * @param liveRowsExpected rows written whose TTL had not run out at the end
     * @param liveRowsRead     rows read back from every partition at the end (expected: liveRowsExpected)
     * @param bytesPerLiveRow  {@code (data + index + filter + statistics) / liveRowsRead}
     */
    public record OnDisk(int sstables, long dataBytes, long indexBytes, long filterBytes, long statisticsBytes,
                         long liveRowsExpected, long liveRowsRead, double bytesPerLiveRow) {
    }
}
