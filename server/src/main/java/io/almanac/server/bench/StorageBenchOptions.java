package io.almanac.server.bench;

import java.time.Instant;
import java.util.Objects;

/**
 * What one storage benchmark run simulates and how the engine is set up for it.
 *
 * <p>Thread safety: immutable.
 *
 * @param days                        simulated days of data, at least 1
 * @param devices                     simulated devices (partition key {@code device_id}), at least 1
 * @param metrics                     metrics per device and sample (clustering column {@code metric}), 1..64
 * @param intervalSeconds             seconds between two samples of a device, 1..3600
 * @param reads                       random one-hour time-range reads after the write phase, at least 0
 * @param ttlSeconds                  the table's {@code default_time_to_live}, seconds, at least 1
 * @param gcGraceSeconds              the table's {@code gc_grace_seconds}, seconds, at least 0
 * @param memtableFlushThresholdBytes a shard's memtable is flushed past this size, bytes, at least 1024
 * @param shards                      write shards of the engine, at least 1
 * @param compactionThroughputMebibytesPerSecond {@code compaction_throughput}, MiB/s; 0 = unthrottled
 * @param start                       the first sample's instant; whole seconds
 * @param seed                        seed of the value random walks and of the read choices
 */
public record StorageBenchOptions(int days, int devices, int metrics, int intervalSeconds, int reads, int ttlSeconds,
                                  int gcGraceSeconds, long memtableFlushThresholdBytes, int shards,
                                  int compactionThroughputMebibytesPerSecond, Instant start, long seed) {

    /** Seven days, the reference table's TTL. */
    public static final int DEFAULT_TTL_SECONDS = 7 * 86_400;

    /** @throws IllegalArgumentException naming the option, its value and the rule */
    public StorageBenchOptions {
        Objects.requireNonNull(start, "start");
        atLeast("--days", days, 1);
        atLeast("--devices", devices, 1);
        atLeast("--metrics", metrics, 1);
        atMost("--metrics", metrics, 64);
        atLeast("--interval-seconds", intervalSeconds, 1);
        atMost("--interval-seconds", intervalSeconds, 3_600);
        atLeast("--reads", reads, 0);
        atLeast("--ttl-seconds", ttlSeconds, 1);
        atLeast("--gc-grace-seconds", gcGraceSeconds, 0);
        atLeast("--memtable-flush-threshold-kib", memtableFlushThresholdBytes, 1024);
        atLeast("--shards", shards, 1);
        atLeast("--compaction-throughput-mib", compactionThroughputMebibytesPerSecond, 0);
        if (start.getNano() != 0) {
            throw new IllegalArgumentException("--start must be a whole second, got " + start);
        }
    }

    /**
     * The reference month: 30 days of 20 devices x 4 metrics every 10 seconds, 7-day TTL, one-hour gc grace, 1 MiB
     * memtables, 2 shards, unthrottled compaction, 2000 reads.
     */
    public static StorageBenchOptions defaults() {
        return new StorageBenchOptions(30, 20, 4, 10, 2_000, DEFAULT_TTL_SECONDS, 3_600, 1L << 20, 2, 0,
                Instant.parse("2026-10-01T00:00:00Z"), 42);
    }

    /** @return the instant after the last sample: {@code start + days} */
    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }

    private static void atLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(option + " must be at least " + minimum + ", got " + value);
        }
    }

    private static void atMost(String option, long value, long maximum) {
        if (value > maximum) {
            throw new IllegalArgumentException(option + " must be at most " + maximum + ", got " + value);
        }
    }
}
