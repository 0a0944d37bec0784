package io.almanac.server.model;

import io.almanac.compaction.twcs.SizeTieredCompactionStrategyProvider;
import io.almanac.compaction.twcs.TimeWindowCompactionStrategyProvider;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One table the model test writes to, with what the model needs to know of it independently of the engine: its
 * clustering order (written out here, not taken from the engine's comparator), the small key and clustering
 * universes the generator draws from, and random values per regular column.
 *
 * <pre>
 *   model.events   (device text, bucket int ASC, name text DESC | reading bigint, label text, payload blob)
 *                  SizeTieredCompactionStrategy min_threshold 2, gc_grace_seconds 120
 *   model.readings (sensor text, ts bigint DESC | value double, note text)
 *                  TimeWindowCompactionStrategy 1 MINUTES windows, default_time_to_live 900, gc_grace_seconds 120
 * </pre>
 *
 * <p>Thread safety: immutable.
 */
final class ModelTable {

    static final String KEYSPACE = "model";
    static final int GC_GRACE_SECONDS = 120;
    static final int READINGS_DEFAULT_TTL_SECONDS = 900;
    private static final String[] NAMES = {"a", "b", "c"};
    private static final String[] LABELS = {"", "ok", "warn", "fault"};

    private final TableMetadata metadata;
    private final boolean timeWindow;
    private final List<DecoratedKey> keys;
    private final List<Clustering> clusterings;
    private final Comparator<Clustering> storageOrder;

    private ModelTable(TableMetadata metadata, boolean timeWindow, String keyPrefix, List<Clustering> clusterings,
                       Comparator<Clustering> storageOrder) {
        this.metadata = metadata;
        this.timeWindow = timeWindow;
        List<DecoratedKey> universe = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            universe.add(DecoratedKey.of(NativeType.TEXT.encode(keyPrefix + i)));
        }
        this.keys = List.copyOf(universe);
        this.clusterings = List.copyOf(clusterings);
        this.storageOrder = storageOrder;
    }

    static KeyspaceMetadata keyspace() {
        return new KeyspaceMetadata(KEYSPACE, Map.of("class", "SimpleStrategy", "replication_factor", "1"), true,
                Map.of());
    }

    /** The size-tiered table: two clustering columns, the second descending; int, text and blob values. */
    static ModelTable events() {
        TableParams params = params(Map.of("class", SizeTieredCompactionStrategyProvider.CLASS_NAME,
                "min_threshold", "2"), 0);
        TableMetadata table = new TableMetadata(KEYSPACE, "events", uuid("events"), List.of(
                column("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                column("bucket", NativeType.INT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                column("name", NativeType.TEXT, ColumnKind.CLUSTERING, 1, ClusteringOrder.DESC),
                column("reading", NativeType.BIGINT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                column("label", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                column("payload", NativeType.BLOB, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)), params);
        List<Clustering> clusterings = new ArrayList<>();
        for (int bucket = 0; bucket < 4; bucket++) {
            for (String name : NAMES) {
                clusterings.add(Clustering.of(NativeType.INT.encode(bucket), NativeType.TEXT.encode(name)));
            }
        }
        Comparator<Clustering> order = Comparator.<Clustering>comparingInt(c -> intAt(c, 0))
                .thenComparing((a, b) -> Arrays.compareUnsigned(b.get(1), a.get(1)));
        return new ModelTable(table, false, "device-", clusterings, order);
    }

    /** The time-window table: one descending bigint clustering column; double and text values; a default TTL. */
    static ModelTable readings() {
        TableParams params = params(Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME,
                "compaction_window_unit", "MINUTES", "compaction_window_size", "1"), READINGS_DEFAULT_TTL_SECONDS);
        TableMetadata table = new TableMetadata(KEYSPACE, "readings", uuid("readings"), List.of(
                column("sensor", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                column("ts", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                column("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                column("note", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)), params);
        List<Clustering> clusterings = new ArrayList<>();
        for (long ts = -3; ts < 9; ts++) {
            clusterings.add(Clustering.of(NativeType.BIGINT.encode(ts * 1000)));
        }
        Comparator<Clustering> order = (a, b) -> Long.compare(longAt(b, 0), longAt(a, 0));
        return new ModelTable(table, true, "sensor-", clusterings, order);
    }

    private static TableParams params(Map<String, String> compaction, int defaultTtlSeconds) {
        TableParams defaults = TableParams.DEFAULT;
        return new TableParams("model test", compaction, defaults.compression(), defaults.caching(),
                defaultTtlSeconds, GC_GRACE_SECONDS, defaults.bloomFilterFpChance(), defaults.crcCheckChance(), 0,
                defaults.speculativeRetry());
    }

    private static ColumnMetadata column(String name, NativeType type, ColumnKind kind, int position,
                                         ClusteringOrder order) {
        return new ColumnMetadata(name, type, kind, position, order);
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes((KEYSPACE + "." + name).getBytes(StandardCharsets.UTF_8));
    }

    TableMetadata metadata() {
        return metadata;
    }

    String name() {
        return metadata.name();
    }

    /** @return whether the table uses TimeWindowCompactionStrategy (major compactions may name one window) */
    boolean timeWindow() {
        return timeWindow;
    }

    int defaultTtlSeconds() {
        return metadata.params().defaultTimeToLiveSeconds();
    }

    int regularColumns() {
        return metadata.regularColumns().size();
    }

    List<DecoratedKey> keys() {
        return keys;
    }

    List<Clustering> clusterings() {
        return clusterings;
    }

    int clusteringColumns() {
        return metadata.clusteringColumns().size();
    }

    /** @return the table's clustering order (CLUSTERING ORDER BY), written out for the model */
    Comparator<Clustering> storageOrder() {
        return storageOrder;
    }

    /** Compares one clustering component in storage order (DESC columns reversed). */
    int compareComponent(int index, byte[] left, byte[] right) {
        ColumnMetadata column = metadata.clusteringColumns().get(index);
        int natural = column.type() == NativeType.TEXT ? Arrays.compareUnsigned(left, right)
                : column.type() == NativeType.INT ? Integer.compare(intOf(left), intOf(right))
                : Long.compare(longOf(left), longOf(right));
        return column.order() == ClusteringOrder.DESC ? -natural : natural;
    }

    /**
     * @return a clustering of the wide range bulk inserts write to on the time-window table: ts = k * 1000 for k in
     *         [-3, 2000), which includes the small universe the other writes use
     */
    Clustering wideClustering(SplittableRandom random) {
        return Clustering.of(NativeType.BIGINT.encode(random.nextLong(-3, 2000) * 1000));
    }

    /**
     * @return a prefix (0 to all clustering columns; empty = unbounded) of a clustering of the universe (on the
     *         time-window table sometimes of the wide range)
     */
    Clustering randomPrefix(SplittableRandom random) {
        int length = random.nextInt(clusteringColumns() + 1);
        Clustering full = timeWindow && random.nextInt(3) == 0 ? wideClustering(random)
                : clusterings.get(random.nextInt(clusterings.size()));
        byte[][] values = new byte[length][];
        for (int i = 0; i < length; i++) {
            values[i] = full.get(i);
        }
        return length == 0 ? Clustering.EMPTY : Clustering.of(values);
    }

    /** @return a random serialized value for regular column {@code column} (small domains, so ties happen) */
    byte[] randomValue(int column, SplittableRandom random) {
        String type = metadata.regularColumns().get(column).name();
        return switch (type) {
            case "reading" -> NativeType.BIGINT.encode((long) random.nextInt(-3, 4));
            case "label", "note" -> NativeType.TEXT.encode(LABELS[random.nextInt(LABELS.length)]);
            case "payload" -> randomBytes(random);
            case "value" -> NativeType.DOUBLE.encode(random.nextInt(-2, 3) * 0.5);
            default -> throw new IllegalStateException("no generator for column " + type);
        };
    }

    /** @return a value that compresses badly, so bulk inserts fill several SSTable blocks per partition */
    byte[] bulkValue(int column, SplittableRandom random) {
        String type = metadata.regularColumns().get(column).name();
        if (type.equals("value")) {
            return NativeType.DOUBLE.encode(random.nextDouble());
        }
        char[] text = new char[random.nextInt(40, 81)];
        for (int i = 0; i < text.length; i++) {
            text[i] = (char) random.nextInt('!', '~' + 1);
        }
        return NativeType.TEXT.encode(new String(text));
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(4)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    String describeKey(DecoratedKey key) {
        return new String(key.key(), StandardCharsets.UTF_8);
    }

    String describe(Clustering clustering) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < clustering.size(); i++) {
            NativeType type = (NativeType) metadata.clusteringColumns().get(i).type();
            text.append(i == 0 ? "" : ",");
            text.append(type == NativeType.TEXT ? "'" + new String(clustering.get(i), StandardCharsets.UTF_8) + "'"
                    : type == NativeType.INT ? String.valueOf(intOf(clustering.get(i)))
                    : type == NativeType.BIGINT ? String.valueOf(longOf(clustering.get(i)))
                    : HexFormat.of().formatHex(clustering.get(i)));
        }
        return text.append(')').toString();
    }

    private static int intAt(Clustering clustering, int index) {
        return intOf(clustering.get(index));
    }

    private static long longAt(Clustering clustering, int index) {
        return longOf(clustering.get(index));
    }

    private static int intOf(byte[] value) {
        return java.nio.ByteBuffer.wrap(value).getInt();
    }

    private static long longOf(byte[] value) {
        return java.nio.ByteBuffer.wrap(value).getLong();
    }

    @Override
    public String toString() {
        return metadata.toString();
    }
}
