package io.almanac.ttl;

import java.util.Objects;

/**
 * The TTL sweeper's settings (one immutable record, validated).
 *
 * <p>Thread safety: immutable.
 *
 * @param scope                                  which tables are swept
 * @param allowUnsafeAggressiveSSTableExpiration the node setting {@code allow_unsafe_aggressive_sstable_expiration}:
 *                                               only with it on does a table's
 *                                               {@code unsafe_aggressive_sstable_expiration} take effect (as
 *                                               Cassandra's
 *                                               {@code -Dcassandra.allow_unsafe_aggressive_sstable_expiration})
 * @param tickIntervalSeconds                    seconds between the scheduler's looks at which tables are due; each
 *                                               table is swept every {@code expired_sstable_check_frequency_seconds}
 * @param reportCapacity                         drops kept in the in-memory report (oldest forgotten first)
 */
public record TtlSweeperConfig(SweepScope scope, boolean allowUnsafeAggressiveSSTableExpiration,
                               long tickIntervalSeconds, int reportCapacity) {

    /** Which tables the sweeper looks at. */
    public enum SweepScope {
        /** Tables using TimeWindowCompactionStrategy (Cassandra checks expiry per TWCS's own option). */
        TIME_WINDOW_TABLES,
        /** Every table; non-TWCS tables are checked every 600 seconds. */
        ALL_TABLES
    }

    /** @throws IllegalArgumentException naming the setting, its value and the rule */
    public TtlSweeperConfig {
        Objects.requireNonNull(scope, "scope");
        if (tickIntervalSeconds < 1) {
            throw new IllegalArgumentException("ttl sweeper tick interval must be at least 1 second, got "
                    + tickIntervalSeconds);
        }
        if (reportCapacity < 1) {
            throw new IllegalArgumentException("ttl sweeper report capacity must be at least 1, got "
                    + reportCapacity);
        }
    }

    /** @return TWCS tables, aggressive expiration not allowed, a tick every 10 seconds, the last 1000 drops kept */
    public static TtlSweeperConfig defaults() {
        return new TtlSweeperConfig(SweepScope.TIME_WINDOW_TABLES, false, 10, 1_000);
    }
}
