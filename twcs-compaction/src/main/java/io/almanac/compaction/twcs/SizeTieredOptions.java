package io.almanac.compaction.twcs;

import io.almanac.storage.schema.ConfigurationException;
import java.util.Map;
import java.util.Set;

/**
 * The size-tiered sub-options ({@code SizeTieredCompactionStrategyOptions}), used by STCS and inside the newest
 * window of TWCS: an SSTable joins a bucket when its size is within ({@code bucket_low} x average,
 * {@code bucket_high} x average) of the bucket, or when both are smaller than {@code min_sstable_size}.
 *
 * <p>Thread safety: immutable.
 *
 * @param bucketLow           {@code bucket_low} (default 0.5)
 * @param bucketHigh          {@code bucket_high} (default 1.5)
 * @param minSSTableSizeBytes {@code min_sstable_size}, bytes (default 50 MiB)
 */
public record SizeTieredOptions(double bucketLow, double bucketHigh, long minSSTableSizeBytes) {

    public static final String BUCKET_LOW = "bucket_low";
    public static final String BUCKET_HIGH = "bucket_high";
    public static final String MIN_SSTABLE_SIZE = "min_sstable_size";

    public static final double DEFAULT_BUCKET_LOW = 0.5;
    public static final double DEFAULT_BUCKET_HIGH = 1.5;
    public static final long DEFAULT_MIN_SSTABLE_SIZE_BYTES = 50L * 1024 * 1024;

    /** Cassandra's defaults. */
    public static final SizeTieredOptions DEFAULT = new SizeTieredOptions(DEFAULT_BUCKET_LOW, DEFAULT_BUCKET_HIGH,
            DEFAULT_MIN_SSTABLE_SIZE_BYTES);

    /** The keys this record reads. */
    public static final Set<String> KEYS = Set.of(BUCKET_LOW, BUCKET_HIGH, MIN_SSTABLE_SIZE);

    /**
     * Checks the size-tiered values (Cassandra's texts, except that a bad {@code bucket_low} / {@code bucket_high}
     * names the key where Cassandra prints the default value).
     *
     * @throws ConfigurationException when a value is invalid
     */
    public static void validate(Map<String, String> options) {
        String minSize = options.get(MIN_SSTABLE_SIZE);
        if (minSize != null) {
            long value = CompactionOptions.parseLong(minSize, MIN_SSTABLE_SIZE);
            if (value < 0) {
                throw new ConfigurationException(MIN_SSTABLE_SIZE + " must be non negative: " + value);
            }
        }
        SizeTieredOptions parsed = parseBuckets(options);
        if (parsed.bucketHigh <= parsed.bucketLow) {
            throw new ConfigurationException("Bucket high value (" + parsed.bucketHigh
                    + ") is less than or equal bucket low value (" + parsed.bucketLow + ")");
        }
    }

    /** @return the options of a validated map, defaults where absent */
    public static SizeTieredOptions parse(Map<String, String> options) {
        SizeTieredOptions buckets = parseBuckets(options);
        String minSize = options.get(MIN_SSTABLE_SIZE);
        return new SizeTieredOptions(buckets.bucketLow, buckets.bucketHigh,
                minSize == null ? DEFAULT_MIN_SSTABLE_SIZE_BYTES : Long.parseLong(minSize));
    }

    private static SizeTieredOptions parseBuckets(Map<String, String> options) {
        String low = options.get(BUCKET_LOW);
        String high = options.get(BUCKET_HIGH);
        return new SizeTieredOptions(low == null ? DEFAULT_BUCKET_LOW : CompactionOptions.parseDouble(low, BUCKET_LOW),
                high == null ? DEFAULT_BUCKET_HIGH : CompactionOptions.parseDouble(high, BUCKET_HIGH),
                DEFAULT_MIN_SSTABLE_SIZE_BYTES);
    }
}
