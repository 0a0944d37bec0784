package io.almanac.loadgen;

import com.datastax.oss.driver.api.core.DriverException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The load generator's command line: an IoT workload against Almanac (or any Cassandra-compatible server for CQL),
 * seen exactly as a user's application or device sees it. It creates the keyspace and the reference table over CQL,
 * runs a write phase over CQL, HTTP line protocol ({@link HttpWorkload}) or MQTT ({@link MqttWorkload}), flat out or
 * at a fixed rate ({@link Pacing}), optionally counts the rows back over CQL ({@code --verify}), then runs a read phase
 * of one-hour time ranges over CQL, and prints progress each second and a summary per phase.
 *
 * <p>Exit codes: 0 every request succeeded; 1 some request failed; 2 bad command line; 3 no connection or the schema
 * could not be created.
 *
 * <p>Thread safety: one run per instance.
 */
@Command(name = "almanac-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes an IoT workload over CQL, HTTP (InfluxDB line protocol) or MQTT (JSON rows), reads it "
                + "back over CQL and reports throughput and latency percentiles.",
        footer = {"", "Exit codes: 0 all requests succeeded, 1 some request failed, 2 bad arguments, "
                + "3 connection or schema failure."})
public final class LoadGenerator implements Callable<Integer> {

    /** Exit code when some request failed. */
    public static final int EXIT_REQUEST_FAILED = 1;
    /** Exit code when the node could not be reached or the schema not created. */
    public static final int EXIT_SETUP_FAILED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Contact point (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", defaultValue = "9042", description = "Native protocol port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--datacenter", defaultValue = "datacenter1",
            description = "Local datacenter of the driver (default: ${DEFAULT-VALUE}).")
    String datacenter;
    @Option(names = "--keyspace", defaultValue = "almanac_load", description = "Keyspace (default: ${DEFAULT-VALUE}).")
    String keyspace;
    @Option(names = "--table", defaultValue = "sensor_data", description = "Table (default: ${DEFAULT-VALUE}).")
    String table;
    @Option(names = "--devices", defaultValue = "100", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
    int devices;
    @Option(names = "--rows-per-device", defaultValue = "1000",
            description = "Rows each device writes (default: ${DEFAULT-VALUE}).")
    long rowsPerDevice;
    @Option(names = "--metrics", defaultValue = "4",
            description = "Metrics per sample, rows sharing one ts (1-8, default: ${DEFAULT-VALUE}).")
    int metrics;
    @Option(names = "--concurrency", defaultValue = "64",
            description = "Write requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--batch-size", defaultValue = "1",
            description = "Rows per write: 1 = single-row INSERT, >1 = UNLOGGED batch of one partition "
                    + "(default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--reads", defaultValue = "1000",
            description = "One-hour time-range reads, 0 = none (default: ${DEFAULT-VALUE}).")
    long reads;
    @Option(names = "--read-concurrency", defaultValue = "32",
            description = "Reads in flight (default: ${DEFAULT-VALUE}).")
    int readConcurrency;
    @Option(names = "--sample-interval-seconds", defaultValue = "1",
            description = "Simulated seconds between a device's samples (default: ${DEFAULT-VALUE}).")
    int sampleIntervalSeconds;
    @Option(names = "--ttl-seconds", defaultValue = "0",
            description = "The table's default_time_to_live, 0 = none (default: ${DEFAULT-VALUE}).")
    int ttlSeconds;
    @Option(names = "--drop", description = "Drop the keyspace first.")
    boolean drop;
    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of values and read ranges (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--start", description = "Simulated time of the first sample, ISO-8601 instant "
            + "(default: the current UTC hour).")
    String start;
    @Option(names = "--request-timeout-ms", defaultValue = "12000",
            description = "Driver and HTTP request timeout, milliseconds (default: ${DEFAULT-VALUE}).")
    long requestTimeoutMillis;
    @Option(names = "--protocol", defaultValue = "cql",
            description = "Write protocol: cql, http (line protocol) or mqtt (JSON rows); the schema, --reads and "
                    + "--verify use CQL (default: ${DEFAULT-VALUE}).")
    String protocol;
    @Option(names = "--rate", defaultValue = "0",
            description = "Points (rows) per second on a fixed schedule, latency corrected for coordinated "
                    + "omission; 0 = flat out (default: ${DEFAULT-VALUE}).")
    long ratePointsPerSecond;
    @Option(names = "--verify", description = "After writing, count every device's rows over CQL and compare.")
    boolean verify;
    @Option(names = "--http-port", defaultValue = "8080",
            description = "HTTP ingest port (default: ${DEFAULT-VALUE}).")
    int httpPort;
    @Option(names = "--lines-per-request", defaultValue = "5000",
            description = "Line-protocol lines per HTTP request (default: ${DEFAULT-VALUE}).")
    int linesPerRequest;
    @Option(names = "--gzip", description = "Gzip HTTP request bodies.")
    boolean gzip;
    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE}).")
    int mqttPort;
    @Option(names = "--connections", defaultValue = "1000",
            description = "MQTT device connections; device i publishes on connection i mod N "
                    + "(default: ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--qos", defaultValue = "1",
            description = "MQTT QoS, 0 (throughput only) or 1 (latency PUBLISH to PUBACK) (default: ${DEFAULT-VALUE}).")
    int qos;
    @Option(names = "--mqtt-version", defaultValue = "5",
            description = "MQTT version, 3 (3.1.1) or 5 (default: ${DEFAULT-VALUE}).")
    int mqttVersion;

    private final Clock clock;

    /** @param clock gives the default {@code --start} only (the current hour); latencies use System.nanoTime */
    public LoadGenerator(Clock clock) {
        this.clock = clock;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator(Clock.systemUTC())).execute(args));
    }

    /**
     * @return the parsed options as a validated configuration
     * @throws IllegalArgumentException naming the option, the value and the rule when one is invalid
     */
    WorkloadConfig toConfig() {
        Instant startInstant;
        try {
            startInstant = start == null ? clock.instant().truncatedTo(ChronoUnit.HOURS) : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid value '" + start + "' for option '--start': "
                    + "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        IngestOptions ingest = new IngestOptions(parseProtocol(protocol), httpPort, linesPerRequest, gzip, mqttPort,
                connections, qos, mqttVersion, ratePointsPerSecond, verify);
        return new WorkloadConfig(host, port, datacenter, keyspace, table, devices, rowsPerDevice, metrics,
                concurrency, batchSize, reads, readConcurrency, sampleIntervalSeconds, ttlSeconds, drop, seed,
                startInstant, requestTimeoutMillis, ingest);
    }

    private static Protocol parseProtocol(String text) {
        for (Protocol candidate : Protocol.values()) {
            if (candidate.optionValue().equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Invalid value '" + text + "' for option '--protocol': "
                + "must be one of cql, http, mqtt");
    }

    @Override
    public Integer call() throws InterruptedException {
        WorkloadConfig config;
        try {
            config = toConfig();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println(describe(config));
        CqlWorkload workload;
        try {
            workload = CqlWorkload.connect(config);
        } catch (DriverException e) {
            err.println("Cannot connect to " + config.host() + ":" + config.port() + ": " + e.getMessage());
            return EXIT_SETUP_FAILED;
        }
        try (workload) {
            return run(config, workload, out, err);
        }
    }

    private static int run(WorkloadConfig config, CqlWorkload workload, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        try {
            workload.createSchema();
            workload.prepare();
        } catch (DriverException e) {
            err.println("Cannot create the schema or prepare the statements: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        }
        PhaseRunner runner = new PhaseRunner(out, 1_000);
        PhaseResult write;
        try {
            write = writePhase(config, workload, runner);
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return EXIT_SETUP_FAILED;
        }
        out.print(SummaryFormatter.summary(write, "written", writeMethod(config)));
        boolean failed = !write.succeeded();
        if (config.ingest().verify()) {
            failed |= !verify(config, workload, runner, out);
        }
        if (config.reads() > 0) {
            PhaseResult read = runner.run("read", workload.readRequests(), config.readConcurrency());
            out.print(SummaryFormatter.summary(read, "returned", method(config.readConcurrency(),
                    "query (all pages)")));
            failed |= !read.succeeded();
        }
        out.flush();
        return failed ? EXIT_REQUEST_FAILED : 0;
    }

    /** @throws IllegalStateException if the MQTT connections cannot be opened */
    private static PhaseResult writePhase(WorkloadConfig config, CqlWorkload workload, PhaseRunner runner)
            throws InterruptedException {
        IngestOptions ingest = config.ingest();
        Pacing pacing = new Pacing(config.concurrency(), ingest.ratePointsPerSecond(), ingest.latencyMeasured());
        switch (ingest.protocol()) {
            case HTTP -> {
                try (HttpWorkload http = HttpWorkload.create(config)) {
                    return runner.run("write", http.writeRequests(), pacing);
                }
            }
            case MQTT -> {
                try (MqttWorkload mqtt = MqttWorkload.connect(config)) {
                    return runner.run("write", mqtt.writeRequests(), pacing);
                }
            }
            default -> {
                return runner.run("write", workload.writeRequests(), pacing);
            }
        }
    }

    private static boolean verify(WorkloadConfig config, CqlWorkload workload, PhaseRunner runner, PrintWriter out)
            throws InterruptedException {
        AtomicLongArray rowsByDevice = new AtomicLongArray(config.devices());
        PhaseResult count = runner.run("verify", workload.countRequests(rowsByDevice), config.readConcurrency());
        out.print(SummaryFormatter.summary(count, "counted", method(config.readConcurrency(),
                "partition read (all pages)")));
        RowCountCheck check = RowCountCheck.of(config.rowsPerDevice(), rowsByDevice);
        out.println("  " + String.format(Locale.ROOT, "%-14s %s", "verified", (check.passed() ? "OK " : "FAILED ")
                + check.describe()));
        return count.succeeded() && check.passed();
    }

    static String method(int concurrency, String unit) {
        return String.format(Locale.ROOT, "closed loop, at most %d in flight; latency per %s from executeAsync to "
                + "completion (System.nanoTime), successful requests only; no coordinated-omission correction",
                concurrency, unit);
    }

    /** @return how the write phase was paced and what its latency spans */
    static String writeMethod(WorkloadConfig config) {
        IngestOptions ingest = config.ingest();
        String pacing = ingest.fixedRate()
                ? String.format(Locale.ROOT, "fixed rate %,d points/s, at most %d in flight",
                        ingest.ratePointsPerSecond(), config.concurrency())
                : String.format(Locale.ROOT, "flat out (closed loop), at most %d in flight", config.concurrency());
        if (!ingest.latencyMeasured()) {
            return pacing + "; MQTT QoS 0 has no acknowledgement: throughput only, no latency";
        }
        String[] unitFromTo = switch (ingest.protocol()) {
            case CQL -> new String[] {"request", "executeAsync", "its completion"};
            case HTTP -> new String[] {String.format(Locale.ROOT, "request (%,d lines%s)", ingest.linesPerRequest(),
                    ingest.gzip() ? ", gzip" : ""), "POST", "its 204 response (retries after 503 included)"};
            case MQTT -> new String[] {"message", "PUBLISH", "its PUBACK"};
        };
        String from = ingest.fixedRate() ? "its intended send time (corrected for coordinated omission)"
                : unitFromTo[1] + " (no coordinated-omission correction)";
        return pacing + "; latency per " + unitFromTo[0] + " from " + from + " to " + unitFromTo[2]
                + "; successful requests only";
    }

    static String describe(WorkloadConfig config) {
        IngestOptions ingest = config.ingest();
        String target = switch (ingest.protocol()) {
            case CQL -> String.format(Locale.ROOT, "cql %s:%d", config.host(), config.port());
            case HTTP -> String.format(Locale.ROOT, "http %s:%d, %,d lines per request%s", config.host(),
                    ingest.httpPort(), ingest.linesPerRequest(), ingest.gzip() ? ", gzip" : "");
            case MQTT -> String.format(Locale.ROOT, "mqtt %s:%d v%d QoS %d, %,d connections", config.host(),
                    ingest.mqttPort(), ingest.mqttVersion(), ingest.qos(), ingest.connections());
        };
        String rate = ingest.fixedRate()
                ? String.format(Locale.ROOT, "%,d points/s", ingest.ratePointsPerSecond()) : "flat out";
        return String.format(Locale.ROOT, "almanac-load: writes over %s (%s), schema and reads over cql %s:%d; "
                        + "%s.%s, %,d devices x %,d rows = %,d rows "
                        + "(%d metrics per sample every %d s from %s), batch size %d, %d writes in flight, "
                        + "%,d reads with %d in flight, ttl %d s, seed %d%s",
                target, rate, config.host(), config.port(), config.keyspace(), config.table(), config.devices(),
                config.rowsPerDevice(), config.totalRows(), config.metricsPerSample(),
                config.sampleIntervalSeconds(), config.start(), config.batchSize(), config.concurrency(),
                config.reads(), config.readConcurrency(), config.ttlSeconds(), config.seed(),
                ingest.verify() ? ", verify" : "");
    }
}
