package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy} with the engine: validates a
 * table's {@code compaction} options as Cassandra does and makes a {@link TimeWindowCompactionStrategy}.
 *
 * <pre>
 *   accepted keys: class, enabled, min_threshold, max_threshold, tombstone_threshold,
 *     tombstone_compaction_interval, unchecked_tombstone_compaction, log_all, only_purge_repaired_tombstones,
 *     provide_overlapping_tombstones, compaction_window_unit, compaction_window_size, timestamp_resolution,
 *     expired_sstable_check_frequency_seconds, unsafe_aggressive_sstable_expiration, bucket_low, bucket_high,
 *     min_sstable_size
 * </pre>
 *
 * <p>Thread safety: immutable.
 */
public final class TimeWindowCompactionStrategyProvider implements CompactionStrategyProvider {

    /** The class name tables use. */
    public static final String CLASS_NAME = TableParams.COMPACTION_PACKAGE + "TimeWindowCompactionStrategy";
    private static final Logger LOG = LoggerFactory.getLogger(TimeWindowCompactionStrategyProvider.class);

    private final boolean allowUnsafeAggressiveSSTableExpiration;

    /** A provider that refuses {@code unsafe_aggressive_sstable_expiration: 'true'} (Cassandra's default). */
    public TimeWindowCompactionStrategyProvider() {
        this(false);
    }

    /**
     * @param allowUnsafeAggressiveSSTableExpiration the node setting
     *        {@code allow_unsafe_aggressive_sstable_expiration}
     *        (Cassandra's {@code -Dcassandra.allow_unsafe_aggressive_sstable_expiration}); tables may ask for
     *        {@code unsafe_aggressive_sstable_expiration} only when it is on
     */
    public TimeWindowCompactionStrategyProvider(boolean allowUnsafeAggressiveSSTableExpiration) {
        this.allowUnsafeAggressiveSSTableExpiration = allowUnsafeAggressiveSSTableExpiration;
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    /** @throws ConfigurationException naming the key and value, or listing unknown keys */
    @Override
    public void validateOptions(Map<String, String> options) {
        CompactionOptions.validate(options, "TimeWindowCompactionStrategy", TimeWindowOptions.KEYS,
                map -> TimeWindowOptions.validate(map, allowUnsafeAggressiveSSTableExpiration));
    }

    /** @throws ConfigurationException if the table's stored options are invalid */
    @Override
    public CompactionStrategy create(TableMetadata table) {
        Map<String, String> options = table.params().compaction();
        validateOptions(options);
        TimeWindowOptions windows = TimeWindowOptions.parse(options, allowUnsafeAggressiveSSTableExpiration);
        if (windows.timestampResolution() != TimeUnit.MICROSECONDS) {
            LOG.warn("Table {} uses a non-default timestamp_resolution {} - are you really doing inserts with USING "
                    + "TIMESTAMP <non_microsecond_timestamp> (or driver equivalent)?", table,
                    windows.timestampResolution());
        }
        return new TimeWindowCompactionStrategy(CompactionOptions.parse(options), windows,
                table.params().gcGraceSeconds());
    }
}
