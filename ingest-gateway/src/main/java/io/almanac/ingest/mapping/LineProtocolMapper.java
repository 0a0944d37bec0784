package io.almanac.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.almanac.ingest.line.FieldType;
import io.almanac.ingest.line.LineProtocolParser;
import io.almanac.ingest.line.LineProtocolPoint;
import io.almanac.ingest.line.TimestampPrecision;
import io.almanac.ingest.mapping.JsonValueConverter.Conversion;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps an InfluxDB line-protocol body ({@link LineProtocolParser}) to one {@link Mutation} per point, as an
 * {@code INSERT} of the point's columns would write it:
 *
 * <ul>
 *   <li>bucket = keyspace, measurement = table (both must exist; names match exactly);</li>
 *   <li>each tag sets the column of the same name: text/ascii as is, other types parsed from the text as the JSON API
 *       parses strings ({@link JsonValueConverter}: integers, floats, decimals, booleans, ISO-8601 or epoch-millisecond
 *       timestamps, uuids, inet, date, time, blob);</li>
 *   <li>each field sets the column of the same name, converted to its type:
 *   <pre>
 *   field type          column types accepted
 *   float (1.5)         float, double, decimal; tinyint..bigint, varint when integral
 *   integer (1i)        tinyint, smallint, int, bigint, varint, float, double, decimal, timestamp (epoch ms)
 *   unsigned (1u)       as integer
 *   boolean (t)         boolean
 *   string ("x")        text, ascii, and types parsed from text: uuid, timeuuid, timestamp, date, time, inet, blob
 *   </pre></li>
 *   <li>the line's timestamp (scaled from the request's precision to milliseconds; the arrival time, i.e. the cell
 *       write time, when absent) sets the time column: the table's first clustering column of type timestamp, else a
 *       column named {@code time} of type timestamp; a table with neither is refused;</li>
 *   <li>every partition key and clustering column must be given by a tag, a field or the timestamp; tags and fields
 *       naming no column, naming the time column, or naming a column twice are refused; collection, counter and
 *       duration columns cannot be set, nor user-defined type columns (line protocol has no form for them: the
 *       line is refused, naming the column);</li>
 *   <li>a static column is set by a tag or field like any other column; its cell goes to the partition's static
 *       row, as an {@code INSERT} writes it ({@link InsertRows}); a line that gives the partition key and static
 *       columns only (possible only when the time column is itself static) writes the static row alone;</li>
 *   <li>cell timestamps: the gateway's {@link WriteTimestamps} (strictly increasing per point); TTL: the table's
 *       {@code default_time_to_live}.</li>
 * </ul>
 *
 * Every line is parsed and mapped before any mutation is returned; the first failing line refuses the body.
 *
 * <p>Allocation per point: the parser's per-line strings (see {@link LineProtocolParser}), one serialized
 * {@code byte[]} per field (plus, except for float fields into float and double columns, one Jackson value node and a
 * small {@code Conversion}) and per tag whose value differs from the previous line's, one {@link Cell} per field and
 * the marker, the key arrays, the composed partition key, a {@link DecoratedKey}, a {@link Clustering}, a
 * {@link Row} and the {@link Mutation} (a point that sets static columns: a second cell array and the static row).
 * Per request: one parser, one point holder and a map of the tables seen.
 *
 * <p>Thread safety: immutable; safe from any thread (each call uses its own parser).
 */
public final class LineProtocolMapper {

    private static final Set<NativeType> INTEGRAL = EnumSet.of(NativeType.TINYINT, NativeType.SMALLINT,
            NativeType.INT, NativeType.BIGINT, NativeType.VARINT);
    private static final Set<NativeType> NUMERIC = EnumSet.of(NativeType.TINYINT, NativeType.SMALLINT,
            NativeType.INT, NativeType.BIGINT, NativeType.VARINT, NativeType.FLOAT, NativeType.DOUBLE,
            NativeType.DECIMAL);
    private static final Set<NativeType> FROM_STRING = EnumSet.of(NativeType.TEXT, NativeType.ASCII, NativeType.UUID,
            NativeType.TIMEUUID, NativeType.TIMESTAMP, NativeType.DATE, NativeType.TIME, NativeType.INET,
            NativeType.BLOB);
    private static final int MAX_SHOWN_LINE_CHARS = 200;

