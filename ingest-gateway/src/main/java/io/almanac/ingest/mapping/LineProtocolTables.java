package io.almanac.ingest.mapping;

import io.almanac.ingest.line.LineProtocolPoint;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Creates a measurement's table from its first line-protocol point, InfluxDB style, when auto-creation is on:
 *
 * <pre>
 *   CREATE TABLE IF NOT EXISTS {bucket}.{measurement} (
 *       {tag} text, ...                       -- every tag of the point, in line order
 *       time timestamp,
 *       {field} double|bigint|varint|boolean|text, ...   -- float, integer, unsigned, boolean, string
 *       PRIMARY KEY (({tag}, ...), time))
 *     WITH CLUSTERING ORDER BY (time DESC)
 *      AND compaction = {'class': 'TimeWindowCompactionStrategy',
 *                        'compaction_window_unit': 'DAYS', 'compaction_window_size': '1'}
 * </pre>
 *
 * A point without tags (no partition key), or with a tag or field named {@code time} or a name used twice, shapes no
 * table: the measurement is then answered as not found.
 *
 * <p>Thread safety: stateless; {@link StorageEngine#createTable} settles races (IF NOT EXISTS).
 */
public final class LineProtocolTables {

    /** The compaction options of auto-created tables: TWCS in 1-day windows. */
    public static final Map<String, String> COMPACTION = Map.of(
            "class", TableParams.COMPACTION_PACKAGE + "TimeWindowCompactionStrategy",
            "compaction_window_unit", "DAYS", "compaction_window_size", "1");

    private LineProtocolTables() {
    }

    /** @return a resolver that looks tables up and creates missing ones in {@code engine} */
    public static LineProtocolMapper.TableResolver creatingIn(StorageEngine engine) {
        return (schema, keyspace, measurement, point) -> {
            TableMetadata existing = schema.table(keyspace, measurement);
            if (existing != null) {
                return existing;
            }
            TableMetadata shaped = shape(keyspace, measurement, point);
            if (shaped == null) {
                return null;
            }
            engine.createTable(shaped, true);
            return engine.schema().table(keyspace, measurement);
        };
    }

    /** @return the table {@code point} shapes, or null when it shapes none (see the class comment) */
    public static TableMetadata shape(String keyspace, String measurement, LineProtocolPoint point) {
        if (point.tagCount() == 0) {
            return null;
        }
        Set<String> names = new HashSet<>();
        names.add("time");
        List<ColumnMetadata> columns = new ArrayList<>();
        for (int i = 0; i < point.tagCount(); i++) {
            if (!names.add(point.tagKey(i))) {
                return null;
            }
            columns.add(new ColumnMetadata(point.tagKey(i), NativeType.TEXT, ColumnKind.PARTITION_KEY, i,
                    ClusteringOrder.NONE));
        }
        columns.add(new ColumnMetadata("time", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0,
                ClusteringOrder.DESC));
        for (int i = 0; i < point.fieldCount(); i++) {
            if (!names.add(point.fieldKey(i))) {
                return null;
            }
            NativeType type = switch (point.fieldType(i)) {
                case FLOAT -> NativeType.DOUBLE;
                case INTEGER -> NativeType.BIGINT;
                case UNSIGNED -> NativeType.VARINT;
                case BOOLEAN -> NativeType.BOOLEAN;
                case STRING -> NativeType.TEXT;
            };
            columns.add(new ColumnMetadata(point.fieldKey(i), type, ColumnKind.REGULAR, -1, ClusteringOrder.NONE));
        }
        return new TableMetadata(keyspace, measurement, UUID.randomUUID(), columns,
                TableParams.DEFAULT.withCompaction(COMPACTION));
    }
}
