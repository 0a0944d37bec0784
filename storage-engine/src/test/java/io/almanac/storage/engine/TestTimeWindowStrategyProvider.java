package io.almanac.storage.engine;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test-only strategy registered under the TWCS class name (the engine cannot see twcs-compaction): it splits
 * output into 1-hour windows (key = window start, ms) and, once the table has {@code min_threshold} SSTables of
 * which two share a window, compacts all of them at once — windows deliberately mixed in the inputs, so tests see
 * the engine keep them apart in the outputs.
 */
final class TestTimeWindowStrategyProvider implements CompactionStrategyProvider {

    static final String CLASS_NAME = TableParams.COMPACTION_PACKAGE + "TimeWindowCompactionStrategy";
    static final long HOUR_MICROS = 3_600_000_000L;
    static final OutputSplitter HOURLY = micros -> Math.floorDiv(micros, HOUR_MICROS) * 3_600_000L;

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals("class") && !key.equals("min_threshold")) {
                throw new ConfigurationException("Properties specified [" + key + "] are not understood by "
                        + "TimeWindowCompactionStrategy");
            }
        }
    }

    @Override
    public CompactionStrategy create(TableMetadata table) {
        int min = Integer.parseInt(table.params().compaction().getOrDefault("min_threshold", "4"));
        return new CompactionStrategy() {
            @Override
            public Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> live, long nowSeconds) {
                Set<Long> windows = new HashSet<>();
                boolean shared = false;
                for (SSTableInfo sstable : live) {
                    shared |= !windows.add(HOURLY.splitKeyOf(sstable.maxTimestampMicros()));
                }
                return live.size() >= min && shared ? Optional.of(new CompactionTask(live, "test: all windows"))
                        : Optional.empty();
            }

            @Override
            public Optional<OutputSplitter> outputSplitter() {
                return Optional.of(HOURLY);
            }
        };
    }
}