    private final WriteTimestamps timestamps;

    /** @param timestamps the gateway's cell timestamp source, shared with the JSON mapper */
    public LineProtocolMapper(WriteTimestamps timestamps) {
        this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
    }

    /**
     * Looks a measurement's table up, or creates it; the HTTP layer plugs auto-creation in here.
     *
     * <p>Thread safety: called on the request's thread.
     */
    @FunctionalInterface
    public interface TableResolver {
        /**
         * @param schema      the schema when the request started
         * @param keyspace    the bucket
         * @param measurement the table name
         * @param point       the first point of that measurement in the body (for a table shape)
         * @return the table, or null when it does not exist
         */
        TableMetadata table(Schema schema, String keyspace, String measurement, LineProtocolPoint point);
    }

    /** A resolver that only looks tables up. */
    public static final TableResolver EXISTING_TABLES =
            (schema, keyspace, measurement, point) -> schema.table(keyspace, measurement);

    /**
     * @param schema    the schema to resolve tables in
     * @param keyspace  the bucket; must exist (checked by the caller)
     * @param body      the line-protocol body (UTF-8), read in place
     * @param length    bytes of {@code body} to read, from index 0
     * @param precision the unit of the lines' timestamps
     * @param maxPoints the most points accepted; more refuse the body as {@link LineMappingResult.Kind#TOO_MANY_LINES}
     * @param resolver  finds (or creates) each measurement's table
     * @return the mutations, one per point in body order, or the refusal of the first failing line
     */
    public LineMappingResult map(Schema schema, String keyspace, byte[] body, int length, TimestampPrecision precision,
                                 int maxPoints, TableResolver resolver) {
        return map(schema, keyspace, body, length, precision, maxPoints, resolver, Map.of());
    }

    /**
     * As {@link #map(Schema, String, byte[], int, TimestampPrecision, int, TableResolver)}, with tags every point
     * gets on top of its own (e.g. values captured from an MQTT topic); a point that has one of them as well is
     * refused (the column would be given twice).
     *
     * @param extraTags column name -> tag text, converted as tags are
     */
    public LineMappingResult map(Schema schema, String keyspace, byte[] body, int length, TimestampPrecision precision,
                                 int maxPoints, TableResolver resolver, Map<String, String> extraTags) {
        LineProtocolParser parser = new LineProtocolParser().reset(body, 0, length);
        LineProtocolPoint point = new LineProtocolPoint();
        Map<String, TablePlan> plans = new HashMap<>();
        List<Mutation> mutations = new ArrayList<>();
        while (true) {
            LineProtocolParser.Outcome outcome = parser.next(point);
            if (outcome == LineProtocolParser.Outcome.END) {
                return new LineMappingResult.Mapped(mutations);
            }
            if (outcome == LineProtocolParser.Outcome.ERROR) {
                return parseError(parser);
            }
            if (mutations.size() == maxPoints) {
                return new LineMappingResult.Refused(LineMappingResult.Kind.TOO_MANY_LINES, point.lineNumber(), 0,
                        "line " + point.lineNumber() + ": the request has more than " + maxPoints
                                + " points (the limit per request)");
            }
            TablePlan plan = plans.get(point.measurement());
            if (plan == null) {
                TableMetadata table = resolver.table(schema, keyspace, point.measurement(), point);
                if (table == null) {
                    return new LineMappingResult.Refused(LineMappingResult.Kind.NOT_FOUND, point.lineNumber(), 0,
                            "line " + point.lineNumber() + ": table \"" + keyspace + "." + point.measurement()
                                    + "\" not found (measurement \"" + point.measurement() + "\")");
                }
                plan = TablePlan.of(table);
                plans.put(point.measurement(), plan);
            }
            Object mapped = mapPoint(plan, point, precision, extraTags);
            if (mapped instanceof String failure) {
                return invalid(point.lineNumber(), failure);
            }
            mutations.add((Mutation) mapped);
        }
    }

