package io.almanac.storage.engine;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Shared helpers: a keyspace {@code ks} with table {@code readings (device text, ts bigint, value double,
 * note text, PRIMARY KEY (device, ts))}, mutation builders and reads.
 */
final class EngineFixture {

    static final long START_MICROS = 1_763_700_000_000_000L;
    static final UUID TABLE_ID = UUID.fromString("5a1f0e3c-0000-4000-8000-000000000001");

    private EngineFixture() {
    }

    static StorageConfig config(Path directory) {
        return new StorageConfig(directory, 2, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
    }

    static ShardedStorageEngine open(StorageConfig config, ManualClock clock) {
        return ShardedStorageEngine.open(config, clock, List.of(new TestCompactionStrategyProvider()));
    }

    static KeyspaceMetadata keyspace() {
        return new KeyspaceMetadata("ks", Map.of("class", "SimpleStrategy", "replication_factor", "1"), true,
                Map.of());
    }

    static TableMetadata readings(TableParams params) {
        return new TableMetadata("ks", "readings", TABLE_ID, List.of(
                new ColumnMetadata("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                new ColumnMetadata("note", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)), params);
    }

    /** Creates ks.readings with default params; @return the table */
    static TableMetadata createReadings(ShardedStorageEngine engine) {
        TableMetadata table = readings(TableParams.DEFAULT);
        engine.createKeyspace(keyspace(), true);
        engine.createTable(table, true);
        return table;
    }

    static DecoratedKey key(String device) {
        return DecoratedKey.of(NativeType.TEXT.encode(device));
    }

    static Clustering ts(long ts) {
        return Clustering.of(NativeType.BIGINT.encode(ts));
    }

    /** INSERT: marker + value + note at {@code timestampMicros}, optional TTL. */
    static Mutation insert(TableMetadata table, String device, long ts, double value, String note,
                           long timestampMicros, int ttlSeconds, long nowSeconds) {
        Cell marker = Cell.live(timestampMicros, ttlSeconds, nowSeconds, Row.MARKER_VALUE);
        Cell[] cells = {Cell.live(timestampMicros, ttlSeconds, nowSeconds, NativeType.DOUBLE.encode(value)),
                note == null ? null : Cell.live(timestampMicros, ttlSeconds, nowSeconds, NativeType.TEXT.encode(note))};
        return Mutation.of(table, key(device), List.of(new Row(ts(ts), marker, null, cells)));
    }

    static Mutation insert(TableMetadata table, String device, long ts, double value, long timestampMicros) {
        return insert(table, device, ts, value, "n" + ts, timestampMicros, 0, timestampMicros / 1_000_000);
    }

    static Mutation deleteRow(TableMetadata table, String device, long ts, long timestampMicros) {
        Row row = new Row(ts(ts), null, new DeletionTime(timestampMicros, timestampMicros / 1_000_000), new Cell[2]);
        return Mutation.of(table, key(device), List.of(row));
    }

    static Mutation deletePartition(TableMetadata table, String device, long timestampMicros) {
        return new Mutation(table, key(device), new DeletionTime(timestampMicros, timestampMicros / 1_000_000),
                List.of());
    }

    static void write(ShardedStorageEngine engine, Mutation... mutations) {
        join(engine.write(List.of(mutations)));
    }

    static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    static List<Row> readAll(ShardedStorageEngine engine, TableMetadata table, String device, long nowSeconds) {
        return engine.read(new ReadCommand(table, key(device), Slice.ALL, false, Integer.MAX_VALUE, nowSeconds));
    }

    static long tsOf(Row row) {
        return (Long) NativeType.BIGINT.decode(row.clustering().get(0));
    }

    static double valueOf(Row row) {
        return (Double) NativeType.DOUBLE.decode(row.cells()[0].value());
    }
}
