package io.almanac.storage.engine;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test-only strategy registered under the default compaction class: when a table has at least
 * {@code min_threshold} SSTables it compacts the {@code max_threshold} oldest of them into one.
 */
final class TestCompactionStrategyProvider implements CompactionStrategyProvider {

    static final String CLASS_NAME = TableParams.COMPACTION_PACKAGE + "SizeTieredCompactionStrategy";
    private static final Set<String> KNOWN = Set.of("class", "min_threshold", "max_threshold");

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new ConfigurationException("Properties specified [" + key + "] are not understood by "
                        + "SizeTieredCompactionStrategy");
            }
        }
        for (String key : List.of("min_threshold", "max_threshold")) {
            String value = options.get(key);
            if (value != null && !value.matches("[0-9]+")) {
                throw new ConfigurationException(value + " is not a parsable int (base10) for " + key);
            }
        }
    }

    @Override
    public CompactionStrategy create(TableMetadata table) {
        int min = Integer.parseInt(table.params().compaction().getOrDefault("min_threshold", "4"));
        int max = Integer.parseInt(table.params().compaction().getOrDefault("max_threshold", "32"));
        return (live, nowSeconds) -> {
            if (live.size() < min) {
                return Optional.empty();
            }
            List<SSTableInfo> oldest = live.stream().sorted(Comparator.comparingLong(SSTableInfo::generation))
                    .limit(max).toList();
            return Optional.of(new CompactionTask(oldest, "test: " + oldest.size() + " SSTables"));
        };
    }
}