    private static LineMappingResult parseError(LineProtocolParser parser) {
        String line = parser.errorLineText();
        if (line.length() > MAX_SHOWN_LINE_CHARS) {
            line = line.substring(0, MAX_SHOWN_LINE_CHARS) + "...";
        }
        return new LineMappingResult.Refused(LineMappingResult.Kind.INVALID, parser.errorLineNumber(),
                parser.errorColumn(), "line " + parser.errorLineNumber() + ": unable to parse '" + line + "': "
                        + parser.error().message());
    }

    private static LineMappingResult invalid(int line, String reason) {
        return new LineMappingResult.Refused(LineMappingResult.Kind.INVALID, line, 0, "line " + line + ": " + reason);
    }

    /** @return the point's mutation, or a String saying why it does not fit the table */
    private Object mapPoint(TablePlan plan, LineProtocolPoint point, TimestampPrecision precision,
                            Map<String, String> extraTags) {
        TableMetadata table = plan.table;
        if (plan.timeColumn == null) {
            return "table " + table + " has no clustering column of type timestamp and no timestamp column named"
                    + " \"time\" to hold the line's timestamp";
        }
        byte[][] keyValues = new byte[table.partitionKeyColumns().size()][];
        byte[][] clusteringValues = new byte[table.clusteringColumns().size()][];
        Cell[] cells = new Cell[table.regularColumns().size()];
        long writeMicros = timestamps.nextMicros();
        long nowSeconds = Math.floorDiv(writeMicros, 1_000_000L);
        int ttlSeconds = table.params().defaultTimeToLiveSeconds();
        long timeMillis = point.hasTimestamp() ? precision.toMillis(point.timestamp())
                : Math.floorDiv(writeMicros, 1_000L);
        if (timeMillis == Long.MIN_VALUE) {
            return "timestamp " + point.timestamp() + " (precision " + precision.parameter() + ") is out of range";
        }
        Values values = new Values(keyValues, clusteringValues, cells, writeMicros, ttlSeconds, nowSeconds);
        String failure = values.set(plan.timeColumn, NativeType.TIMESTAMP.encode(timeMillis), table);
        for (int i = 0; i < point.tagCount() && failure == null; i++) {
            failure = tag(table, plan, point.tagKey(i), point.tagValue(i), values);
        }
        for (Map.Entry<String, String> extra : extraTags.entrySet()) {
            failure = failure != null ? failure : tag(table, plan, extra.getKey(), extra.getValue(), values);
        }
        for (int i = 0; i < point.fieldCount() && failure == null; i++) {
            failure = field(table, plan, point, i, values);
        }
        if (failure == null) {
            failure = missingKey(table, table.partitionKeyColumns(), keyValues, "partition key");
        }
        boolean staticOnly = InsertRows.staticOnly(table, clusteringValues, cells);
        if (failure == null && !staticOnly) {
            failure = missingKey(table, table.clusteringColumns(), clusteringValues, "clustering");
        }
        if (failure != null) {
            return failure;
        }
        DecoratedKey key = DecoratedKey.of(PartitionKeys.compose(keyValues));
        if (staticOnly) {
            return Mutation.of(table, key, InsertRows.staticRow(cells));
        }
        Cell marker = Cell.live(writeMicros, ttlSeconds, nowSeconds, Row.MARKER_VALUE);
        return Mutation.of(table, key, InsertRows.rows(table, Clustering.of(clusteringValues), marker, cells));
    }

    private static String tag(TableMetadata table, TablePlan plan, String name, String text, Values values) {
        ColumnMetadata column = table.column(name);
        String unusable = unusable(table, plan, column, "tag", name);
        if (unusable != null) {
            return unusable;
        }
        byte[] value = plan.lastTagValue(column, text);
        if (value == null) {
            Conversion converted = JsonValueConverter.convert(TextNode.valueOf(text), (NativeType) column.type());
            if (converted.isFailure()) {
                return describe(table, column) + ", tag value \"" + text + "\": " + converted.failure();
            }
            value = converted.value();
            plan.rememberTagValue(column, text, value);
        }
        return values.set(column, value, table);
    }

