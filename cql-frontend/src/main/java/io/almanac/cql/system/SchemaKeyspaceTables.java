package io.almanac.cql.system;

import io.almanac.storage.schema.TableMetadata;
import java.util.List;

/**
 * The definitions of the {@code system_schema} tables, column for column as Cassandra 5.0's {@code SchemaKeyspace}
 * declares them (4.1 lacks only {@code allow_auto_snapshot}, {@code incremental_backups} and {@code memtable}, which
 * drivers read by name and tolerate). Their rows are built by {@link SchemaKeyspaceRows}.
 *
 * <p>Thread safety: immutable constants.
 */
final class SchemaKeyspaceTables {

    static final String KEYSPACE = "system_schema";
    private static final String OPTION_MAP = "frozen<map<text, text>>";
    private static final String TEXT_LIST = "frozen<list<text>>";

    static final TableMetadata KEYSPACES = schemaTable("keyspaces", "keyspace definitions")
            .partitionKey("keyspace_name", "text")
            .regular("durable_writes", "boolean")
            .regular("replication", OPTION_MAP)
            .build();

    static final TableMetadata TABLES = tableOptions(schemaTable("tables", "table definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .regular("flags", "frozen<set<text>>"))
            .build();

    static final TableMetadata COLUMNS = schemaTable("columns", "column definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .clustering("column_name", "text")
            .regular("clustering_order", "text")
            .regular("column_name_bytes", "blob")
            .regular("kind", "text")
            .regular("position", "int")
            .regular("type", "text")
            .build();

    static final TableMetadata DROPPED_COLUMNS = schemaTable("dropped_columns", "dropped column registry")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .clustering("column_name", "text")
            .regular("dropped_time", "timestamp")
            .regular("kind", "text")
            .regular("type", "text")
            .build();

    static final TableMetadata TRIGGERS = schemaTable("triggers", "trigger definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .clustering("trigger_name", "text")
            .regular("options", OPTION_MAP)
            .build();

    static final TableMetadata VIEWS = tableOptions(schemaTable("views", "view definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("view_name", "text")
            .regular("base_table_id", "uuid")
            .regular("base_table_name", "text")
            .regular("include_all_columns", "boolean")
            .regular("where_clause", "text"))
            .build();

    static final TableMetadata TYPES = schemaTable("types", "user defined type definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("type_name", "text")
            .regular("field_names", TEXT_LIST)
            .regular("field_types", TEXT_LIST)
            .build();

    static final TableMetadata FUNCTIONS = schemaTable("functions", "user defined function definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("function_name", "text")
            .clustering("argument_types", TEXT_LIST)
            .regular("argument_names", TEXT_LIST)
            .regular("body", "text")
            .regular("called_on_null_input", "boolean")
            .regular("language", "text")
            .regular("return_type", "text")
            .build();

    static final TableMetadata AGGREGATES = schemaTable("aggregates", "user defined aggregate definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("aggregate_name", "text")
            .clustering("argument_types", TEXT_LIST)
            .regular("final_func", "text")
            .regular("initcond", "text")
            .regular("return_type", "text")
            .regular("state_func", "text")
            .regular("state_type", "text")
            .build();

    static final TableMetadata INDEXES = schemaTable("indexes", "secondary index definitions")
            .partitionKey("keyspace_name", "text")
            .clustering("table_name", "text")
            .clustering("index_name", "text")
            .regular("kind", "text")
            .regular("options", OPTION_MAP)
            .build();

    static final List<TableMetadata> ALL = List.of(KEYSPACES, TABLES, COLUMNS, DROPPED_COLUMNS, TRIGGERS, VIEWS,
            TYPES, FUNCTIONS, AGGREGATES, INDEXES);

    private SchemaKeyspaceTables() {
    }

    private static TableDefinition schemaTable(String name, String comment) {
        return TableDefinition.table(KEYSPACE, name).options(comment, TableDefinition.SCHEMA_GC_GRACE_SECONDS,
                TableDefinition.SYSTEM_FLUSH_PERIOD_MILLIS);
    }

    /** Adds the table option columns that {@code tables} and {@code views} share. */
    private static TableDefinition tableOptions(TableDefinition definition) {
        return definition
                .regular("additional_write_policy", "text")
                .regular("allow_auto_snapshot", "boolean")
                .regular("bloom_filter_fp_chance", "double")
                .regular("caching", OPTION_MAP)
                .regular("cdc", "boolean")
                .regular("comment", "text")
                .regular("compaction", OPTION_MAP)
                .regular("compression", OPTION_MAP)
                .regular("crc_check_chance", "double")
                .regular("dclocal_read_repair_chance", "double")
                .regular("default_time_to_live", "int")
                .regular("extensions", "frozen<map<text, blob>>")
                .regular("gc_grace_seconds", "int")
                .regular("id", "uuid")
                .regular("incremental_backups", "boolean")
                .regular("max_index_interval", "int")
                .regular("memtable", "text")
                .regular("memtable_flush_period_in_ms", "int")
                .regular("min_index_interval", "int")
                .regular("read_repair", "text")
                .regular("read_repair_chance", "double")
                .regular("speculative_retry", "text");
    }
}
