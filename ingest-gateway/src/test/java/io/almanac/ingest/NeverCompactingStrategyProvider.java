package io.almanac.ingest;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.Map;
import java.util.Optional;

/**
 * TEST FIXTURE ONLY: a compaction strategy provider registered under a Cassandra strategy class name (by default
 * SizeTieredCompactionStrategy) that
 * accepts any options and never compacts. The ingest tests need a table to write to, not compaction (the real
 * strategies live in twcs-compaction, which ingest-gateway may not import).
 */
public final class NeverCompactingStrategyProvider implements CompactionStrategyProvider {

    private final String className;

    /** Registered as SizeTieredCompactionStrategy (the default of every table). */
    public NeverCompactingStrategyProvider() {
        this("SizeTieredCompactionStrategy");
    }

    /** @param simpleClassName the Cassandra strategy name to register under, e.g. TimeWindowCompactionStrategy */
    public NeverCompactingStrategyProvider(String simpleClassName) {
        this.className = TableParams.COMPACTION_PACKAGE + simpleClassName;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        // test fixture: every option is accepted
    }

    @Override
    public CompactionStrategy create(TableMetadata table) {
        return (liveSSTables, nowSeconds) -> Optional.empty();
    }
}
