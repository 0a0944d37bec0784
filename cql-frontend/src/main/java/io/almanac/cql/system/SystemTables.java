package io.almanac.cql.system;

import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The virtual tables every Cassandra driver reads at connect and on schema refresh (reference §2), with Cassandra
 * 4.1/5.0's exact column names, kinds and types:
 *
 * <p>Thread safety: immutable registry; safe for concurrent use.
 *
 * <ul>
 *   <li>{@code system.local} (this node's single row), {@code system.peers} and {@code system.peers_v2} (empty);</li>
 *   <li>{@code system_schema.{keyspaces, tables, columns, types, functions, aggregates, views, indexes, triggers,
 *       dropped_columns}} describing the user keyspaces and the {@code system} and {@code system_schema} keyspaces
 *       themselves (replication {@code LocalStrategy}); Almanac has no types, functions, aggregates, views,
 *       indexes, triggers or dropped columns, so those tables are empty;</li>
 *   <li>{@code system_virtual_schema.{keyspaces, tables, columns}} describing {@code system_virtual_schema}.</li>
 * </ul>
 *
 * <p>Rows are computed from the current user schema on demand and remembered per schema snapshot.
 */
public final class SystemTables implements VirtualTables {

    /** {@code replication} of the node-local keyspaces. */
    public static final String LOCAL_STRATEGY = "org.apache.cassandra.locator.LocalStrategy";

    private static final KeyspaceMetadata SYSTEM_KEYSPACE = localKeyspace(SystemKeyspaceTables.KEYSPACE,
            SystemKeyspaceTables.ALL);
    private static final KeyspaceMetadata SCHEMA_KEYSPACE = localKeyspace(SchemaKeyspaceTables.KEYSPACE,
            SchemaKeyspaceTables.ALL);

    private final Map<String, Map<String, VirtualTable>> keyspaces;
    private final List<VirtualTable> all;

    /**
     * @param node   what {@code system.local} reports about this node
     * @param schema the current user schema (read on every query of a schema-dependent table)
     */
    public SystemTables(NodeInfo node, Supplier<Schema> schema) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(schema, "schema");
        List<VirtualTable> tables = new ArrayList<>(SystemKeyspaceTables.tables(node, schema));
        tables.addAll(schemaKeyspaceTables(schema));
        tables.addAll(VirtualSchemaTables.tables(schema));
        Map<String, Map<String, VirtualTable>> byKeyspace = new LinkedHashMap<>();
        for (VirtualTable table : tables) {
            byKeyspace.computeIfAbsent(table.metadata().keyspace(), k -> new LinkedHashMap<>())
                    .put(table.metadata().name(), table);
        }
        byKeyspace.replaceAll((name, byName) -> Collections.unmodifiableMap(byName));
        this.keyspaces = Collections.unmodifiableMap(byKeyspace);
        this.all = List.copyOf(tables);
    }

    @Override
    public VirtualTable table(String keyspace, String table) {
        Map<String, VirtualTable> tables = keyspaces.get(keyspace);
        return tables == null ? null : tables.get(table);
    }

    @Override
    public boolean isVirtualKeyspace(String keyspace) {
        return keyspaces.containsKey(keyspace);
    }

    @Override
    public Collection<VirtualTable> all() {
        return all;
    }

    /**
     * @return the keyspaces {@code system_schema} describes for {@code schema}: {@code system},
     *         {@code system_schema}, then the user keyspaces (a user keyspace may not reuse a virtual keyspace name)
     */
    static List<KeyspaceMetadata> describedKeyspaces(Schema schema) {
        List<KeyspaceMetadata> described = new ArrayList<>(List.of(SYSTEM_KEYSPACE, SCHEMA_KEYSPACE));
        for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
            if (!keyspace.name().equals(SYSTEM_KEYSPACE.name()) && !keyspace.name().equals(SCHEMA_KEYSPACE.name())
                    && !keyspace.name().equals(VirtualSchemaTables.KEYSPACE)) {
                described.add(keyspace);
            }
        }
        return described;
    }

    private static List<VirtualTable> schemaKeyspaceTables(Supplier<Schema> schema) {
        Map<TableMetadata, Function<List<KeyspaceMetadata>, List<byte[][]>>> content = Map.of(
                SchemaKeyspaceTables.KEYSPACES, SchemaKeyspaceRows::keyspaces,
                SchemaKeyspaceTables.TABLES, SchemaKeyspaceRows::tables,
                SchemaKeyspaceTables.COLUMNS, SchemaKeyspaceRows::columns,
                SchemaKeyspaceTables.TYPES, SchemaKeyspaceRows::types,
                SchemaKeyspaceTables.DROPPED_COLUMNS, SchemaKeyspaceRows::droppedColumns);
        List<VirtualTable> tables = new ArrayList<>();
        for (TableMetadata table : SchemaKeyspaceTables.ALL) {
            Function<List<KeyspaceMetadata>, List<byte[][]>> rows = content.get(table);
            tables.add(new ComputedTable(table, schema,
                    rows == null ? current -> List.of() : current -> rows.apply(describedKeyspaces(current))));
        }
        return tables;
    }

    private static KeyspaceMetadata localKeyspace(String name, List<TableMetadata> tables) {
        Map<String, TableMetadata> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        return new KeyspaceMetadata(name, Map.of("class", LOCAL_STRATEGY), true, byName);
    }
}
