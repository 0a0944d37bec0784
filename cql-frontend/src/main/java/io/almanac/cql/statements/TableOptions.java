package io.almanac.cql.statements;

import io.almanac.cql.parser.Properties;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.sstable.compress.SSTableCompression;
import java.util.Map;
import java.util.Set;

/**
 * The {@code WITH} options of CREATE TABLE ({@code TableAttributes} in Cassandra) turned into {@link TableParams};
 * options not given keep {@link TableParams#DEFAULT}. Maps ({@code compaction}, {@code compression},
 * {@code caching}) are kept verbatim, so {@code system_schema.tables} shows them back as written; compaction
 * options are validated by the engine's strategy provider when the table is created; {@code compression} is
 * validated here and stored as Cassandra shows it ({@link SSTableCompression#asOptions()}: qualified class, chunk
 * length, {@code {'enabled': 'false'}} when off).
 *
 * <p>Thread safety: stateless.
 */
final class TableOptions {

    private static final Set<String> SIMPLE = Set.of("comment", "default_time_to_live", "gc_grace_seconds",
            "bloom_filter_fp_chance", "crc_check_chance", "memtable_flush_period_in_ms", "speculative_retry");
    private static final Set<String> MAPS = Set.of("compaction", "compression", "caching");
    /**
     * Options Cassandra has that Almanac does not apply, with the value Almanac behaves as: accepted with that value
     * (so that DESCRIBE's output, which lists them, can be fed back), refused with any other.
     */
    private static final Map<String, String> FIXED = Map.of("additional_write_policy", "99p",
            "allow_auto_snapshot", "true", "cdc", "false", "memtable", "default", "incremental_backups", "true",
            "max_index_interval", "2048", "min_index_interval", "128", "read_repair", "BLOCKING");
    /** Options Cassandra has that Almanac does not apply yet. */
    private static final Set<String> NOT_SUPPORTED = Set.of("dclocal_read_repair_chance", "read_repair_chance",
            "id");

    private TableOptions() {
    }

    /**
     * @throws ConfigurationException (0x2300) for unknown options and values out of range, CqlException 0x2000 for
     *         values that do not parse, 0x2200 for options not supported yet
     */
    static TableParams build(Properties properties) {
        return build(properties, TableParams.DEFAULT);
    }

    /**
     * @param base the options not named keep these values (the defaults for CREATE TABLE, the table's current
     *             options for ALTER TABLE ... WITH); a named map option replaces the whole map
     * @throws ConfigurationException (0x2300) for unknown options and values out of range, CqlException 0x2000 for
     *         values that do not parse, 0x2200 for options not supported yet
     */
    static TableParams build(Properties properties, TableParams base) {
        for (Map.Entry<String, String> option : properties.simple().entrySet()) {
            if (FIXED.containsKey(option.getKey())) {
                checkFixed(option.getKey(), option.getValue());
            } else {
                check(option.getKey(), SIMPLE, MAPS);
            }
        }
        for (Map.Entry<String, Map<String, String>> option : properties.maps().entrySet()) {
            if (option.getKey().equals("extensions")) {
                if (!option.getValue().isEmpty()) {
                    throw StatementErrors.unsupported("Table option 'extensions' with entries is");
                }
            } else {
                check(option.getKey(), MAPS, SIMPLE);
            }
        }
        TableParams defaults = base;
        Map<String, String> simple = properties.simple();
        Map<String, String> compaction = properties.maps().getOrDefault("compaction", defaults.compaction());
        if (!compaction.containsKey("class")) {
            throw new ConfigurationException("Missing sub-option 'class' for the 'compaction' option.");
        }
        double crcCheckChance = decimal(simple, "crc_check_chance", defaults.crcCheckChance());
        if (crcCheckChance < 0 || crcCheckChance > 1) {
            throw new ConfigurationException("crc_check_chance should be between 0.0 and 1.0");
        }
        int flushPeriod = integer(simple, "memtable_flush_period_in_ms", defaults.memtableFlushPeriodMillis());
        if (flushPeriod < 0) {
            throw new ConfigurationException("memtable_flush_period_in_ms must be greater than or equal to 0 (got "
                    + flushPeriod + ")");
        }
        Map<String, String> compression = properties.maps().get("compression");
        return new TableParams(simple.getOrDefault("comment", defaults.comment()), compaction,
                compression == null ? defaults.compression() : SSTableCompression.fromOptions(compression).asOptions(),
                properties.maps().getOrDefault("caching", defaults.caching()),
                integer(simple, "default_time_to_live", defaults.defaultTimeToLiveSeconds()),
                integer(simple, "gc_grace_seconds", defaults.gcGraceSeconds()),
                decimal(simple, "bloom_filter_fp_chance", defaults.bloomFilterFpChance()),
                crcCheckChance, flushPeriod,
                simple.getOrDefault("speculative_retry", defaults.speculativeRetry()));
    }

    private static void checkFixed(String option, String value) {
        String expected = FIXED.get(option);
        boolean same = expected.equalsIgnoreCase(value)
                || option.endsWith("_index_interval") && value.equals(expected + ".0");
        if (!same) {
            throw StatementErrors.unsupported("Table option '" + option + "' other than " + expected + " is");
        }
    }

    private static void check(String option, Set<String> expected, Set<String> otherShape) {
        if (expected.contains(option)) {
            return;
        }
        if (otherShape.contains(option)) {
            throw CqlException.syntax("Invalid value for property '" + option + "'"
                    + (MAPS.contains(option) ? ". It should be a map." : ""));
        }
        if (NOT_SUPPORTED.contains(option)) {
            throw StatementErrors.unsupported("Table option '" + option + "' is");
        }
        throw new ConfigurationException("Unknown property '" + option + "'");
    }

    private static int integer(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CqlException.syntax("Invalid integer value " + value + " for '" + name + "'");
        }
    }

    private static double decimal(Map<String, String> options, String name, double defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw CqlException.syntax("Invalid double value " + value + " for '" + name + "'");
        }
    }
}
