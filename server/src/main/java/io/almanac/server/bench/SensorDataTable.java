package io.almanac.server.bench;

import io.almanac.compaction.twcs.TimeWindowCompactionStrategyProvider;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reference IoT table of the benchmarks, as the load generator creates it over CQL:
 *
 * <pre>
 *   CREATE TABLE bench.sensor_data (device_id text, day date, ts timestamp, metric text, value double,
 *       PRIMARY KEY ((device_id, day), ts, metric))
 *   WITH CLUSTERING ORDER BY (ts DESC, metric ASC)
 *    AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS',
 *                      'compaction_window_size': 1}
 *    AND default_time_to_live = ttl AND gc_grace_seconds = gcGrace
 * </pre>
 *
 * and the serialized keys, clusterings and slices the benchmark writes and reads with.
 *
 * <p>Thread safety: stateless.
 */
public final class SensorDataTable {

    /** The benchmark's keyspace. */
    public static final String KEYSPACE = "bench";
    /** The benchmark's table. */
    public static final String TABLE = "sensor_data";
    /** One compaction window, milliseconds (TWCS 1 HOURS). */
    public static final long WINDOW_MILLIS = 3_600_000L;

    private SensorDataTable() {
    }

    /** @return {@code bench} with SimpleStrategy, replication factor 1 */
    public static KeyspaceMetadata keyspace() {
        return new KeyspaceMetadata(KEYSPACE, Map.of("class", "SimpleStrategy", "replication_factor", "1"), true,
                Map.of());
    }

    /**
     * @param ttlSeconds     {@code default_time_to_live}, seconds
     * @param gcGraceSeconds {@code gc_grace_seconds}, seconds
     * @return the table's definition (its id derived from its name, so reruns in one directory agree)
     */
    public static TableMetadata table(int ttlSeconds, int gcGraceSeconds) {
        TableParams defaults = TableParams.DEFAULT;
        TableParams params = new TableParams("storage benchmark", Map.of(
                "class", TimeWindowCompactionStrategyProvider.CLASS_NAME,
                "compaction_window_unit", "HOURS", "compaction_window_size", "1"),
                defaults.compression(), defaults.caching(), ttlSeconds, gcGraceSeconds,
                defaults.bloomFilterFpChance(), defaults.crcCheckChance(), 0, defaults.speculativeRetry());
        return new TableMetadata(KEYSPACE, TABLE,
                UUID.nameUUIDFromBytes((KEYSPACE + "." + TABLE).getBytes(StandardCharsets.UTF_8)), List.of(
                column("device_id", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                column("day", NativeType.DATE, ColumnKind.PARTITION_KEY, 1, ClusteringOrder.NONE),
                column("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                column("metric", NativeType.TEXT, ColumnKind.CLUSTERING, 1, ClusteringOrder.ASC),
                column("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)), params);
    }

    private static ColumnMetadata column(String name, NativeType type, ColumnKind kind, int position,
                                         ClusteringOrder order) {
        return new ColumnMetadata(name, type, kind, position, order);
    }

    /** @return the name of device {@code index}, e.g. {@code dev-0007} */
    public static String deviceId(int index) {
        return String.format("dev-%04d", index);
    }

    /** @return the UTC day holding {@code epochMillis} */
    public static LocalDate dayOf(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
    }

    /** @return the partition {@code (device_id, day)} as Cassandra's composite key with its token */
    public static DecoratedKey partitionKey(String deviceId, LocalDate day) {
        return DecoratedKey.of(PartitionKeys.compose(NativeType.TEXT.encode(deviceId), NativeType.DATE.encode(day)));
    }

    /** @return the partition of the serialized {@code device_id} and {@code day} values */
    public static DecoratedKey partitionKey(byte[] deviceId, byte[] day) {
        return DecoratedKey.of(PartitionKeys.compose(deviceId, day));
    }

    /**
     * The slice {@code ts >= fromMillis AND ts < toMillis}: with {@code ts DESC} the bound that sorts first in
     * storage order is {@code ts < toMillis}.
     */
    public static Slice timeRange(long fromMillis, long toMillis) {
        return new Slice(Bound.exclusive(Clustering.of(NativeType.TIMESTAMP.encode(toMillis))),
                Bound.inclusive(Clustering.of(NativeType.TIMESTAMP.encode(fromMillis))));
    }
}
