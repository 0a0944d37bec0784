package io.almanac.cql.system;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data shared by the system table and transport tests: a node and a small IoT schema. */
public final class SystemTablesFixtures {

    public static final UUID HOST_ID = UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e");
    public static final UUID READINGS_ID = UUID.fromString("0b0b0b0b-1111-4222-8333-444455556666");
    public static final UUID COUNTS_ID = UUID.fromString("0c0c0c0c-1111-4222-8333-444455556666");
    public static final UUID SCHEMA_VERSION = UUID.fromString("a1a2a3a4-b1b2-4c1c-8d1d-e1e2e3e4e5e6");

    private SystemTablesFixtures() {
    }

    /** @return a node on 127.0.0.1 with two tokens, reporting Cassandra 5.0.2 and protocol v5 */
    public static NodeInfo node(int nativePort) {
        return new NodeInfo("Almanac Test Cluster", HOST_ID, "datacenter1", "rack1", InetAddress.getLoopbackAddress(),
                nativePort, "5.0.2", "3.4.7", "5", List.of(-4611686018427387904L, 42L));
    }

    /**
     * @return keyspace {@code iot} (SimpleStrategy) with {@code readings} (TWCS, TTL one day, clustering ts DESC)
     *         and the counter table {@code counts}
     */
    public static Schema iotSchema() {
        TableParams twcs = TableParams.DEFAULT.withCompaction(Map.of("class", "TimeWindowCompactionStrategy",
                "compaction_window_unit", "HOURS", "compaction_window_size", "1"));
        twcs = new TableParams("sensor readings", twcs.compaction(), twcs.compression(), twcs.caching(), 86_400,
                twcs.gcGraceSeconds(), twcs.bloomFilterFpChance(), twcs.crcCheckChance(), 0, twcs.speculativeRetry());
        TableMetadata readings = new TableMetadata("iot", "readings", READINGS_ID, List.of(
                column("device_id", "text", ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                column("ts", "timestamp", ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                column("value", "double", ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                column("tags", "frozen<map<text, text>>", ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                column("unit", "text", ColumnKind.STATIC, -1, ClusteringOrder.NONE)), twcs);
        TableMetadata counts = new TableMetadata("iot", "counts", COUNTS_ID, List.of(
                column("device_id", "text", ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                column("hits", "counter", ColumnKind.REGULAR, -1, ClusteringOrder.NONE)), TableParams.DEFAULT);
        KeyspaceMetadata iot = new KeyspaceMetadata("iot", Map.of("class", "SimpleStrategy",
                "replication_factor", "1"), true, Map.of("readings", readings, "counts", counts));
        return new Schema(Map.of("iot", iot), SCHEMA_VERSION);
    }

    private static ColumnMetadata column(String name, String type, ColumnKind kind, int position,
                                         ClusteringOrder order) {
        return new ColumnMetadata(name, CqlTypes.parse(type), kind, position, order);
    }
}
