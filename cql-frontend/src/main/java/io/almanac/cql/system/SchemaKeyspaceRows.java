package io.almanac.cql.system;

import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.DroppedColumn;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.UserType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of {@code system_schema.keyspaces}, {@code tables} and {@code columns} for a list of keyspaces, with the
 * values Cassandra writes in {@code SchemaKeyspace.addTableParamsToRowBuilder} (reference §2.5).
 *
 * <p>Thread safety: stateless.
 *
 * <p>Values Almanac does not model take Cassandra's defaults: {@code min_index_interval} 128,
 * {@code max_index_interval} 2048, {@code additional_write_policy} '99p', {@code read_repair} 'BLOCKING', the
 * retired {@code read_repair_chance} / {@code dclocal_read_repair_chance} 0.0, {@code extensions} {}. As in
 * Cassandra, {@code cdc} (CDC disabled), {@code memtable}, {@code allow_auto_snapshot} and
 * {@code incremental_backups} (defaults) are left null. {@code flags} is {'compound'}, plus 'counter' for counter
 * tables: without 'compound' the Java driver treats a table as COMPACT STORAGE.
 */
final class SchemaKeyspaceRows {

    static final int MIN_INDEX_INTERVAL = 128;
    static final int MAX_INDEX_INTERVAL = 2048;
    static final String ADDITIONAL_WRITE_POLICY = "99p";
    static final String READ_REPAIR = "BLOCKING";

    private SchemaKeyspaceRows() {
    }

    static List<byte[][]> keyspaces(List<KeyspaceMetadata> keyspaces) {
        List<byte[][]> rows = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            rows.add(new RowBuilder(SchemaKeyspaceTables.KEYSPACES)
                    .set("keyspace_name", keyspace.name())
                    .set("durable_writes", keyspace.durableWrites())
                    .set("replication", keyspace.replication())
                    .build());
        }
        return rows;
    }

    static List<byte[][]> tables(List<KeyspaceMetadata> keyspaces) {
        List<byte[][]> rows = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            for (TableMetadata table : keyspace.tables().values()) {
                rows.add(tableRow(table));
            }
        }
        return rows;
    }

    private static byte[][] tableRow(TableMetadata table) {
        TableParams params = table.params();
        boolean counter = table.regularColumns().stream().anyMatch(c -> c.type() == NativeType.COUNTER);
        return new RowBuilder(SchemaKeyspaceTables.TABLES)
                .set("keyspace_name", table.keyspace())
                .set("table_name", table.name())
                .set("additional_write_policy", ADDITIONAL_WRITE_POLICY)
                .set("bloom_filter_fp_chance", params.bloomFilterFpChance())
                .set("caching", params.caching())
                .set("comment", params.comment())
                .set("compaction", params.compaction())
                .set("compression", params.compression())
                .set("crc_check_chance", params.crcCheckChance())
                .set("dclocal_read_repair_chance", 0.0)
                .set("default_time_to_live", params.defaultTimeToLiveSeconds())
                .set("extensions", Map.of())
                .set("flags", counter ? Set.of("compound", "counter") : Set.of("compound"))
                .set("gc_grace_seconds", params.gcGraceSeconds())
                .set("id", table.id())
                .set("max_index_interval", MAX_INDEX_INTERVAL)
                .set("memtable_flush_period_in_ms", params.memtableFlushPeriodMillis())
                .set("min_index_interval", MIN_INDEX_INTERVAL)
                .set("read_repair", READ_REPAIR)
                .set("read_repair_chance", 0.0)
                .set("speculative_retry", params.speculativeRetry())
                .build();
    }

    static List<byte[][]> columns(List<KeyspaceMetadata> keyspaces) {
        List<byte[][]> rows = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            for (TableMetadata table : keyspace.tables().values()) {
                for (ColumnMetadata column : table.columns()) {
                    rows.add(columnRow(SchemaKeyspaceTables.COLUMNS, table, column));
                }
            }
        }
        return rows;
    }

    /** @return the rows of {@code system_schema.types}: field names and field types as CQL text */
    static List<byte[][]> types(List<KeyspaceMetadata> keyspaces) {
        List<byte[][]> rows = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            for (UserType type : keyspace.types().values()) {
                rows.add(new RowBuilder(SchemaKeyspaceTables.TYPES)
                        .set("keyspace_name", keyspace.name())
                        .set("type_name", type.name())
                        .set("field_names", type.fieldNames())
                        .set("field_types", type.fieldTypes().stream().map(CqlType::cqlName).toList())
                        .build());
            }
        }
        return rows;
    }

    /** @return the rows of {@code system_schema.dropped_columns}: the columns ALTER TABLE ... DROP removed */
    static List<byte[][]> droppedColumns(List<KeyspaceMetadata> keyspaces) {
        List<byte[][]> rows = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            for (TableMetadata table : keyspace.tables().values()) {
                for (DroppedColumn column : table.droppedColumns().values()) {
                    rows.add(new RowBuilder(SchemaKeyspaceTables.DROPPED_COLUMNS)
                            .set("keyspace_name", table.keyspace())
                            .set("table_name", table.name())
                            .set("column_name", column.name())
                            .set("dropped_time", Instant.EPOCH.plus(column.droppedTimeMicros(), ChronoUnit.MICROS))
                            .set("kind", column.kind().schemaName())
                            .set("type", column.type().cqlName())
                            .build());
                }
            }
        }
        return rows;
    }

    /** A row of {@code system_schema.columns} or {@code system_virtual_schema.columns} (same layout). */
    static byte[][] columnRow(TableMetadata columnsTable, TableMetadata table, ColumnMetadata column) {
        return new RowBuilder(columnsTable)
                .set("keyspace_name", table.keyspace())
                .set("table_name", table.name())
                .set("column_name", column.name())
                .set("clustering_order", column.order().schemaName())
                .set("column_name_bytes", column.name().getBytes(StandardCharsets.UTF_8))
                .set("kind", column.kind().schemaName())
                .set("position", column.isPrimaryKey() ? column.position() : -1)
                .set("type", column.type().cqlName())
                .build();
    }
}
