package io.almanac.compaction.twcs;

import io.almanac.storage.schema.ConfigurationException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The compaction options every strategy shares, as Cassandra checks them ({@code CompactionParams.validate},
 * {@code AbstractCompactionStrategy.validateOptions}): {@code enabled}, {@code min_threshold}, {@code max_threshold}
 * and the tombstone options. Values arrive as the text of {@code WITH compaction = {...}}.
 *
 * <p>Validation order follows Cassandra: shared values, then the strategy's own values, then unknown keys, then the
 * thresholds. Every message names the key and the value; texts are Cassandra's.
 *
 * <p>Thread safety: immutable.
 *
 * @param enabled                            {@code enabled}: background compaction runs (default true)
 * @param minThreshold                       {@code min_threshold}: SSTables a size-tiered bucket needs (default 4)
 * @param maxThreshold                       {@code max_threshold}: SSTables one compaction takes at most (default 32)
 * @param tombstoneThreshold                 {@code tombstone_threshold}, droppable tombstone ratio (default 0.2)
 * @param tombstoneCompactionIntervalSeconds {@code tombstone_compaction_interval}, seconds (default 86400)
 * @param uncheckedTombstoneCompaction       {@code unchecked_tombstone_compaction} (default false)
 * @param tombstoneOptionsGiven              whether {@code tombstone_threshold} or
 *                                           {@code tombstone_compaction_interval} was set explicitly (TWCS runs
 *                                           single-SSTable tombstone compactions only then, as Cassandra's does)
 */
public record CompactionOptions(boolean enabled, int minThreshold, int maxThreshold, float tombstoneThreshold,
                                long tombstoneCompactionIntervalSeconds, boolean uncheckedTombstoneCompaction,
                                boolean tombstoneOptionsGiven) {

    public static final String CLASS = "class";
    public static final String ENABLED = "enabled";
    public static final String MIN_THRESHOLD = "min_threshold";
    public static final String MAX_THRESHOLD = "max_threshold";
    public static final String TOMBSTONE_THRESHOLD = "tombstone_threshold";
    public static final String TOMBSTONE_COMPACTION_INTERVAL = "tombstone_compaction_interval";
    public static final String UNCHECKED_TOMBSTONE_COMPACTION = "unchecked_tombstone_compaction";
    public static final String LOG_ALL = "log_all";
    public static final String ONLY_PURGE_REPAIRED_TOMBSTONES = "only_purge_repaired_tombstones";
    public static final String PROVIDE_OVERLAPPING_TOMBSTONES = "provide_overlapping_tombstones";

    public static final int DEFAULT_MIN_THRESHOLD = 4;
    public static final int DEFAULT_MAX_THRESHOLD = 32;

    /** Options whose tombstone values were not set explicitly ({@code tombstoneOptionsGiven} false). */
    public CompactionOptions(boolean enabled, int minThreshold, int maxThreshold, float tombstoneThreshold,
                             long tombstoneCompactionIntervalSeconds, boolean uncheckedTombstoneCompaction) {
        this(enabled, minThreshold, maxThreshold, tombstoneThreshold, tombstoneCompactionIntervalSeconds,
                uncheckedTombstoneCompaction, false);
    }

    /** The keys understood by every strategy. */
    public static final Set<String> KEYS = Set.of(CLASS, ENABLED, MIN_THRESHOLD, MAX_THRESHOLD, TOMBSTONE_THRESHOLD,
            TOMBSTONE_COMPACTION_INTERVAL, UNCHECKED_TOMBSTONE_COMPACTION, LOG_ALL, ONLY_PURGE_REPAIRED_TOMBSTONES,
            PROVIDE_OVERLAPPING_TOMBSTONES);

    /**
     * Checks a whole {@code compaction} map.
     *
     * @param options          the options, including {@code class}
     * @param strategyName     the strategy's simple class name, for the unknown-keys message
     * @param strategyKeys     the keys the strategy understands beyond {@link #KEYS}
     * @param strategyValidator checks the strategy's own values; throws {@link ConfigurationException}
     * @throws ConfigurationException when a value is invalid or a key unknown
     */
    public static void validate(Map<String, String> options, String strategyName, Set<String> strategyKeys,
                                Consumer<Map<String, String>> strategyValidator) {
        validateSharedValues(options);
        strategyValidator.accept(options);
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KEYS);
        unknown.removeAll(strategyKeys);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Properties specified " + unknown + " are not understood by "
                    + strategyName);
        }
        thresholds(options);
    }

    /**
     * @param options validated options
     * @return the shared values, defaults where absent
     */
    public static CompactionOptions parse(Map<String, String> options) {
        int[] thresholds = thresholds(options);
        String threshold = options.get(TOMBSTONE_THRESHOLD);
        String interval = options.get(TOMBSTONE_COMPACTION_INTERVAL);
        return new CompactionOptions(!"false".equalsIgnoreCase(options.get(ENABLED)), thresholds[0], thresholds[1],
                threshold == null ? 0.2f : Float.parseFloat(threshold),
                interval == null ? 86_400L : Long.parseLong(interval),
                Boolean.parseBoolean(options.get(UNCHECKED_TOMBSTONE_COMPACTION)),
                threshold != null || interval != null);
    }

    private static void validateSharedValues(Map<String, String> options) {
        String threshold = options.get(TOMBSTONE_THRESHOLD);
        if (threshold != null) {
            float value = parseFloat(threshold, TOMBSTONE_THRESHOLD);
            if (value < 0) {
                throw new ConfigurationException(String.format(Locale.ROOT,
                        "%s must be greater than 0, but was %f", TOMBSTONE_THRESHOLD, value));
            }
        }
        String interval = options.get(TOMBSTONE_COMPACTION_INTERVAL);
        if (interval != null) {
            long value = parseLong(interval, TOMBSTONE_COMPACTION_INTERVAL);
            if (value < 0) {
                throw new ConfigurationException(TOMBSTONE_COMPACTION_INTERVAL + " must be greater than 0, but was "
                        + value);
            }
        }
        String unchecked = options.get(UNCHECKED_TOMBSTONE_COMPACTION);
        if (unchecked != null && !isBoolean(unchecked)) {
            throw new ConfigurationException("'" + UNCHECKED_TOMBSTONE_COMPACTION
                    + "' should be either 'true' or 'false', not '" + unchecked + "'");
        }
        String logAll = options.get(LOG_ALL);
        if (logAll != null && !isBoolean(logAll)) {
            throw new ConfigurationException("'" + LOG_ALL + "' should either be 'true' or 'false', not " + logAll);
        }
        String enabled = options.get(ENABLED);
        if (enabled != null && !isBoolean(enabled)) {
            throw new ConfigurationException("enabled should either be 'true' or 'false', not " + enabled);
        }
        String overlapping = options.get(PROVIDE_OVERLAPPING_TOMBSTONES);
        if (overlapping != null && !Set.of("NONE", "ROW", "CELL").contains(overlapping.toUpperCase(Locale.ROOT))) {
            throw new ConfigurationException("Invalid value " + overlapping.toUpperCase(Locale.ROOT) + " for '"
                    + PROVIDE_OVERLAPPING_TOMBSTONES + "' compaction sub-option - must be one of the following "
                    + "[NONE, ROW, CELL].");
        }
    }

    /** @return {min, max}, validated as {@code CompactionParams.validate} does */
    private static int[] thresholds(Map<String, String> options) {
        int min = threshold(options, MIN_THRESHOLD, DEFAULT_MIN_THRESHOLD);
        int max = threshold(options, MAX_THRESHOLD, DEFAULT_MAX_THRESHOLD);
        if (min <= 0 || max <= 0) {
            throw new ConfigurationException("Disabling compaction by setting compaction thresholds to 0 has been "
                    + "removed, set the compaction option 'enabled' to false instead.");
        }
        if (min <= 1) {
            throw new ConfigurationException("Min compaction threshold cannot be less than 2 (got " + min + ")");
        }
        if (min > max) {
            throw new ConfigurationException("Min compaction threshold (got " + min
                    + ") cannot be greater than max compaction threshold (got " + max + ")");
        }
        return new int[] {min, max};
    }

    private static int threshold(Map<String, String> options, String key, int defaultValue) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            throw new ConfigurationException("Invalid value " + text + " for '" + key
                    + "' compaction sub-option - must be an integer");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Invalid value " + text + " for '" + key
                    + "' compaction sub-option - must be an integer");
        }
    }

    /** @return whether {@code text} is {@code true} or {@code false}, ignoring case */
    static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /** Parses as Cassandra does ({@code Long.parseLong}); "x is not a parsable int (base10) for key" otherwise. */
    static long parseLong(String text, String key) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw notParsable(text, key);
        }
    }

    /** Parses as Cassandra does ({@code Integer.parseInt}). */
    static int parseInt(String text, String key) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw notParsable(text, key);
        }
    }

    /** Parses as Cassandra does ({@code Float.parseFloat}). */
    static float parseFloat(String text, String key) {
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw notParsable(text, key);
        }
    }

    /** Parses as Cassandra does ({@code Double.parseDouble}). */
    static double parseDouble(String text, String key) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw notParsable(text, key);
        }
    }

    private static ConfigurationException notParsable(String text, String key) {
        return new ConfigurationException(text + " is not a parsable int (base10) for " + key);
    }
}
