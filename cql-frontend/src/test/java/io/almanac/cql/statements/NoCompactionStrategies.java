package io.almanac.cql.statements;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST FIXTURE ONLY. Compaction strategy providers registered under Cassandra's SizeTiered and TimeWindow class
 * names that accept any options and never compact. The real strategies live in twcs-compaction, which cql-frontend
 * may not import (ARCHITECTURE.md); the engine needs a provider for a table's compaction class to create it.
 */
public final class NoCompactionStrategies implements CompactionStrategyProvider {

    private final String className;

    private NoCompactionStrategies(String className) {
        this.className = className;
    }

    /** @return providers for SizeTieredCompactionStrategy and TimeWindowCompactionStrategy */
    public static List<CompactionStrategyProvider> all() {
        return List.of(new NoCompactionStrategies(TableParams.COMPACTION_PACKAGE + "SizeTieredCompactionStrategy"),
                new NoCompactionStrategies(TableParams.COMPACTION_PACKAGE + "TimeWindowCompactionStrategy"));
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
        return (sstables, nowSeconds) -> Optional.empty();
    }
}
