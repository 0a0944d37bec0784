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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON values to any CQL type, collections included (native_protocol_v4.spec §6.4, §6.7, §6.11 for the
 * serialized layouts, built by {@link CollectionType#join}).
 *
 * <pre>
 *   list&lt;T&gt;      JSON array, elements converted as T, order kept
 *   set&lt;T&gt;       JSON array, elements converted as T, sorted in T's order, duplicates dropped
 *   map&lt;K, V&gt;    JSON object; keys are strings converted as K (a frozen collection key is parsed as JSON text),
 *                values converted as V; sorted by key in K's order; a key given twice keeps the later value
 * </pre>
 *
 * A JSON null inside a collection is refused, as Cassandra refuses it.
 *
 * <p>Thread safety: immutable (Jackson's {@link ObjectReader} is immutable and thread-safe).
 */
final class JsonCollectionConverter {

    /** Parses a frozen collection map key as a whole JSON document (trailing data refused). */
    private final ObjectReader keyReader;

    JsonCollectionConverter(ObjectMapper objectMapper) {
        this.keyReader = objectMapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @param node a non-null, non-JSON-null value */
    Conversion convert(JsonNode node, CqlType type) {
        if (type instanceof NativeType nativeType) {
            return JsonValueConverter.convert(node, nativeType);
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

    /** A map key is a JSON string; a frozen collection key is itself JSON text to parse. */
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
