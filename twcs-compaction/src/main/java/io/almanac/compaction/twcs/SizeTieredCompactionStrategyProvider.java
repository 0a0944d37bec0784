package io.almanac.compaction.twcs;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.Map;

/**
 * Registers {@code org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy} (the default of tables created
 * without a {@code compaction} option) with the engine.
 *
 * <pre>
 *   accepted keys: class, enabled, min_threshold, max_threshold, tombstone_threshold,
 *     tombstone_compaction_interval, unchecked_tombstone_compaction, log_all, only_purge_repaired_tombstones,
 *     provide_overlapping_tombstones, bucket_low, bucket_high, min_sstable_size
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class SizeTieredCompactionStrategyProvider implements CompactionStrategyProvider {

    /** The class name tables use. */
    public static final String CLASS_NAME = TableParams.COMPACTION_PACKAGE + "SizeTieredCompactionStrategy";

    @Override
    public String className() {
        return CLASS_NAME;
    }

    /** @throws ConfigurationException naming the key and value, or listing unknown keys */
    @Override
    public void validateOptions(Map<String, String> options) {
        CompactionOptions.validate(options, "SizeTieredCompactionStrategy", SizeTieredOptions.KEYS,
                SizeTieredOptions::validate);
    }

    /** @throws ConfigurationException if the table's stored options are invalid */
    @Override
    public CompactionStrategy create(TableMetadata table) {
        Map<String, String> options = table.params().compaction();
        validateOptions(options);
        return new SizeTieredCompactionStrategy(CompactionOptions.parse(options), SizeTieredOptions.parse(options),
                table.params().gcGraceSeconds());
    }
}
