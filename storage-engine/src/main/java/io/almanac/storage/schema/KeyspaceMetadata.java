package io.almanac.storage.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A keyspace: its replication options (shown back in {@code system_schema.keyspaces.replication}) and its tables.
 * On a single node every replication strategy is satisfied by the one replica; the options are kept verbatim.
 *
 * @param name          the keyspace name
 * @param replication   replication options; {@code class} is always a fully qualified class name, e.g.
 *                      {@code org.apache.cassandra.locator.SimpleStrategy}
 * @param durableWrites {@code durable_writes}
 * @param tables        the tables by name
 */
public record KeyspaceMetadata(String name, Map<String, String> replication, boolean durableWrites,
                               Map<String, TableMetadata> tables) {

    /** Package of Cassandra's replication strategies; short class names are resolved against it. */
    public static final String REPLICATION_PACKAGE = "org.apache.cassandra.locator.";

    public KeyspaceMetadata {
        Objects.requireNonNull(name, "name");
        Map<String, String> options = new TreeMap<>(replication);
        String className = options.get("class");
        if (className == null) {
            throw new ConfigurationException("Missing replication strategy class");
        }
        if (!className.contains(".")) {
            options.put("class", REPLICATION_PACKAGE + className);
        }
        replication = Collections.unmodifiableMap(options);
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** @return a copy holding {@code table} (added or replaced) */
    public KeyspaceMetadata withTable(TableMetadata table) {
        Map<String, TableMetadata> copy = new LinkedHashMap<>(tables);
        copy.put(table.name(), table);
        return new KeyspaceMetadata(name, replication, durableWrites, copy);
    }

    /** @return a copy without the table named {@code tableName} */
    public KeyspaceMetadata withoutTable(String tableName) {
        Map<String, TableMetadata> copy = new LinkedHashMap<>(tables);
        copy.remove(tableName);
        return new KeyspaceMetadata(name, replication, durableWrites, copy);
    }
}
