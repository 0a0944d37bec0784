package io.almanac.loadgen;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run of the IoT workload, validated: where to connect, what to create and how hard to push.
 *
 * <p>Thread safety: immutable.
 *
 * @param host                  contact point host name or address
 * @param port                  native protocol port (Cassandra's {@code native_transport_port})
 * @param datacenter            the driver's local datacenter name
 * @param keyspace              keyspace to create and write into (an unquoted CQL identifier)
 * @param table                 table to create and write into (an unquoted CQL identifier)
 * @param devices               simulated devices
 * @param rowsPerDevice         rows each device writes (one row = one metric of one sample)
 * @param metricsPerSample      metrics each sample carries (rows sharing one {@code ts})
 * @param concurrency           write requests in flight at most
 * @param batchSize             rows per write request: 1 = single-row INSERT, more = UNLOGGED batch of one partition
 * @param reads                 time-range queries of the read phase; 0 skips the phase
 * @param readConcurrency       read queries in flight at most
 * @param sampleIntervalSeconds simulated seconds between two samples of one device
 * @param ttlSeconds            the table's {@code default_time_to_live}, seconds; 0 = none
 * @param drop                  drop the keyspace before creating it
 * @param seed                  seed of the values and of the read ranges (same seed, same workload)
 * @param start                 simulated time of every device's first sample
 * @param requestTimeoutMillis  the driver's request timeout, milliseconds
 * @param ingest                the write protocol, its settings and the pacing
 */
public record WorkloadConfig(String host, int port, String datacenter, String keyspace, String table, int devices,
                             long rowsPerDevice, int metricsPerSample, int concurrency, int batchSize, long reads,
                             int readConcurrency, int sampleIntervalSeconds, int ttlSeconds, boolean drop, long seed,
                             Instant start, long requestTimeoutMillis, IngestOptions ingest) {

    /** Cassandra's maximum TTL, 20 years in seconds ({@code Attributes.MAX_TTL}). */
    public static final int MAX_TTL_SECONDS = 630_720_000;
    /** The largest batch we send; Cassandra warns at 5 KiB and fails at 50 KiB of batch by default. */
    public static final int MAX_BATCH_SIZE = 1_000;
    /** Unquoted CQL identifiers as Cassandra accepts them for keyspaces and tables (at most 48 characters). */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    /**
     * @throws IllegalArgumentException naming the option, its value and the rule when a value is out of range
     */
    public WorkloadConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(ingest, "ingest");
        require(!host.isBlank(), "--host", host, "must not be empty");
        require(port >= 1 && port <= 65_535, "--port", port, "must be between 1 and 65535");
        require(!datacenter.isBlank(), "--datacenter", datacenter, "must not be empty");
        require(keyspace != null && IDENTIFIER.matcher(keyspace).matches(), "--keyspace", keyspace,
                "must be a letter followed by at most 47 letters, digits or underscores");
        require(table != null && IDENTIFIER.matcher(table).matches(), "--table", table,
                "must be a letter followed by at most 47 letters, digits or underscores");
        require(devices >= 1, "--devices", devices, "must be at least 1");
        require(rowsPerDevice >= 1, "--rows-per-device", rowsPerDevice, "must be at least 1");
        require(rowsPerDevice <= Long.MAX_VALUE / devices, "--rows-per-device", rowsPerDevice,
                "times --devices must fit in a 64-bit count");
        require(metricsPerSample >= 1 && metricsPerSample <= DeviceRowGenerator.METRICS.size(), "--metrics",
                metricsPerSample, "must be between 1 and " + DeviceRowGenerator.METRICS.size());
        require(concurrency >= 1, "--concurrency", concurrency, "must be at least 1");
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE, "--batch-size", batchSize,
                "must be between 1 and " + MAX_BATCH_SIZE);
        require(reads >= 0, "--reads", reads, "must be at least 0");
        require(readConcurrency >= 1, "--read-concurrency", readConcurrency, "must be at least 1");
        require(sampleIntervalSeconds >= 1, "--sample-interval-seconds", sampleIntervalSeconds, "must be at least 1");
        require(ttlSeconds >= 0 && ttlSeconds <= MAX_TTL_SECONDS, "--ttl-seconds", ttlSeconds,
                "must be between 0 and " + MAX_TTL_SECONDS);
        require(requestTimeoutMillis >= 1, "--request-timeout-ms", requestTimeoutMillis, "must be at least 1");
    }

    private static void require(boolean valid, String option, Object value, String rule) {
        IngestOptions.require(valid, option, value, rule);
    }

    /** @return the rows of the whole write phase */
    public long totalRows() {
        return devices * rowsPerDevice;
    }

    /** @return the simulated time of the last sample of a device, milliseconds since the epoch */
    public long lastSampleMillis() {
        long lastSample = (rowsPerDevice - 1) / metricsPerSample;
        return start.toEpochMilli() + lastSample * sampleIntervalSeconds * 1_000L;
    }
}
