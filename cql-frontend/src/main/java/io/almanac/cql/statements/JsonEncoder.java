package io.almanac.cql.statements;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * SELECT JSON: each result row becomes one text column {@code [json]} holding a JSON object of the selected columns,
 * as Cassandra writes it ({@code Selection.rowToJson} and each type's {@code toJSONString}):
 *
 * <pre>
 *   text, ascii                      "quoted"            timestamp   "yyyy-MM-dd HH:mm:ss.SSSZ" (UTC, 'Z')
 *   int, bigint, smallint, tinyint,  42                  date        "yyyy-MM-dd"
 *   varint, decimal, counter                             time        "HH:mm:ss.nnnnnnnnn"
 *   float, double                    1.5 (NaN, Infinity: null)        uuid, timeuuid, inet  "quoted"
 *   boolean                          true / false        blob        "0xcafe"
 *   list, set                        [ ... ]             duration    "1h2m"
 *   map                              { "key": value }    (a key that is not text is its JSON, quoted)
 *   tuple                            [ c0, c1, ... ]     (every component; missing ones null)
 *   user-defined type                { "field": value }  (every field in declaration order; missing ones null;
 *                                                         a field name not all lower case quoted, "\"Foo\"")
 *   null                             null
 * </pre>
 *
 * Keys are the result column names; a name that is not all lower case is quoted as CQL quotes it ({@code "\"Id\""}).
 *
 * <p>Thread safety: stateless.
 */
final class JsonEncoder {

    /** The one result column of SELECT JSON. */
    static final String JSON_COLUMN = "[json]";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.nnnnnnnnn");

    private JsonEncoder() {
    }

    /** @return the result metadata of SELECT JSON on {@code keyspace.table}: the one text column {@code [json]} */
    static ResultMetadata metadata(String keyspace, String table) {
        return new ResultMetadata(List.of(new ColumnSpec(keyspace, table, JSON_COLUMN, NativeType.TEXT)));
    }

    /** @return {@code rows} with each row turned into its JSON text; the paging state is kept */
    static ResultMessage.Rows rows(ResultMessage.Rows rows, ResultMetadata jsonMetadata) {
        List<ColumnSpec> columns = rows.metadata().columns();
        List<byte[][]> json = new ArrayList<>(rows.rows().size());
        for (byte[][] row : rows.rows()) {
            json.add(new byte[][] {row(columns, row).getBytes(StandardCharsets.UTF_8)});
        }
        return new ResultMessage.Rows(jsonMetadata, json, rows.pagingState());
    }

    /** @return one row as a JSON object */
    static String row(List<ColumnSpec> columns, byte[][] values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append('"').append(quote(jsonKey(columns.get(i).name()))).append("\": ");
            byte[] value = values[i];
            out.append(value == null ? "null" : value(columns.get(i).type(), value));
        }
        return out.append('}').toString();
    }

    /**
     * The one place that turns a value into JSON, recursive over the type: native, collection, tuple and user type.
     *
     * @return the JSON text of one serialized value of {@code type}
     */
    static String value(CqlType type, byte[] value) {
        if (type instanceof CollectionType collection) {
            return collection(collection, value);
        }
        if (type instanceof TupleType tuple) {
            return tuple(tuple, value);
        }
        if (type instanceof UserType userType) {
            return userType(userType, value);
        }
        NativeType nativeType = (NativeType) type;
        if (value.length == 0 && !nativeType.isString() && nativeType != NativeType.BLOB) {
            return "null";
        }
        return switch (nativeType) {
            case ASCII, TEXT -> '"' + quote((String) nativeType.decode(value)) + '"';
            case TIMESTAMP -> '"' + TIMESTAMP.format((Instant) nativeType.decode(value)) + '"';
            case DATE, UUID, TIMEUUID -> '"' + nativeType.decode(value).toString() + '"';
            case TIME -> '"' + TIME.format(LocalTime.ofNanoOfDay((Long) nativeType.decode(value))) + '"';
            case INET -> '"' + ((InetAddress) nativeType.decode(value)).getHostAddress() + '"';
            case BLOB -> "\"0x" + HexFormat.of().formatHex(value) + '"';
            case DURATION -> '"' + duration(Durations.deserialize(value)) + '"';
            case FLOAT, DOUBLE -> {
                double number = ((Number) nativeType.decode(value)).doubleValue();
                yield Double.isNaN(number) || Double.isInfinite(number) ? "null"
                        : nativeType.decode(value).toString();
            }
            default -> nativeType.decode(value).toString();
        };
    }

    private static String collection(CollectionType type, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        int count = value.length == 0 ? 0 : buffer.getInt();
        boolean map = type.kind() == CollectionType.Kind.MAP;
        StringBuilder out = new StringBuilder(map ? "{" : "[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(", ");
            }
            String element = value(type.elements(), next(buffer));
            if (map) {
                boolean quoted = element.startsWith("\"");
                out.append(quoted ? element : '"' + quote(element) + '"').append(": ")
                        .append(value(type.values(), next(buffer)));
            } else {
                out.append(element);
            }
        }
        return out.append(map ? '}' : ']').toString();
    }

    /** A tuple as a JSON array of every declared component, missing ones null (Cassandra's TupleType.toJSONString). */
    private static String tuple(TupleType type, byte[] value) {
        List<byte[]> components = type.split(value);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < type.componentTypes().size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            byte[] component = i < components.size() ? components.get(i) : null;
            out.append(component == null ? "null" : value(type.componentTypes().get(i), component));
        }
        return out.append(']').toString();
    }

    /**
     * A user-defined type value as a JSON object of every declared field in declaration order, fields the value does
     * not carry null; a field name that is not all lower case is quoted as CQL quotes it (Cassandra's
     * {@code UserType.toJSONString}).
     */
    private static String userType(UserType type, byte[] value) {
        List<byte[]> fields = type.split(value);
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < type.fieldNames().size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append('"').append(quote(jsonKey(type.fieldNames().get(i)))).append("\": ");
            byte[] field = i < fields.size() ? fields.get(i) : null;
            out.append(field == null ? "null" : value(type.fieldTypes().get(i), field));
        }
        return out.append('}').toString();
    }

    /** @return a column or field name as a JSON key: as is when all lower case, else in CQL double quotes */
    private static String jsonKey(String name) {
        return name.equals(name.toLowerCase(Locale.ROOT)) ? name : "\"" + name + "\"";
    }

    /** @return Cassandra's {@code Duration.toString}: e.g. {@code 1y2mo3d4h5m6s7ms8us9ns}, {@code -1h} */
    static String duration(Durations.Value value) {
        boolean negative = value.months() < 0 || value.days() < 0 || value.nanos() < 0;
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        long months = Math.abs(value.months());
        long nanos = Math.abs(value.nanos());
        append(out, months / 12, "y");
        append(out, months % 12, "mo");
        append(out, Math.abs(value.days()), "d");
        long[] unitNanos = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1000L, 1L};
        String[] units = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            append(out, nanos / unitNanos[i], units[i]);
            nanos %= unitNanos[i];
        }
        return out.length() == (negative ? 1 : 0) ? "0s" : out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }

    private static byte[] next(ByteBuffer buffer) {
        byte[] element = new byte[buffer.getInt()];
        buffer.get(element);
        return element;
    }

    private static String quote(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
