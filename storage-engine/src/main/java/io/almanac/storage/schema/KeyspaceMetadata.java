package io.almanac.storage.schema;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * @param types         the user-defined types by name, kept in creation order except that each type comes after
 *                      the types it uses (so this order is a valid order to recreate them)
 */
public record KeyspaceMetadata(String name, Map<String, String> replication, boolean durableWrites,
                               Map<String, TableMetadata> tables, Map<String, UserType> types) {

    /** A keyspace without user-defined types. */
    public KeyspaceMetadata(String name, Map<String, String> replication, boolean durableWrites,
                            Map<String, TableMetadata> tables) {
        this(name, replication, durableWrites, tables, Map.of());
    }

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
        types = Collections.unmodifiableMap(dependencyOrder(types));
    }

    private static Map<String, UserType> dependencyOrder(Map<String, UserType> types) {
        Map<String, UserType> ordered = new LinkedHashMap<>();
        for (UserType type : types.values()) {
            addAfterUsedTypes(type, types, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void addAfterUsedTypes(UserType type, Map<String, UserType> all, Map<String, UserType> ordered,
                                          Set<String> visiting) {
        if (ordered.containsKey(type.name()) || !visiting.add(type.name())) {
            return;
        }
        for (CqlType field : type.fieldTypes()) {
            for (UserType used : all.values()) {
                if (!used.name().equals(type.name()) && UserType.references(field, used.keyspace(), used.name())) {
                    addAfterUsedTypes(used, all, ordered, visiting);
                }
            }
        }
        ordered.put(type.name(), type);
    }

    /** @return a copy holding {@code table} (added or replaced) */
    public KeyspaceMetadata withTable(TableMetadata table) {
        Map<String, TableMetadata> copy = new LinkedHashMap<>(tables);
        copy.put(table.name(), table);
        return new KeyspaceMetadata(name, replication, durableWrites, copy, types);
    }

    /** @return a copy without the table named {@code tableName} */
    public KeyspaceMetadata withoutTable(String tableName) {
        Map<String, TableMetadata> copy = new LinkedHashMap<>(tables);
        copy.remove(tableName);
        return new KeyspaceMetadata(name, replication, durableWrites, copy, types);
    }

    /**
     * @return a copy holding {@code type} (added at the end, or replacing the type of that name in place); the
     *         columns of tables and the fields of other types that use it are rewritten to the new definition
     */
    public KeyspaceMetadata withType(UserType type) {
        UserType stored = type.withFrozen(false);
        Map<String, UserType> copy = new LinkedHashMap<>();
        for (Map.Entry<String, UserType> entry : types.entrySet()) {
            copy.put(entry.getKey(), (UserType) UserType.replace(entry.getValue(), stored));
        }
        copy.put(type.name(), stored);
        Map<String, TableMetadata> rewritten = new LinkedHashMap<>();
        for (TableMetadata table : tables.values()) {
            List<ColumnMetadata> columns = table.columns().stream().map(c -> new ColumnMetadata(c.name(),
                    UserType.replace(c.type(), stored), c.kind(), c.position(), c.order())).toList();
            rewritten.put(table.name(), columns.equals(table.columns()) ? table
                    : new TableMetadata(table.keyspace(), table.name(), table.id(), columns, table.params(),
                            table.droppedColumns()));
        }
        return new KeyspaceMetadata(name, replication, durableWrites, rewritten, copy);
    }

    /** @return a copy without the type named {@code typeName} */
    public KeyspaceMetadata withoutType(String typeName) {
        Map<String, UserType> copy = new LinkedHashMap<>(types);
        copy.remove(typeName);
        return new KeyspaceMetadata(name, replication, durableWrites, tables, copy);
    }
}
