package io.almanac.server.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link StorageBenchReport} as the plain two-column table {@code ./almanac storage-bench} prints.
 *
 * <p>Thread safety: stateless.
 */
final class StorageBenchText {

    private StorageBenchText() {
    }

    static String render(StorageBenchReport report) {
        StringBuilder text = new StringBuilder();
        StorageBenchReport.Parameters p = report.parameters();
        text.append(String.format(Locale.ROOT, "Almanac storage benchmark: %d days x %d devices x %d metrics"
                        + " every %d s, TTL %d s, gc_grace_seconds %d, TWCS 1 HOURS%n", p.days(), p.devices(),
                p.metrics(), p.intervalSeconds(), p.ttlSeconds(), p.gcGraceSeconds()));
        text.append(String.format(Locale.ROOT, "%s .. %s, memtable flush threshold %d KiB, %d shards, compaction %s,"
                        + " seed %d%n%n", p.start(), p.end(), p.memtableFlushThresholdBytes() / 1024, p.shards(),
                p.compactionThroughputMebibytesPerSecond() == 0 ? "unthrottled"
                        : p.compactionThroughputMebibytesPerSecond() + " MiB/s", p.seed()));
        writesAndWindows(text, report);
        amplificationAndCompaction(text, report);
        expiry(text, report.expiry());
        reads(text, report.reads());
        onDisk(text, report.onDisk());
        return text.toString();
    }

    private static void writesAndWindows(StringBuilder text, StorageBenchReport report) {
        StorageBenchReport.Writes writes = report.writes();
        line(text, "rows written", count(writes.rowsWritten()) + " (" + count(writes.mutations()) + " mutations, "
                + count(writes.simulatedHours()) + " simulated hours)");
        line(text, "write phase, wall time", seconds(writes.wallSeconds()) + " (includes the hourly waits for"
                + " compaction)");
        StorageBenchReport.Windows windows = report.windows();
        line(text, "live windows / SSTables", windows.liveWindows() + " / " + windows.sstables()
                + (windows.oldestWindowStart().isEmpty() ? "" : " (oldest window " + windows.oldestWindowStart()
                + ")"));
        line(text, "closed windows with one SSTable", windows.closedWindowsWithOneSSTable() + " of "
                + windows.closedWindows() + " (most SSTables in a closed window: "
                + windows.maxSSTablesPerClosedWindow() + ")");
        line(text, "SSTables in the newest window", Integer.toString(windows.newestWindowSSTables()));
        line(text, "expired SSTables left (past gc grace)", Integer.toString(windows.expiredSSTablesRemaining()));
    }

    private static void amplificationAndCompaction(StringBuilder text, StorageBenchReport report) {
        StorageBenchReport.WriteAmplification amplification = report.writeAmplification();
        line(text, "bytes written by flushes", bytes(amplification.flushBytes()));
        line(text, "bytes written by compactions", bytes(amplification.compactionBytesWritten()) + " ("
                + count(amplification.sstablesCreated()) + " SSTables made in all)");
        line(text, "write amplification", String.format(Locale.ROOT, "%.2f (flush + compaction) / flush",
                amplification.writeAmplification()));
        StorageBenchReport.Compaction compaction = report.compaction();
        line(text, "background compactions", count(compaction.backgroundCompactions()) + ", read "
                + bytes(compaction.backgroundBytesRead()) + " in " + seconds(compaction.backgroundSeconds()) + ": "
                + mebibytesPerSecond(compaction.backgroundMebibytesPerSecond()));
        line(text, "final major compaction", "read " + bytes(compaction.majorBytesRead()) + ", wrote "
                + bytes(compaction.majorBytesWritten()) + " in " + seconds(compaction.majorSeconds()) + ": "
                + mebibytesPerSecond(compaction.majorMebibytesPerSecond()));
    }

    private static void expiry(StringBuilder text, StorageBenchReport.Expiry expiry) {
        line(text, "TTL sweeper", count(expiry.sstablesDropped()) + " SSTables dropped whole, "
                + bytes(expiry.bytesDropped()) + ", in " + expiry.sweepsThatDropped() + " of " + expiry.sweeps()
                + " sweeps");
        line(text, "sweep wall time", "p50 " + expiry.sweepMicrosP50() + " us, max " + expiry.sweepMicrosMax()
                + " us; sweeps that dropped: p50 " + expiry.droppingSweepMicrosP50() + " us, max "
                + expiry.droppingSweepMicrosMax() + " us");
    }

    private static void reads(StringBuilder text, StorageBenchReport.Reads reads) {
        line(text, "one-hour reads", count(reads.reads()) + " (" + count(reads.readsWithRows())
                + " of unexpired hours, " + count(reads.rowsReturned()) + " rows)");
        line(text, "read latency, all", latency(reads.latencyMicros()));
        line(text, "read latency, reads with rows", latency(reads.latencyWithRowsMicros()));
        line(text, "blocks decompressed per read", String.format(Locale.ROOT, "%.2f mean, %d max",
                reads.blocksDecompressedPerRead(), reads.maxBlocksDecompressedPerRead()));
        line(text, "SSTables in a read's range: reads", histogram(reads.sstablesInRange()));
        line(text, "SSTables consulted per read", String.format(Locale.ROOT, "%.2f mean",
                reads.sstablesConsultedPerRead()));
    }

    private static void onDisk(StringBuilder text, StorageBenchReport.OnDisk onDisk) {
        line(text, "after the major compaction", onDisk.sstables() + " SSTables: Data " + bytes(onDisk.dataBytes())
                + ", Index " + bytes(onDisk.indexBytes()) + ", Filter " + bytes(onDisk.filterBytes())
                + ", Statistics " + bytes(onDisk.statisticsBytes()));
        line(text, "live rows read back / expected", count(onDisk.liveRowsRead()) + " / "
                + count(onDisk.liveRowsExpected()));
        line(text, "bytes per live row", String.format(Locale.ROOT, "%.2f (Data + Index + Filter + Statistics)",
                onDisk.bytesPerLiveRow()));
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "%-40s %s%n", label, value));
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String bytes(long value) {
        return String.format(Locale.ROOT, "%,d bytes (%.1f MiB)", value, value / (1024.0 * 1024.0));
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f s", value);
    }

    private static String mebibytesPerSecond(double value) {
        return String.format(Locale.ROOT, "%.1f MiB/s", value);
    }

    private static String latency(StorageBenchReport.Latency latency) {
        return String.format(Locale.ROOT, "p50 %d us, p90 %d us, p99 %d us, p99.9 %d us, max %d us, mean %.1f us",
                latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max(), latency.mean());
    }

    private static String histogram(Map<Integer, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " SSTables: " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
