package io.almanac.cql.system;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Builds the {@link TableMetadata} of a system table from Cassandra's definition, in the column order Cassandra
 * returns for {@code SELECT *}: partition key columns, clustering columns, then the other columns by name.
 *
 * <p>Thread safety: not thread-safe; build on one thread, then share the immutable result.
 *
 * <p>Table ids follow Cassandra's {@code TableId.forSystemTable}: the name-based UUID of the keyspace name bytes
 * followed by the table name bytes, so they are stable and equal to Cassandra's.
 */
final class TableDefinition {

    /** {@code gc_grace_seconds} of the {@code system} tables (Cassandra's {@code SystemKeyspace}). */
    static final int SYSTEM_GC_GRACE_SECONDS = 0;
    /** {@code gc_grace_seconds} of the {@code system_schema} tables: 7 days. */
    static final int SCHEMA_GC_GRACE_SECONDS = 7 * 24 * 3600;
    /** {@code memtable_flush_period_in_ms} of {@code system} and {@code system_schema} tables: 1 hour. */
    static final int SYSTEM_FLUSH_PERIOD_MILLIS = 3_600_000;

    private final String keyspace;
    private final String name;
    private final List<ColumnMetadata> keyColumns = new ArrayList<>();
    private final List<ColumnMetadata> otherColumns = new ArrayList<>();
    private int partitionKeys;
    private int clusterings;
    private TableParams params = TableParams.DEFAULT;

    private TableDefinition(String keyspace, String name) {
        this.keyspace = keyspace;
        this.name = name;
    }

    static TableDefinition table(String keyspace, String name) {
        return new TableDefinition(keyspace, name);
    }

    /** @return Cassandra's id for the system table {@code keyspace.table} */
    static UUID systemTableId(String keyspace, String table) {
        return UUID.nameUUIDFromBytes((keyspace + table).getBytes(StandardCharsets.UTF_8));
    }

    TableDefinition partitionKey(String column, String type) {
        keyColumns.add(new ColumnMetadata(column, CqlTypes.parse(type), ColumnKind.PARTITION_KEY, partitionKeys++,
                ClusteringOrder.NONE));
        return this;
    }

    TableDefinition clustering(String column, String type) {
        keyColumns.add(new ColumnMetadata(column, CqlTypes.parse(type), ColumnKind.CLUSTERING, clusterings++,
                ClusteringOrder.ASC));
        return this;
    }

    TableDefinition regular(String column, String type) {
        otherColumns.add(new ColumnMetadata(column, CqlTypes.parse(type), ColumnKind.REGULAR, -1,
                ClusteringOrder.NONE));
        return this;
    }

    /** Options as Cassandra sets them for its own tables: a comment, gc grace and a flush period. */
    TableDefinition options(String comment, int gcGraceSeconds, int memtableFlushPeriodMillis) {
        TableParams defaults = TableParams.DEFAULT;
        params = new TableParams(comment, defaults.compaction(), defaults.compression(), defaults.caching(),
                defaults.defaultTimeToLiveSeconds(), gcGraceSeconds, defaults.bloomFilterFpChance(),
                defaults.crcCheckChance(), memtableFlushPeriodMillis, defaults.speculativeRetry());
        return this;
    }

    TableMetadata build() {
        List<ColumnMetadata> columns = new ArrayList<>(keyColumns);
        otherColumns.stream().sorted(Comparator.comparing(ColumnMetadata::name)).forEach(columns::add);
        return new TableMetadata(keyspace, name, systemTableId(keyspace, name), columns, params);
    }
}
