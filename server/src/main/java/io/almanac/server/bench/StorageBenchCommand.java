package io.almanac.server.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code almanac storage-bench}: runs {@link StorageBench} and prints its report as a table or, with
 * {@code --json}, as JSON on standard output. Engine logs go to standard error (at WARN unless {@code --verbose}),
 * so the JSON can be piped.
 *
 * <p>Exit codes: 0 done, 1 the run failed, 2 an option is invalid.
 *
 * <p>Thread safety: one call per instance (picocli makes one per command line).
 */
@Command(name = "storage-bench", mixinStandardHelpOptions = true,
        description = "Storage benchmark: the storage engine in-process writes a simulated month of device data"
                + " (USING TIMESTAMP) into a TWCS table with a TTL, then reports SSTables per window, write"
                + " amplification, compaction throughput, expiry cost, one-hour read latency and bytes per row.")
public final class StorageBenchCommand implements Callable<Integer> {

    private static final StorageBenchOptions DEFAULTS = StorageBenchOptions.defaults();

    @Option(names = "--data-dir", description = "Empty directory for the engine's files (default: a temporary"
            + " directory, deleted afterwards unless --keep).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the temporary data directory and print its path.")
    boolean keep;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Show the engine's INFO logs (flushes, compactions, drops) on stderr.")
    boolean verbose;

    @Option(names = "--days", description = "Simulated days (default ${DEFAULT-VALUE}).")
    int days = DEFAULTS.days();

    @Option(names = "--devices", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices = DEFAULTS.devices();

    @Option(names = "--metrics", description = "Metrics per device and sample (default ${DEFAULT-VALUE}).")
    int metrics = DEFAULTS.metrics();

    @Option(names = "--interval-seconds", description = "Seconds between samples (default ${DEFAULT-VALUE}).")
    int intervalSeconds = DEFAULTS.intervalSeconds();

    @Option(names = "--reads", description = "Random one-hour time-range reads (default ${DEFAULT-VALUE}).")
    int reads = DEFAULTS.reads();

    @Option(names = "--ttl-seconds", description = "default_time_to_live of the table (default ${DEFAULT-VALUE}).")
    int ttlSeconds = DEFAULTS.ttlSeconds();

    @Option(names = "--gc-grace-seconds", description = "gc_grace_seconds of the table (default ${DEFAULT-VALUE}).")
    int gcGraceSeconds = DEFAULTS.gcGraceSeconds();

    @Option(names = "--memtable-flush-threshold-kib", paramLabel = "<KiB>",
            description = "A shard's memtable is flushed past this size, KiB (default ${DEFAULT-VALUE}).")
    long memtableFlushThresholdKibibytes = DEFAULTS.memtableFlushThresholdBytes() / 1024;

    @Option(names = "--shards", description = "Write shards (default ${DEFAULT-VALUE}).")
    int shards = DEFAULTS.shards();

    @Option(names = "--compaction-throughput-mib", paramLabel = "<MiB/s>",
            description = "compaction_throughput, MiB/s; 0 = unthrottled (default ${DEFAULT-VALUE}).")
    int compactionThroughputMebibytesPerSecond = DEFAULTS.compactionThroughputMebibytesPerSecond();

    @Option(names = "--start", description = "First sample, ISO-8601 (default ${DEFAULT-VALUE}).")
    String start = DEFAULTS.start().toString();

    @Option(names = "--seed", description = "Seed of the values and the reads (default ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Override
    public Integer call() {
        StorageBenchOptions options;
        Path directory;
        try {
            options = options();
            directory = directory();
        } catch (IllegalArgumentException e) {
            System.err.println("storage-bench: " + e.getMessage());
            return 2;
        }
        PrintStream stdout = System.out;
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        System.setOut(System.err);
        root.setLevel(verbose ? Level.INFO : Level.WARN);
        StorageBenchReport report;
        try {
            report = StorageBench.run(options, directory);
        } catch (RuntimeException e) {
            System.err.println("storage-bench: the run failed: " + e);
            return 1;
        } finally {
            root.setLevel(level);
            System.setOut(stdout);
            cleanUp(directory);
        }
        stdout.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        return 0;
    }

    /** @throws IllegalArgumentException naming the option, its value and the rule */
    StorageBenchOptions options() {
        Instant startInstant;
        try {
            startInstant = Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an ISO-8601 instant such as 2026-10-01T00:00:00Z,"
                    + " got " + start);
        }
        if (memtableFlushThresholdKibibytes > Long.MAX_VALUE / 1024) {
            throw new IllegalArgumentException("--memtable-flush-threshold-kib is too large: "
                    + memtableFlushThresholdKibibytes);
        }
        return new StorageBenchOptions(days, devices, metrics, intervalSeconds, reads, ttlSeconds, gcGraceSeconds,
                memtableFlushThresholdKibibytes * 1024, shards, compactionThroughputMebibytesPerSecond, startInstant,
                seed);
    }

    /** @return {@code --data-dir} (which must be empty or absent) or a new temporary directory */
    private Path directory() {
        if (dataDir == null) {
            try {
                return Files.createTempDirectory("almanac-storage-bench-");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create a temporary directory: " + e.getMessage());
            }
        }
        if (Files.exists(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--data-dir must be empty: " + dataDir);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("--data-dir cannot be read: " + dataDir + ": " + e.getMessage());
            }
        }
        return dataDir;
    }

    private void cleanUp(Path directory) {
        if (dataDir != null) {
            return;
        }
        if (keep) {
            System.err.println("storage-bench: data kept in " + directory);
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("storage-bench: could not delete " + directory + ": " + e.getMessage());
        }
    }
}
