package io.almanac.storage.compaction;

import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import java.util.Map;

/**
 * Makes the compaction strategy named by a table's {@code compaction} option. The server registers one provider per
 * strategy class with the engine, so the engine never imports a strategy.
 */
public interface CompactionStrategyProvider {

    /** @return the fully qualified class name tables name in {@code compaction = {'class': ...}} */
    String className();

    /**
     * Checks a table's compaction options as Cassandra does (each error names the key and the value; unknown keys
     * are refused).
     *
     * @param options the whole {@code compaction} map, including {@code class}
     * @throws ConfigurationException when an option is invalid or unknown
     */
    void validateOptions(Map<String, String> options);

    /** @return a strategy for {@code table}, configured from its {@code compaction} options */
    CompactionStrategy create(TableMetadata table);
}
