package io.almanac.cql.system;

import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code system_virtual_schema.keyspaces}, {@code tables} and {@code columns} (Cassandra 4.0+
 * {@code VirtualSchemaKeyspace}), describing the virtual keyspace {@code system_virtual_schema} itself. The Java
 * driver queries these whenever release_version is 4.0 or later and drops all schema metadata if they are missing.
 *
 * <p>Thread safety: immutable definitions.
 */
final class VirtualSchemaTables {

    static final String KEYSPACE = "system_virtual_schema";

    static final TableMetadata KEYSPACES = TableDefinition.table(KEYSPACE, "keyspaces")
            .partitionKey("keyspace_name", "text")
            .options("virtual keyspace definitions", TableDefinition.SYSTEM_GC_GRACE_SECONDS, 0)
            .build();

    static final TableMetadata TABLES = TableDefinition.table(KEYSPACE, "tables")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .regular("comment", "text")
            .options("virtual table definitions", TableDefinition.SYSTEM_GC_GRACE_SECONDS, 0)
            .build();

    static final TableMetadata COLUMNS = TableDefinition.table(KEYSPACE, "columns")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .clustering("column_name", "text")
            .regular("clustering_order", "text")
            .regular("column_name_bytes", "blob")
            .regular("kind", "text")
            .regular("position", "int")
            .regular("type", "text")
            .options("virtual column definitions", TableDefinition.SYSTEM_GC_GRACE_SECONDS, 0)
            .build();

    static final List<TableMetadata> ALL = List.of(KEYSPACES, TABLES, COLUMNS);

    private VirtualSchemaTables() {
    }

    static List<VirtualTable> tables(Supplier<Schema> schema) {
        List<byte[][]> keyspaces = List.<byte[][]>of(new RowBuilder(KEYSPACES).set("keyspace_name", KEYSPACE).build());
        List<byte[][]> tables = new ArrayList<>();
        List<byte[][]> columns = new ArrayList<>();
        for (TableMetadata table : ALL) {
            tables.add(new RowBuilder(TABLES)
                    .set("keyspace_name", KEYSPACE)
                    .set("table_name", table.name())
                    .set("comment", table.params().comment())
                    .build());
            for (ColumnMetadata column : table.columns()) {
                columns.add(SchemaKeyspaceRows.columnRow(COLUMNS, table, column));
            }
        }
        return List.of(
                new ComputedTable(KEYSPACES, schema, current -> keyspaces),
                new ComputedTable(TABLES, schema, current -> tables),
                new ComputedTable(COLUMNS, schema, current -> columns));
    }
}