    private static String field(TableMetadata table, TablePlan plan, LineProtocolPoint point, int index,
                                Values values) {
        String name = point.fieldKey(index);
        ColumnMetadata column = table.column(name);
        String unusable = unusable(table, plan, column, "field", name);
        if (unusable != null) {
            return unusable;
        }
        NativeType type = (NativeType) column.type();
        FieldType fieldType = point.fieldType(index);
        if (fieldType == FieldType.FLOAT) {
            byte[] encoded = floatingValue(point.fieldDouble(index), type);
            if (encoded != null) {
                return values.set(column, encoded, table);
            }
        }
        JsonNode node = fieldNode(point, index, type);
        if (node == null) {
            String article = fieldType == FieldType.INTEGER || fieldType == FieldType.UNSIGNED ? "an " : "a ";
            return describe(table, column) + ", field value " + point.fieldText(index) + " is " + article
                    + fieldType.description();
        }
        Conversion converted = JsonValueConverter.convert(node, type);
        if (converted.isFailure()) {
            return describe(table, column) + ", field value " + point.fieldText(index) + ": " + converted.failure();
        }
        return values.set(column, converted.value(), table);
    }

    /**
     * The common case of a float field, without the decimal round trip of {@link #floatNode}: a finite value into a
     * double column, or into a float column whose range it fits, serialized as the converter would (the shortest
     * decimal of a double converts back to the same double). -0.0 stays -0.0 (the decimal round trip made it 0.0).
     *
     * @return the serialized value, or null to take the general path (other types, overflow, non-finite values)
     */
    private static byte[] floatingValue(double value, NativeType type) {
        if (type == NativeType.DOUBLE && Double.isFinite(value)) {
            return NativeType.DOUBLE.encode(value);
        }
        if (type == NativeType.FLOAT && Double.isFinite(value) && !Float.isInfinite((float) value)) {
            return NativeType.FLOAT.encode((float) value);
        }
        return null;
    }

    /** @return the field's value as the node the converter takes for {@code type}, or null when incompatible */
    private static JsonNode fieldNode(LineProtocolPoint point, int index, NativeType type) {
        return switch (point.fieldType(index)) {
            case FLOAT -> NUMERIC.contains(type) ? floatNode(point.fieldDouble(index), type) : null;
            case INTEGER -> NUMERIC.contains(type) || type == NativeType.TIMESTAMP
                    ? LongNode.valueOf(point.fieldLong(index)) : null;
            case UNSIGNED -> NUMERIC.contains(type) || type == NativeType.TIMESTAMP
                    ? BigIntegerNode.valueOf(new BigInteger(Long.toUnsignedString(point.fieldLong(index)))) : null;
            case BOOLEAN -> type == NativeType.BOOLEAN ? BooleanNode.valueOf(point.fieldBoolean(index)) : null;
            case STRING -> FROM_STRING.contains(type) ? TextNode.valueOf(point.fieldString(index)) : null;
        };
    }

    private static JsonNode floatNode(double value, NativeType type) {
        BigDecimal decimal = new BigDecimal(Double.toString(value));
        if (INTEGRAL.contains(type)) {
            try {
                return BigIntegerNode.valueOf(decimal.toBigIntegerExact());
            } catch (ArithmeticException e) {
                return DecimalNode.valueOf(decimal); // the converter answers "expected an integer, got 1.5"
            }
        }
        return DecimalNode.valueOf(decimal);
    }

