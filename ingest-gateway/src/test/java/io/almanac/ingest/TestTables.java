package io.almanac.ingest;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Table definitions the ingest tests share. */
public final class TestTables {

    private TestTables() {
    }

    public static ColumnMetadata partitionKey(String name, CqlType type, int position) {
        return new ColumnMetadata(name, type, ColumnKind.PARTITION_KEY, position, ClusteringOrder.NONE);
    }

    public static ColumnMetadata clustering(String name, CqlType type, int position, ClusteringOrder order) {
        return new ColumnMetadata(name, type, ColumnKind.CLUSTERING, position, order);
    }

    public static ColumnMetadata regular(String name, CqlType type) {
        return new ColumnMetadata(name, type, ColumnKind.REGULAR, -1, ClusteringOrder.NONE);
    }

    public static ColumnMetadata staticColumn(String name, CqlType type) {
        return new ColumnMetadata(name, type, ColumnKind.STATIC, -1, ClusteringOrder.NONE);
    }

    /** @return a table with default options except {@code default_time_to_live} */
    public static TableMetadata table(String keyspace, String name, int defaultTtlSeconds,
                                      List<ColumnMetadata> columns) {
        TableParams defaults = TableParams.DEFAULT;
        TableParams params = new TableParams(defaults.comment(), defaults.compaction(), defaults.compression(),
                defaults.caching(), defaultTtlSeconds, defaults.gcGraceSeconds(), defaults.bloomFilterFpChance(),
                defaults.crcCheckChance(), defaults.memtableFlushPeriodMillis(), defaults.speculativeRetry());
        UUID id = UUID.nameUUIDFromBytes((keyspace + "." + name).getBytes(StandardCharsets.UTF_8));
        return new TableMetadata(keyspace, name, id, columns, params);
    }

    /**
     * {@code readings (device text, ts timestamp, value double, status text, tags set<text>,
     * PRIMARY KEY ((device), ts)) WITH CLUSTERING ORDER BY (ts DESC)}.
     */
    public static TableMetadata readings(String keyspace, int defaultTtlSeconds) {
        return table(keyspace, "readings", defaultTtlSeconds, List.of(
                partitionKey("device", NativeType.TEXT, 0),
                clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
                regular("value", NativeType.DOUBLE),
                regular("status", NativeType.TEXT),
                regular("tags", CollectionType.set(NativeType.TEXT, false))));
    }

    /**
     * {@code every_type (id int PRIMARY KEY, c_<type> <type> for every writable native type, and collections)}.
     * Native columns are named {@code c_} + the CQL type name, e.g. {@code c_timeuuid}.
     */
    public static TableMetadata everyType(String keyspace) {
        List<ColumnMetadata> columns = new ArrayList<>();
        columns.add(partitionKey("id", NativeType.INT, 0));
        for (NativeType type : NativeType.values()) {
            columns.add(regular("c_" + type.cqlName(), type));
        }
        columns.add(regular("l_int", CollectionType.list(NativeType.INT, false)));
        columns.add(regular("s_text", CollectionType.set(NativeType.TEXT, false)));
        columns.add(regular("m_text_int", CollectionType.map(NativeType.TEXT, NativeType.INT, false)));
        columns.add(regular("m_int_text", CollectionType.map(NativeType.INT, NativeType.TEXT, false)));
        columns.add(regular("m_timestamp_double",
                CollectionType.map(NativeType.TIMESTAMP, NativeType.DOUBLE, false)));
        columns.add(regular("fl_int", CollectionType.list(NativeType.INT, true)));
        columns.add(regular("l_frozen_map", CollectionType.list(
                CollectionType.map(NativeType.TEXT, NativeType.INT, true), false)));
        columns.add(regular("m_frozen_list_text", CollectionType.map(
                CollectionType.list(NativeType.INT, true), NativeType.TEXT, false)));
        return table(keyspace, "every_type", 0, columns);
    }
}
