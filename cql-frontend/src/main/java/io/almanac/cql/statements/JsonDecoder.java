package io.almanac.cql.statements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * INSERT JSON: a JSON object of column name to value turned into one serialized value per column, as Cassandra reads
 * it ({@code Json.parseJson} and each type's {@code fromJSONObject}). Keys are lower-cased unless written in double
 * quotes ({@code "\"Id\""}). A value may be the JSON form SELECT JSON writes ({@link JsonEncoder}) or, for
 * non-string types, a string in CQL literal syntax ({@code "42"}, {@code "2026-11-21 10:00:00Z"}); blobs are strings
 * starting with {@code 0x}; lists, sets and tuples are arrays; maps are objects whose keys are the key's JSON text;
 * user-defined types are objects of field name to value (field names case-folded like column names, missing fields
 * null). {@link #value} is the one place that reads a JSON value, recursive over the type.
 *
 * <p>Thread safety: stateless (the JSON reader is immutable).
 */
final class JsonDecoder {

    private static final ObjectReader READER = new ObjectMapper().reader();
    /** The native protocol's Function_failure error code (native_protocol_v5.spec §9). */
    private static final int FUNCTION_FAILURE = 0x1400;

    private JsonDecoder() {
    }

    /**
     * @param defaultUnset DEFAULT UNSET: columns missing from the object are left unset instead of set to null
     * @return per column of {@code table} ({@link TableMetadata#columns()} order): its serialized value, null for a
     *         JSON null (or a missing column by default) or {@link QueryOptions#UNSET}
     * @throws CqlException 0x2200 with Cassandra's messages for text that is not a JSON object, unknown columns and
     *         values that do not fit their column
     */
    static byte[][] values(TableMetadata table, String json, boolean defaultUnset) {
        Map<String, JsonNode> object = parseObject(json);
        byte[][] values = new byte[table.columns().size()][];
        for (int i = 0; i < values.length; i++) {
            ColumnMetadata column = table.columns().get(i);
            if (!object.containsKey(column.name())) {
                values[i] = defaultUnset ? QueryOptions.UNSET : null;
                continue;
            }
            JsonNode node = object.remove(column.name());
            try {
                values[i] = value(new ColumnSpec(table.keyspace(), table.name(), column.name(), column.type()), node);
            } catch (CqlException | InvalidRequestException e) {
                throw CqlException.invalid("Error decoding JSON value for " + column.name() + ": " + e.getMessage());
            }
        }
        if (!object.isEmpty()) {
            throw CqlException.invalid("JSON values map contains unrecognized column: "
                    + object.keySet().iterator().next());
        }
        return values;
    }

    /** @return the object's members, keys case-folded as CQL identifiers */
    private static Map<String, JsonNode> parseObject(String json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notAMap(json, e.toString());
        }
        if (root == null || !root.isObject()) {
            throw notAMap(json, "not a JSON object");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            members.put(identifier(field.getKey()), field.getValue());
        }
        return members;
    }

    /**
     * @return a JSON key as a CQL identifier: without its double quotes when quoted ({@code "\"Foo\""} is
     *         {@code Foo}), lower-cased otherwise (Cassandra's {@code JsonUtils.handleCaseSensitivity})
     */
    private static String identifier(String key) {
        boolean quoted = key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"");
        return quoted ? key.substring(1, key.length() - 1) : key.toLowerCase(Locale.ROOT);
    }

    private static CqlException notAMap(String json, String problem) {
        return CqlException.invalid("Could not decode JSON string as a map: " + problem + ". String was: " + json);
    }

    /**
     * {@code fromJson(text)} (Cassandra's {@code FromJsonFct.execute}): the JSON value in {@code json} for
     * {@code receiver}. Failures are function failures (0x1400) worded as Cassandra's
     * {@code FunctionExecutionException}, which names Cassandra's own exception classes.
     *
     * @return the serialized value, or null for the JSON {@code null}
     * @throws CqlException 0x1400 "execution of 'system.fromjson[text]' failed: Could not decode JSON string
     *         'x': ..." for text that is not JSON, "org.apache.cassandra.serializers.MarshalException: Unable to
     *         make int from 'a'" (and the other messages of {@link #value}) for a value that does not fit
     */
    static byte[] fromJson(ColumnSpec receiver, String json) {
        JsonNode node;
        try {
            node = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CqlException(FUNCTION_FAILURE, "execution of 'system.fromjson[text]' failed: Could not decode"
                    + " JSON string '" + json + "': " + e);
        }
        if (node == null || node.isMissingNode()) {
            throw new CqlException(FUNCTION_FAILURE, "execution of 'system.fromjson[text]' failed: Could not decode"
                    + " JSON string '" + json + "': no JSON value");
        }
        try {
            return value(receiver, node);
        } catch (CqlException | InvalidRequestException e) {
            throw new CqlException(FUNCTION_FAILURE, "org.apache.cassandra.serializers.MarshalException: "
                    + e.getMessage());
        }
    }

    /** @return the serialized value of {@code node} for {@code receiver}, or null for JSON null */
    static byte[] value(ColumnSpec receiver, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        CqlType type = receiver.type();
        if (type instanceof CollectionType collection) {
            return collection(receiver, collection, node);
        }
        if (type instanceof TupleType tuple) {
            return tuple(receiver, tuple, node);
        }
        if (type instanceof UserType userType) {
            return userType(receiver, userType, node);
        }
        NativeType nativeType = (NativeType) type;
        if (node.isTextual()) {
            return fromText(receiver, nativeType, node.textValue());
        }
        if (node.isNumber() && numeric(nativeType)) {
            Term.LiteralKind kind = node.isIntegralNumber() ? Term.LiteralKind.INTEGER : Term.LiteralKind.FLOAT;
            return Literals.serialize(new Term.Literal(kind, node.asText()), receiver);
        }
        if (node.isBoolean() && nativeType == NativeType.BOOLEAN) {
            return new byte[] {(byte) (node.booleanValue() ? 1 : 0)};
        }
        throw expected(expectedValue(nativeType), node);
    }

    /** @return what Cassandra's {@code fromJSONObject} of the type says it expected */
    private static String expectedValue(NativeType type) {
        return switch (type) {
            case TEXT -> "UTF-8 string";
            case ASCII -> "ascii string";
            case UUID, TIMEUUID, BLOB, INET, DURATION -> "string representation of a " + type.cqlName();
            case TIMESTAMP -> "long or a datestring representation of a timestamp value";
            case DATE -> "string representation of a date value";
            case TIME -> "string representation of a time value";
            default -> type.cqlName() + " value";
        };
    }

    private static boolean numeric(NativeType type) {
        return switch (type) {
            case BIGINT, COUNTER, INT, SMALLINT, TINYINT, VARINT, FLOAT, DOUBLE, DECIMAL, TIMESTAMP, DATE, TIME -> true;
            default -> false;
        };
    }

    /** A string in CQL literal syntax for the type, as Cassandra's {@code fromString}. */
    private static byte[] fromText(ColumnSpec receiver, NativeType type, String text) {
        Term.LiteralKind kind = switch (type) {
            case BIGINT, COUNTER, INT, SMALLINT, TINYINT, VARINT -> Term.LiteralKind.INTEGER;
            case FLOAT, DOUBLE, DECIMAL -> Term.LiteralKind.FLOAT;
            case UUID, TIMEUUID -> Term.LiteralKind.UUID;
            case BOOLEAN -> Term.LiteralKind.BOOLEAN;
            case BLOB -> Term.LiteralKind.HEX;
            case DURATION -> Term.LiteralKind.DURATION;
            default -> Term.LiteralKind.STRING;
        };
        if (type == NativeType.BLOB && !text.startsWith("0x")) {
            throw CqlException.invalid("Value '" + text + "' is not a valid blob representation: String"
                    + " representation of blob is missing 0x prefix: " + text);
        }
        if (type == NativeType.BOOLEAN && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw CqlException.invalid("Unable to make boolean from '" + text + "'");
        }
        return Literals.serialize(new Term.Literal(kind, text), receiver);
    }

    private static byte[] collection(ColumnSpec receiver, CollectionType type, JsonNode node) {
        List<byte[]> elements = new ArrayList<>();
        if (type.kind() == CollectionType.Kind.MAP) {
            if (!node.isObject()) {
                throw expected("map", node);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                elements.add(element(receiver, type.elements(), key(type.elements(), field.getKey())));
                elements.add(element(receiver, type.values(), field.getValue()));
            }
        } else {
            if (!node.isArray()) {
                throw expected(type.kind() == CollectionType.Kind.SET ? "list (representing a set)" : "list", node);
            }
            for (JsonNode element : node) {
                elements.add(element(receiver, type.elements(), element));
            }
        }
        return PreparedTerm.Collection.serialize(type, elements);
    }

    /**
     * A tuple: a JSON array (or a string holding one) of exactly as many items as the type has components, null
     * items allowed (Cassandra's {@code TupleType.fromJSONObject} and its messages).
     */
    private static byte[] tuple(ColumnSpec receiver, TupleType type, JsonNode node) {
        JsonNode items = node.isTextual() ? parseNested(node.textValue()) : node;
        if (items == null || !items.isArray()) {
            throw CqlException.invalid("Expected a list representation of a tuple, but got a " + javaName(node)
                    + ": " + node);
        }
        int size = type.componentTypes().size();
        if (items.size() != size) {
            throw CqlException.invalid("Tuple " + (items.size() > size ? "contains extra" : "is missing")
                    + " items (expected " + size + "): " + items);
        }
        List<byte[]> components = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ColumnSpec component = new ColumnSpec(receiver.keyspace(), receiver.table(), receiver.name(),
                    type.componentTypes().get(i));
            components.add(value(component, items.get(i)));
        }
        return TupleType.join(components);
    }

    /**
     * A user-defined type value: a JSON object (or a string holding one) of field name to value. Field names are
     * case-folded unless double-quoted; fields missing or null are null; fields are read in declaration order, then
     * unknown names are refused (Cassandra's {@code UserType.fromJSONObject} and its messages).
     *
     * @throws CqlException "Expected a map, but got a Integer: 5", "Unknown field 'x' in value of user defined type
     *         t", or the error of a field's value
     */
    private static byte[] userType(ColumnSpec receiver, UserType type, JsonNode node) {
        JsonNode object = node.isTextual() ? parseNested(node.textValue()) : node;
        if (object == null || !object.isObject()) {
            throw expected("map", object == null ? node : object);
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> fields.put(identifier(field.getKey()), field.getValue()));
        List<byte[]> values = new ArrayList<>(type.fieldNames().size());
        for (int i = 0; i < type.fieldNames().size(); i++) {
            JsonNode field = fields.remove(type.fieldNames().get(i));
            ColumnSpec fieldSpec = new ColumnSpec(receiver.keyspace(), receiver.table(), receiver.name(),
                    type.fieldTypes().get(i));
            values.add(field == null ? null : value(fieldSpec, field));
        }
        if (!fields.isEmpty()) {
            throw CqlException.invalid("Unknown field '" + fields.keySet().iterator().next()
                    + "' in value of user defined type " + type.name());
        }
        return UserType.join(values);
    }

    /** @return the JSON held in a string (a tuple or user type value written as JSON text) */
    private static JsonNode parseNested(String json) {
        try {
            return READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw CqlException.invalid("Error decoding JSON string: " + e.getOriginalMessage());
        }
    }

    /** A map key: text keys as written, other keys are their JSON text (e.g. {@code "1"} for an int key). */
    private static JsonNode key(CqlType keyType, String key) {
        if (keyType == NativeType.TEXT || keyType == NativeType.ASCII) {
            return new TextNode(key);
        }
        try {
            return READER.readTree(key);
        } catch (JsonProcessingException e) {
            return new TextNode(key);
        }
    }

    private static byte[] element(ColumnSpec receiver, CqlType type, JsonNode node) {
        byte[] value = value(new ColumnSpec(receiver.keyspace(), receiver.table(), receiver.name(), type), node);
        if (value == null) {
            throw CqlException.invalid("Invalid null value in collection");
        }
        return value;
    }

    private static CqlException expected(String what, JsonNode node) {
        String article = "aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ";
        return CqlException.invalid("Expected " + article + what + ", but got a " + javaName(node) + ": " + node);
    }

    /** @return the Java class Cassandra's JSON parser gives this node, as its messages name it */
    private static String javaName(JsonNode node) {
        if (node.isTextual()) {
            return "String";
        }
        if (node.isBoolean()) {
            return "Boolean";
        }
        if (node.isArray()) {
            return "ArrayList";
        }
        if (node.isObject()) {
            return "LinkedHashMap";
        }
        if (node.isInt()) {
            return "Integer";
        }
        if (node.isLong()) {
            return "Long";
        }
        return node.isIntegralNumber() ? "BigInteger" : "Double";
    }
}
