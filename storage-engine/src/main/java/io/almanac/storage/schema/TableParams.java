package io.almanac.storage.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's options ({@code CREATE TABLE ... WITH ...}), kept verbatim and shown back in {@code system_schema.tables}
 * as Cassandra does ({@code org.apache.cassandra.schema.TableParams}). Option maps are sorted by key and hold text.
 *
 * @param comment                   {@code comment}
 * @param compaction                {@code compaction}; {@code class} is always a fully qualified class name
 * @param compression               {@code compression}
 * @param caching                   {@code caching}
 * @param defaultTimeToLiveSeconds  {@code default_time_to_live}, seconds; 0 = no TTL
 * @param gcGraceSeconds            {@code gc_grace_seconds}, seconds a tombstone is kept before it may be purged
 * @param bloomFilterFpChance       {@code bloom_filter_fp_chance}, the Filter.db false-positive probability
 * @param crcCheckChance            {@code crc_check_chance}
 * @param memtableFlushPeriodMillis {@code memtable_flush_period_in_ms}; 0 = flush on size only
 * @param speculativeRetry          {@code speculative_retry}
 */
public record TableParams(String comment, Map<String, String> compaction, Map<String, String> compression,
                          Map<String, String> caching, int defaultTimeToLiveSeconds, int gcGraceSeconds,
                          double bloomFilterFpChance, double crcCheckChance, int memtableFlushPeriodMillis,
                          String speculativeRetry) {

    /** Cassandra's maximum TTL, 20 years in seconds ({@code Attributes.MAX_TTL}). */
    public static final int MAX_TTL_SECONDS = 630_720_000;
    /** Package of Cassandra's compaction strategies; short class names are resolved against it. */
    public static final String COMPACTION_PACKAGE = "org.apache.cassandra.db.compaction.";
    /** Package of Cassandra's compressors. */
    public static final String COMPRESSION_PACKAGE = "org.apache.cassandra.io.compress.";

    public static final TableParams DEFAULT = new TableParams("",
            Map.of("class", COMPACTION_PACKAGE + "SizeTieredCompactionStrategy", "max_threshold", "32",
                    "min_threshold", "4"),
            Map.of("chunk_length_in_kb", "16", "class", COMPRESSION_PACKAGE + "LZ4Compressor"),
            Map.of("keys", "ALL", "rows_per_partition", "NONE"),
            0, 864_000, 0.01, 1.0, 0, "99p");

    public TableParams {
        compaction = sorted(qualify(compaction, COMPACTION_PACKAGE));
        compression = sorted(qualify(compression, COMPRESSION_PACKAGE));
        caching = sorted(caching);
        if (defaultTimeToLiveSeconds < 0) {
            throw new ConfigurationException("default_time_to_live must be greater than or equal to 0 (got "
                    + defaultTimeToLiveSeconds + ")");
        }
        if (defaultTimeToLiveSeconds > MAX_TTL_SECONDS) {
            throw new ConfigurationException("default_time_to_live must be less than or equal to " + MAX_TTL_SECONDS
                    + " (got " + defaultTimeToLiveSeconds + ")");
        }
        if (gcGraceSeconds < 0) {
            throw new ConfigurationException("gc_grace_seconds must be greater than or equal to 0 (got "
                    + gcGraceSeconds + ")");
        }
        if (bloomFilterFpChance <= 0 || bloomFilterFpChance > 1) {
            throw new ConfigurationException("bloom_filter_fp_chance must be larger than 0 and less than or equal to"
                    + " 1.0 (got " + bloomFilterFpChance + ")");
        }
    }

    /** @return the fully qualified compaction strategy class */
    public String compactionClass() {
        return compaction.get("class");
    }

    public TableParams withCompaction(Map<String, String> options) {
        return new TableParams(comment, options, compression, caching, defaultTimeToLiveSeconds, gcGraceSeconds,
                bloomFilterFpChance, crcCheckChance, memtableFlushPeriodMillis, speculativeRetry);
    }

    private static Map<String, String> qualify(Map<String, String> options, String packageName) {
        String className = options.get("class");
        if (className == null || className.contains(".")) {
            return options;
        }
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put("class", packageName + className);
        return copy;
    }

    private static Map<String, String> sorted(Map<String, String> options) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }
}