    /** @return why a tag or field cannot set {@code column}, or null when it can */
    private static String unusable(TableMetadata table, TablePlan plan, ColumnMetadata column, String what,
                                   String name) {
        if (column == null) {
            return "unknown " + what + " \"" + name + "\": table " + table + " has no column of that name";
        }
        if (column == plan.timeColumn) {
            return what + " \"" + name + "\" names column \"" + name + "\" of " + table
                    + ", which holds the line's timestamp";
        }
        if (column.type() instanceof UserType) {
            return describe(table, column) + ", a user-defined type, which has no line-protocol form: write it"
                    + " through the JSON rows endpoint, MQTT JSON or CQL";
        }
        if (!(column.type() instanceof NativeType type) || type == NativeType.COUNTER
                || type == NativeType.DURATION) {
            return describe(table, column) + ", which line protocol cannot set";
        }
        return null;
    }

    private static String describe(TableMetadata table, ColumnMetadata column) {
        return "column \"" + column.name() + "\" of " + table + " is " + column.type().cqlName();
    }

    private static String missingKey(TableMetadata table, List<ColumnMetadata> columns, byte[][] values,
                                     String what) {
        for (int i = 0; i < columns.size(); i++) {
            if (values[i] == null) {
                return "missing " + what + " column \"" + columns.get(i).name() + "\" of " + table
                        + ": give it as a tag or a field";
            }
        }
        return null;
    }

    /**
     * A table with its time column, worked out once per request, and the last serialized value of each tag column:
     * tags name a point's series, so consecutive lines mostly repeat them, and a repeated tag is converted once
     * (parsing a date tag costs more than the rest of the line). The serialized arrays are shared between the
     * request's mutations, which never modify them.
     *
     * <p>Thread safety: confined to the request's thread.
     */
    private static final class TablePlan {
        final TableMetadata table;
        final ColumnMetadata timeColumn;
        private final Map<String, TagValue> lastTags = new HashMap<>();

        private TablePlan(TableMetadata table, ColumnMetadata timeColumn) {
            this.table = table;
            this.timeColumn = timeColumn;
        }

        static TablePlan of(TableMetadata table) {
            for (ColumnMetadata column : table.clusteringColumns()) {
                if (column.type() == NativeType.TIMESTAMP) {
                    return new TablePlan(table, column);
                }
            }
            ColumnMetadata time = table.column("time");
            return new TablePlan(table, time != null && time.type() == NativeType.TIMESTAMP ? time : null);
        }

        /** @return the serialized value of {@code text} when it is the column's last converted tag, else null */
        byte[] lastTagValue(ColumnMetadata column, String text) {
            TagValue last = lastTags.get(column.name());
            return last != null && last.text.equals(text) ? last.value : null;
        }

        void rememberTagValue(ColumnMetadata column, String text, byte[] value) {
            lastTags.put(column.name(), new TagValue(text, value));
        }

        /** A tag's text and its serialized value. */
        private record TagValue(String text, byte[] value) {
        }
    }

    /** The values of one point being built, slotted by column. */
    private record Values(byte[][] keyValues, byte[][] clusteringValues, Cell[] cells, long writeMicros,
                          int ttlSeconds, long nowSeconds) {

        /** @return null, or why the value cannot be set (given twice, empty or too long for a key) */
        String set(ColumnMetadata column, byte[] value, TableMetadata table) {
            if (column.isPrimaryKey()) {
                byte[][] slots = column.kind() == ColumnKind.PARTITION_KEY ? keyValues : clusteringValues;
                if (slots[column.position()] != null) {
                    return "column \"" + column.name() + "\" of " + table + " is given twice";
                }
                if (column.kind() == ColumnKind.PARTITION_KEY && value.length == 0) {
                    return "partition key column \"" + column.name() + "\" of " + table + ": Key may not be empty";
                }
                if (value.length > PartitionKeys.MAX_COMPONENT_BYTES) {
                    return "column \"" + column.name() + "\" of " + table + ": Key length of " + value.length
                            + " is longer than maximum of " + PartitionKeys.MAX_COMPONENT_BYTES;
                }
                slots[column.position()] = value;
                return null;
            }
            int slot = table.regularIndex(column.name());
            if (cells[slot] != null) {
                return "column \"" + column.name() + "\" of " + table + " is given twice";
            }
            cells[slot] = Cell.live(writeMicros, ttlSeconds, nowSeconds, value);
            return null;
        }
    }
}
