package io.almanac.compaction.twcs;

import io.almanac.storage.schema.ConfigurationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * TWCS's own options (apache/cassandra {@code TimeWindowCompactionStrategyOptions}; reference §4.1), validated with
 * Cassandra's messages. Units are {@link TimeUnit} constant names, upper case, exactly as Cassandra's
 * {@code TimeUnit.valueOf} accepts them.
 *
 * <p>Thread safety: immutable.
 *
 * @param windowUnit                          {@code compaction_window_unit}: MINUTES, HOURS or DAYS (default DAYS)
 * @param windowSize                          {@code compaction_window_size}, at least 1 (default 1)
 * @param timestampResolution                 {@code timestamp_resolution}: SECONDS, MILLISECONDS, MICROSECONDS
 *                                            (default) or NANOSECONDS
 * @param expiredSSTableCheckFrequencySeconds {@code expired_sstable_check_frequency_seconds}, seconds between
 *                                            fully-expired checks (default 600)
 * @param unsafeAggressiveSSTableExpiration   {@code unsafe_aggressive_sstable_expiration}: drop expired SSTables
 *                                            without the overlap check (default false; must be allowed by the node)
 * @param sizeTiered                          the size-tiered options used inside the newest window
 */
public record TimeWindowOptions(TimeUnit windowUnit, int windowSize, TimeUnit timestampResolution,
                                long expiredSSTableCheckFrequencySeconds, boolean unsafeAggressiveSSTableExpiration,
                                SizeTieredOptions sizeTiered) {

    public static final String COMPACTION_WINDOW_UNIT = "compaction_window_unit";
    public static final String COMPACTION_WINDOW_SIZE = "compaction_window_size";
    public static final String TIMESTAMP_RESOLUTION = "timestamp_resolution";
    public static final String EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS = "expired_sstable_check_frequency_seconds";
    public static final String UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION = "unsafe_aggressive_sstable_expiration";
    /** The node setting that must be on before a table may ask for {@link #UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION}. */
    public static final String ALLOW_UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION =
            "allow_unsafe_aggressive_sstable_expiration";

    public static final long DEFAULT_EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS = 600;

    private static final List<TimeUnit> TIMESTAMP_UNITS = List.of(TimeUnit.SECONDS, TimeUnit.MILLISECONDS,
            TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS);
    private static final List<TimeUnit> WINDOW_UNITS = List.of(TimeUnit.MINUTES, TimeUnit.HOURS, TimeUnit.DAYS);

    /** The keys TWCS understands beyond {@link CompactionOptions#KEYS}. */
    public static final Set<String> KEYS = keys();

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(SizeTieredOptions.KEYS);
        keys.addAll(List.of(COMPACTION_WINDOW_UNIT, COMPACTION_WINDOW_SIZE, TIMESTAMP_RESOLUTION,
                EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS, UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION));
        return Set.copyOf(keys);
    }

    /** @return the window length, milliseconds */
    public long windowSizeMillis() {
        return CompactionWindow.sizeMillis(windowUnit, windowSize);
    }

    /**
     * Checks TWCS's values, then the size-tiered ones.
     *
     * @param allowUnsafeAggressiveSSTableExpiration whether the node allows
     *        {@code unsafe_aggressive_sstable_expiration}
     * @throws ConfigurationException naming the key and the value
     */
    public static void validate(Map<String, String> options, boolean allowUnsafeAggressiveSSTableExpiration) {
        String resolution = options.get(TIMESTAMP_RESOLUTION);
        if (resolution != null) {
            unit(resolution, TIMESTAMP_RESOLUTION, TIMESTAMP_UNITS);
        }
        String unit = options.get(COMPACTION_WINDOW_UNIT);
        if (unit != null) {
            unit(unit, COMPACTION_WINDOW_UNIT, WINDOW_UNITS);
        }
        String size = options.get(COMPACTION_WINDOW_SIZE);
        if (size != null) {
            int value = CompactionOptions.parseInt(size, COMPACTION_WINDOW_SIZE);
            if (value < 1) {
                throw new ConfigurationException(value + " must be greater than 1 for " + COMPACTION_WINDOW_SIZE);
            }
        }
        String frequency = options.get(EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS);
        if (frequency != null) {
            long value = CompactionOptions.parseLong(frequency, EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS);
            if (value < 0) {
                throw new ConfigurationException(EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS
                        + " must not be negative, but was " + value);
            }
        }
        String aggressive = options.get(UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION);
        if (aggressive != null) {
            if (!CompactionOptions.isBoolean(aggressive)) {
                throw new ConfigurationException(UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION + " is not 'true' or 'false' ("
                        + aggressive + ")");
            }
            if (aggressive.equalsIgnoreCase("true") && !allowUnsafeAggressiveSSTableExpiration) {
                throw new ConfigurationException(UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION + " is requested but not "
                        + "allowed, restart the node with " + ALLOW_UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION
                        + ": true to allow it");
            }
        }
        SizeTieredOptions.validate(options);
    }

    private static TimeUnit unit(String text, String key, List<TimeUnit> allowed) {
        for (TimeUnit unit : allowed) {
            if (unit.name().equals(text)) {
                return unit;
            }
        }
        throw new ConfigurationException(text + " is not valid for " + key);
    }

    /**
     * @param options validated options
     * @param allowUnsafeAggressiveSSTableExpiration as for {@link #validate}; when false the option reads as false,
     *        as Cassandra ignores it when its system property is off
     * @return the options, defaults where absent
     */
    public static TimeWindowOptions parse(Map<String, String> options,
                                          boolean allowUnsafeAggressiveSSTableExpiration) {
        String resolution = options.get(TIMESTAMP_RESOLUTION);
        String unit = options.get(COMPACTION_WINDOW_UNIT);
        String size = options.get(COMPACTION_WINDOW_SIZE);
        String frequency = options.get(EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS);
        return new TimeWindowOptions(
                unit == null ? TimeUnit.DAYS : unit(unit, COMPACTION_WINDOW_UNIT, WINDOW_UNITS),
                size == null ? 1 : Integer.parseInt(size),
                resolution == null ? TimeUnit.MICROSECONDS : unit(resolution, TIMESTAMP_RESOLUTION, TIMESTAMP_UNITS),
                frequency == null ? DEFAULT_EXPIRED_SSTABLE_CHECK_FREQUENCY_SECONDS : Long.parseLong(frequency),
                allowUnsafeAggressiveSSTableExpiration
                        && "true".equalsIgnoreCase(options.get(UNSAFE_AGGRESSIVE_SSTABLE_EXPIRATION)),
                SizeTieredOptions.parse(options));
    }
}
