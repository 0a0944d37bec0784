package io.almanac.ttl;

import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.Map;
import java.util.Optional;

/**
 * How one table is swept, read from its options: TWCS's {@code expired_sstable_check_frequency_seconds} and
 * {@code unsafe_aggressive_sstable_expiration}, and {@code gc_grace_seconds}. The options were validated when the
 * table was created, by the strategy's provider; a value that does not parse falls back to the default.
 *
 * <p>Thread safety: immutable.
 *
 * @param checkFrequencySeconds seconds between two sweeps of the table
 * @param gcGraceSeconds        {@code gc_grace_seconds}
 * @param unsafeAggressive      drop expired SSTables without the overlap check
 */
public record SweepPolicy(long checkFrequencySeconds, long gcGraceSeconds, boolean unsafeAggressive) {

    /** The class name of TWCS in a table's {@code compaction} option. */
    public static final String TIME_WINDOW_CLASS = TableParams.COMPACTION_PACKAGE + "TimeWindowCompactionStrategy";
    /** Cassandra's default {@code expired_sstable_check_frequency_seconds}. */
    public static final long DEFAULT_CHECK_FREQUENCY_SECONDS = 600;

    /**
     * @return the table's policy, or empty when the sweeper leaves it alone: outside the configured scope, or its
     *         compaction is disabled ({@code 'enabled': 'false'}; Cassandra drops expired SSTables only through
     *         compaction)
     */
    public static Optional<SweepPolicy> of(TableMetadata table, TtlSweeperConfig config) {
        Map<String, String> compaction = table.params().compaction();
        boolean timeWindow = TIME_WINDOW_CLASS.equals(table.params().compactionClass());
        if (!timeWindow && config.scope() == TtlSweeperConfig.SweepScope.TIME_WINDOW_TABLES) {
            return Optional.empty();
        }
        if ("false".equalsIgnoreCase(compaction.get("enabled"))) {
            return Optional.empty();
        }
        long frequency = DEFAULT_CHECK_FREQUENCY_SECONDS;
        boolean aggressive = false;
        if (timeWindow) {
            frequency = parseOr(compaction.get("expired_sstable_check_frequency_seconds"), frequency);
            aggressive = config.allowUnsafeAggressiveSSTableExpiration()
                    && "true".equalsIgnoreCase(compaction.get("unsafe_aggressive_sstable_expiration"));
        }
        return Optional.of(new SweepPolicy(frequency, table.params().gcGraceSeconds(), aggressive));
    }

    private static long parseOr(String text, long defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text);
            return value >= 0 ? value : defaultValue;
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }
}
