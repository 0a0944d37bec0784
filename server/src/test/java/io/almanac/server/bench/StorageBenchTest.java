package io.almanac.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small storage benchmark run (2 days, 2 devices, 4 metrics every 60 s, a 1-day TTL so that windows expire during
 * the run) checked for the invariants issue 4 asks for, never for speed: one SSTable per closed window, expired
 * windows gone as whole files, every live row readable, and a report that adds up and parses as JSON.
 */
class StorageBenchTest {

    private static final int TTL_SECONDS = 86_400;
    private static final int GC_GRACE_SECONDS = 600;
    private static final int INTERVAL_SECONDS = 60;

    @TempDir
    Path directory;

    private static StorageBenchOptions smallRun() {
        return new StorageBenchOptions(2, 2, 4, INTERVAL_SECONDS, 300, TTL_SECONDS, GC_GRACE_SECONDS, 32 * 1024, 2,
                0, Instant.parse("2026-10-01T00:00:00Z"), 7);
    }

    @Test
    void aSimulatedRunEndsWithOneSSTablePerClosedWindowAndNoExpiredWindow() throws IOException {
        StorageBenchOptions options = smallRun();
        StorageBenchReport report = StorageBench.run(options, directory);

        assertThat(report.writes().rowsWritten()).isEqualTo(2L * 4 * 2 * 24 * 60);
        assertThat(report.writes().mutations()).isEqualTo(2L * 2 * 24 * 60);
        StorageBenchReport.Windows windows = report.windows();
        assertThat(windows.closedWindows()).as("a day of TTL keeps about a day of hourly windows")
                .isBetween(TTL_SECONDS / 3600 - 1, (TTL_SECONDS + GC_GRACE_SECONDS) / 3600 + 1);
        assertThat(windows.closedWindowsWithOneSSTable()).as("every closed window compacted to one SSTable")
                .isEqualTo(windows.closedWindows());
        assertThat(windows.maxSSTablesPerClosedWindow()).isEqualTo(1);
        assertThat(windows.perWindow()).hasSize(windows.liveWindows());
        assertThat(windows.perWindow().stream().mapToInt(StorageBenchReport.Window::sstables).sum())
                .isEqualTo(windows.sstables());

        assertThat(windows.expiredSSTablesRemaining()).isZero();
        assertThat(report.expiry().sstablesDropped()).as("the first day's windows expired and were dropped")
                .isGreaterThanOrEqualTo(TTL_SECONDS / 3600 - 1);
        assertThat(report.expiry().bytesDropped()).isPositive();
        assertThat(report.expiry().droppingSweeps()).hasSize((int) report.expiry().sweepsThatDropped());
        assertThat(report.expiry().droppingSweeps().stream().mapToLong(StorageBenchReport.Sweep::sstablesDropped)
                .sum()).isEqualTo(report.expiry().sstablesDropped());
        Instant earliestKept = options.end().minusSeconds(GC_GRACE_SECONDS + TTL_SECONDS + 3600 - INTERVAL_SECONDS);
        assertThat(Instant.parse(windows.oldestWindowStart())).as("no window whose data expired past gc grace")
                .isAfterOrEqualTo(earliestKept);

        StorageBenchReport.OnDisk onDisk = report.onDisk();
        assertThat(onDisk.liveRowsExpected()).isPositive().isLessThan(report.writes().rowsWritten());
        assertThat(onDisk.liveRowsRead()).as("every live row readable").isEqualTo(onDisk.liveRowsExpected());
        assertThat(onDisk.bytesPerLiveRow()).isPositive();
        assertThat(onDisk.dataBytes()).isPositive();
        assertThat(tocGenerations()).as("only the live SSTables are left on disk").hasSize(onDisk.sstables());

        StorageBenchReport.WriteAmplification amplification = report.writeAmplification();
        assertThat(amplification.flushBytes()).isPositive();
        assertThat(amplification.compactionBytesWritten()).isPositive();
        assertThat(amplification.writeAmplification()).isGreaterThan(1.0);
        assertThat(report.compaction().backgroundCompactions()).isPositive();
        assertThat(report.compaction().backgroundBytesRead()).isPositive();
        assertThat(report.compaction().majorBytesRead()).isPositive();
        assertThat(report.compaction().backgroundSeconds()).isPositive();
        assertThat(report.compaction().majorSeconds()).isPositive();
        assertThat(amplification.sstablesCreated()).as("flushes and compactions made more than are left")
                .isGreaterThan(onDisk.sstables() + report.expiry().sstablesDropped());
    }

    @Test
    void oneHourReadsTouchAtMostTwoSSTablesAndTheReportParsesAsJson() throws IOException {
        StorageBenchReport report = StorageBench.run(smallRun(), directory);

        StorageBenchReport.Reads reads = report.reads();
        assertThat(reads.reads()).isEqualTo(300);
        assertThat(reads.readsWithRows()).isPositive().isLessThan(300);
        long rowsPerHour = 4L * 3600 / INTERVAL_SECONDS;
        assertThat(reads.rowsReturned()).as("whole hours, but for the hour whose first sample just expired")
                .isBetween(reads.readsWithRows() * (rowsPerHour - 4), reads.readsWithRows() * rowsPerHour);
        assertThat(reads.sstablesInRange().keySet()).as("a one-hour read overlaps at most two windows")
                .isSubsetOf(0, 1, 2);
        assertThat(reads.sstablesInRange().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(reads.latencyMicros().max()).isGreaterThanOrEqualTo(reads.latencyMicros().p50()).isPositive();
        assertThat(reads.sstablesConsultedPerRead()).as("the engine's count: SSTables holding the partition")
                .isPositive();

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.at("/windows/closed_windows_with_one_sstable").asInt())
                .isEqualTo(report.windows().closedWindowsWithOneSSTable());
        assertThat(json.at("/on_disk/bytes_per_live_row").asDouble()).isEqualTo(report.onDisk().bytesPerLiveRow());
        assertThat(json.at("/reads/latency_micros/p99").asLong()).isEqualTo(reads.latencyMicros().p99());
        assertThat(json.at("/write_amplification/write_amplification").asDouble())
                .isEqualTo(report.writeAmplification().writeAmplification());
        assertThat(json.at("/expiry/sstables_dropped").asLong()).isEqualTo(report.expiry().sstablesDropped());
        assertThat(json.at("/reads/sstables_consulted_per_read").asDouble())
                .isEqualTo(reads.sstablesConsultedPerRead());
        assertThat(report.toText()).contains("write amplification", "bytes per live row", "closed windows",
                "SSTables consulted per read");
    }

    @Test
    void theCommandPrintsJsonAndRefusesBadOptions() throws IOException {
        Path data = directory.resolve("bench");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new StorageBenchCommand()).execute("--data-dir", data.toString(), "--json",
                    "--days", "1", "--devices", "1", "--interval-seconds", "600", "--reads", "10");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exitCode).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.at("/writes/rows_written").asLong()).isEqualTo(4L * 24 * 6);
        assertThat(json.at("/reads/reads").asLong()).isEqualTo(10);

        assertThat(new CommandLine(new StorageBenchCommand()).execute("--data-dir", data.toString()))
                .as("a directory holding data is refused").isEqualTo(2);
        assertThat(new CommandLine(new StorageBenchCommand()).execute("--days", "0")).isEqualTo(2);
        assertThat(new CommandLine(new StorageBenchCommand()).execute("--start", "yesterday")).isEqualTo(2);
    }

    /** @return the generations with a TOC.txt in the table's directory */
    private Set<String> tocGenerations() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-TOC.txt"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith(SensorDataTable.TABLE + "-"))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
