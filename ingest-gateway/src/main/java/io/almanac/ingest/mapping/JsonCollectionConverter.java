package io.almanac.ingest.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import io.almanac.ingest.mapping.JsonValueConverter.Conversion;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts JSON values to any CQL type, collections, tuples and user-defined types included (native_protocol_v4.spec
 * §6.4, §6.7, §6.11 for the collection layouts, built by {@link CollectionType#join}; native_protocol_v5.spec §6
 * "udt" and "tuple" for user types and tuples, built by {@link UserType#join} and {@link TupleType#join}).
 *
 * <pre>
 *   list&lt;T&gt;      JSON array, elements converted as T, order kept
 *   set&lt;T&gt;       JSON array, elements converted as T, sorted in T's order, duplicates dropped
 *   map&lt;K, V&gt;    JSON object; keys are strings converted as K (a frozen collection key is parsed as JSON text),
 *                values converted as V; sorted by key in K's order; a key given twice keeps the later value
 *   user type    JSON object by field name (or a string holding one, as Cassandra takes it), frozen or not; a
 *                field name in double quotes keeps its case, others are lower-cased; fields missing or null are null;
 *                an unknown field is refused ("Unknown field 'f' in value of user defined type t"), a bad field
 *                value names the field ("field 'f': expected a number, got ...")
 *   tuple        JSON array (or a string holding one) with exactly one item per component, null items null;
 *                a bad item names it ("component 1: ...")
 * </pre>
 *
 * A JSON null inside a collection is refused, as Cassandra refuses it.
 *
 * <p>Thread safety: immutable (Jackson's {@link ObjectReader} is immutable and thread-safe).
 */
final class JsonCollectionConverter {

    /** Parses a frozen collection map key, or a user type given as a string, as a whole JSON document. */
    private final ObjectReader keyReader;

    JsonCollectionConverter(ObjectMapper objectMapper) {
        this.keyReader = objectMapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @param node a non-null, non-JSON-null value */
    Conversion convert(JsonNode node, CqlType type) {
        if (type instanceof NativeType nativeType) {
            return JsonValueConverter.convert(node, nativeType);
        }
        if (type instanceof UserType userType) {
            return userType(node, userType);
        }
        if (type instanceof TupleType tupleType) {
            return tuple(node, tupleType);
        }
        if (!(type instanceof CollectionType collection)) {
            return Conversion.failed("a column of type " + type.cqlName() + " cannot be written through JSON ingest;"
                    + " write it with CQL");
        }
        return switch (collection.kind()) {
            case LIST -> list(node, collection);
            case SET -> set(node, collection);
            case MAP -> map(node, collection);
        };
    }

    private Conversion list(JsonNode node, CollectionType type) {
        if (!node.isArray()) {
            return JsonValueConverter.expected("a JSON array for " + type.cqlName(), node);
        }
        List<byte[]> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Conversion element = element(node.get(i), type.elements(), "element " + i);
            if (element.isFailure()) {
                return element;
            }
            elements.add(element.value());
        }
        return Conversion.ok(CollectionType.join(elements, elements.size()));
    }

    private Conversion set(JsonNode node, CollectionType type) {
        if (!node.isArray()) {
            return JsonValueConverter.expected("a JSON array for " + type.cqlName(), node);
        }
        List<byte[]> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Conversion element = element(node.get(i), type.elements(), "element " + i);
            if (element.isFailure()) {
                return element;
            }
            elements.add(element.value());
        }
        elements.sort(type.elements()::compare);
        List<byte[]> distinct = new ArrayList<>(elements.size());
        for (byte[] element : elements) {
            if (distinct.isEmpty() || type.elements().compare(distinct.get(distinct.size() - 1), element) != 0) {
                distinct.add(element);
            }
        }
        return Conversion.ok(CollectionType.join(distinct, distinct.size()));
    }

    private Conversion map(JsonNode node, CollectionType type) {
        if (!node.isObject()) {
            return JsonValueConverter.expected("a JSON object for " + type.cqlName(), node);
        }
        List<byte[][]> entries = new ArrayList<>(node.size());
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String where = "key " + JsonValueConverter.shown(TextNode.valueOf(field.getKey()));
            Conversion key = element(keyNode(field.getKey(), type.elements()), type.elements(), where);
            if (key.isFailure()) {
                return key;
            }
            Conversion value = element(field.getValue(), type.values(), "value of " + where);
            if (value.isFailure()) {
                return value;
            }
            entries.add(new byte[][] {key.value(), value.value()});
        }
        // stable sort: among keys that compare equal the later entry comes last, and wins below
        entries.sort((left, right) -> type.elements().compare(left[0], right[0]));
        List<byte[]> parts = new ArrayList<>(entries.size() * 2);
        int count = 0;
        for (int i = 0; i < entries.size(); i++) {
            boolean shadowed = i + 1 < entries.size()
                    && type.elements().compare(entries.get(i)[0], entries.get(i + 1)[0]) == 0;
            if (!shadowed) {
                parts.add(entries.get(i)[0]);
                parts.add(entries.get(i)[1]);
                count++;
            }
        }
        return Conversion.ok(CollectionType.join(parts, count));
    }

    /**
     * A user-defined type value, as Cassandra's {@code UserType.fromJSONObject}: a JSON object (or a string holding
     * one) keyed by field name, names case-folded as CQL identifiers ({@code JsonUtils.handleCaseSensitivity}: a name
     * in double quotes keeps its case, any other is lower-cased); fields missing or null are null; every field is
     * serialized, in declaration order (the bytes a CQL {@code {f: v}} literal gives).
     */
    private Conversion userType(JsonNode node, UserType type) {
        JsonNode object = node.isTextual() ? parse(node.textValue()) : node;
        if (object == null || !object.isObject()) {
            return JsonValueConverter.expected("a JSON object for " + type.cqlName(), node);
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            boolean quoted = name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"");
            fields.put(quoted ? name.substring(1, name.length() - 1) : name.toLowerCase(Locale.US), member.getValue());
        }
        List<byte[]> values = new ArrayList<>(type.fieldNames().size());
        int found = 0;
        for (int i = 0; i < type.fieldNames().size(); i++) {
            JsonNode field = fields.get(type.fieldNames().get(i));
            if (field == null || field.isNull()) {
                found += field == null ? 0 : 1;
                values.add(null);
                continue;
            }
            Conversion converted = convert(field, type.fieldTypes().get(i));
            if (converted.isFailure()) {
                return Conversion.failed("field '" + type.fieldNames().get(i) + "': " + converted.failure());
            }
            values.add(converted.value());
            found++;
        }
        if (found != fields.size()) {
            for (String name : fields.keySet()) {
                if (type.fieldIndex(name) < 0) {
                    return Conversion.failed("Unknown field '" + name + "' in value of user defined type "
                            + type.name());
                }
            }
        }
        return Conversion.ok(UserType.join(values));
    }

    /**
     * A tuple value, as Cassandra's {@code TupleType.fromJSONObject}: a JSON array (or a string holding one) with
     * exactly one item per component, null items being null components.
     */
    private Conversion tuple(JsonNode node, TupleType type) {
        JsonNode array = node.isTextual() ? parse(node.textValue()) : node;
        if (array == null || !array.isArray()) {
            return JsonValueConverter.expected("a JSON array for " + type.cqlName(), node);
        }
        int expected = type.componentTypes().size();
        if (array.size() != expected) {
            return Conversion.failed("Tuple " + (array.size() > expected ? "contains extra" : "is missing")
                    + " items (expected " + expected + "): " + JsonValueConverter.shown(array));
        }
        List<byte[]> components = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            JsonNode item = array.get(i);
            if (item.isNull()) {
                components.add(null);
                continue;
            }
            Conversion converted = convert(item, type.componentTypes().get(i));
            if (converted.isFailure()) {
                return Conversion.failed("component " + i + ": " + converted.failure());
            }
            components.add(converted.value());
        }
        return Conversion.ok(TupleType.join(components));
    }

    /** @return the JSON value {@code text} holds (trailing data refused), or null when it holds none */
    private JsonNode parse(String text) {
        try {
            return keyReader.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A map key is a JSON string; a frozen collection key is itself JSON text to parse (a UDT key parses itself). */
    private JsonNode keyNode(String key, CqlType keyType) {
        if (!keyType.isCollection()) {
            return TextNode.valueOf(key);
        }
        try {
            return keyReader.readTree(key);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(key);
        }
    }

    private Conversion element(JsonNode node, CqlType type, String where) {
        if (node == null || node.isNull()) {
            return Conversion.failed(where + ": null is not supported inside collections");
        }
        Conversion converted = convert(node, type);
        return converted.isFailure() ? Conversion.failed(where + ": " + converted.failure()) : converted;
    }
}
