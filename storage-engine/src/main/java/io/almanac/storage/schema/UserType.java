package io.almanac.storage.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * A user-defined type ({@code CREATE TYPE ks.name (field type, ...)}), frozen or not. A value is serialized as in
 * native_protocol_v5.spec §6 "udt": its fields in declaration order, each as {@code [bytes]} (length -1: null); a
 * value may carry fewer fields than the type declares (fields added later by {@code ALTER TYPE ... ADD} read as
 * null).
 *
 * <pre>
 *   +-----------------+-----------------+-----+------------------+
 *   | len0:i32 bytes0 | len1:i32 bytes1 | ... | lenK:i32 bytesK  |   K + 1 &lt;= fieldNames().size(); len -1 = null
 *   +-----------------+-----------------+-----+------------------+
 * </pre>
 *
 * <p>Almanac stores a non-frozen UDT value whole, as one cell (like a frozen one): writing the column replaces
 * every field; field-level updates ({@code SET col.f = ...}) are not supported. Java value mapping for
 * {@link #encode}/{@link #decode}: a {@link Map} from field name to the field's Java value (missing or null
 * fields are null).
 *
 * <p>Thread safety: immutable.
 *
 * @param keyspace   the keyspace the type belongs to
 * @param name       the type name (case-sensitive as stored)
 * @param fieldNames the field names, in declaration order
 * @param fieldTypes the field types, same order
 * @param frozen     whether this use of the type is {@code frozen<...>}
 */
public record UserType(String keyspace, String name, List<String> fieldNames, List<CqlType> fieldTypes,
                       boolean frozen) implements CqlType {

    public UserType {
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(name, "name");
        fieldNames = List.copyOf(fieldNames);
        fieldTypes = List.copyOf(fieldTypes);
        if (fieldNames.size() != fieldTypes.size()) {
            throw new IllegalArgumentException("field names and types differ in number");
        }
    }

    /** @return the same type, frozen or not */
    public UserType withFrozen(boolean isFrozen) {
        return isFrozen == frozen ? this : new UserType(keyspace, name, fieldNames, fieldTypes, isFrozen);
    }

    /** @return the index of field {@code field}, or -1 */
    public int fieldIndex(String field) {
        return fieldNames.indexOf(field);
    }

    /** @return a copy with a field added at the end */
    public UserType withField(String field, CqlType type) {
        List<String> names = new ArrayList<>(fieldNames);
        List<CqlType> types = new ArrayList<>(fieldTypes);
        names.add(field);
        types.add(type);
        return new UserType(keyspace, name, names, types, frozen);
    }

    /** @return a copy with field {@code from} renamed to {@code to} */
    public UserType withFieldRenamed(String from, String to) {
        List<String> names = new ArrayList<>(fieldNames);
        names.set(fieldNames.indexOf(from), to);
        return new UserType(keyspace, name, names, fieldTypes, frozen);
    }

    /**
     * @return whether {@code type} is, or contains (in collections, tuples or fields), the user type
     *         {@code ks.typeName}
     */
    public static boolean references(CqlType type, String ks, String typeName) {
        if (type instanceof UserType user) {
            return (user.keyspace.equals(ks) && user.name.equals(typeName))
                    || user.fieldTypes.stream().anyMatch(t -> references(t, ks, typeName));
        }
        if (type instanceof CollectionType collection) {
            return references(collection.elements(), ks, typeName)
                    || (collection.values() != null && references(collection.values(), ks, typeName));
        }
        if (type instanceof TupleType tuple) {
            return tuple.componentTypes().stream().anyMatch(t -> references(t, ks, typeName));
        }
        return false;
    }

    /**
     * @return {@code type} with every use of the user type named like {@code replacement} (in collections and fields)
     *         replaced by it (also inside tuples), keeping each use's frozenness
     */
    public static CqlType replace(CqlType type, UserType replacement) {
        UnaryOperator<CqlType> inner = t -> replace(t, replacement);
        if (type instanceof UserType user) {
            if (user.keyspace.equals(replacement.keyspace) && user.name.equals(replacement.name)) {
                return replacement.withFrozen(user.frozen);
            }
            return new UserType(user.keyspace, user.name, user.fieldNames,
                    user.fieldTypes.stream().map(inner).toList(), user.frozen);
        }
        if (type instanceof CollectionType c) {
            return new CollectionType(c.kind(), inner.apply(c.elements()),
                    c.values() == null ? null : inner.apply(c.values()), c.frozen());
        }
        if (type instanceof TupleType tuple) {
            return new TupleType(tuple.componentTypes().stream().map(inner).toList());
        }
        return type;
    }

    /** @return {@code frozen<name>} or {@code name}, as {@code system_schema.columns.type} shows it */
    @Override
    public String cqlName() {
        String quoted = name.matches("[a-z][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
        return frozen ? "frozen<" + quoted + ">" : quoted;
    }

    @Override
    public int compare(byte[] left, byte[] right) {
        return FieldValues.compare(split(left), split(right), fieldTypes);
    }

    @Override
    public void validate(byte[] value) {
        if (value.length == 0) {
            return;
        }
        List<byte[]> parts = split(value);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != null) {
                fieldTypes.get(i).validate(parts.get(i));
            }
        }
    }

    @Override
    public byte[] encode(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("Invalid value for type " + cqlName());
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String field) || fieldIndex(field) < 0) {
                throw new InvalidRequestException("Unknown field '" + key + "' in value of user defined type "
                        + name);
            }
        }
        List<byte[]> parts = new ArrayList<>(fieldNames.size());
        for (int i = 0; i < fieldNames.size(); i++) {
            Object field = map.get(fieldNames.get(i));
            parts.add(field == null ? null : fieldTypes.get(i).encode(field));
        }
        return join(parts);
    }

    @Override
    public Object decode(byte[] value) {
        if (value.length == 0) {
            return null;
        }
        List<byte[]> parts = split(value);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            byte[] part = i < parts.size() ? parts.get(i) : null;
            fields.put(fieldNames.get(i), part == null ? null : fieldTypes.get(i).decode(part));
        }
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public String toCqlLiteral(byte[] value) {
        List<byte[]> parts = split(value);
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < fieldNames.size(); i++) {
            byte[] part = i < parts.size() ? parts.get(i) : null;
            joiner.add(fieldNames.get(i) + ": " + (part == null ? "null" : fieldTypes.get(i).toCqlLiteral(part)));
        }
        return joiner.toString();
    }

    /**
     * @return the serialized fields (null for a null field), at most {@code fieldNames().size()}
     * @throws InvalidRequestException if the bytes are truncated or carry more fields than the type has
     */
    public List<byte[]> split(byte[] value) {
        return FieldValues.split(value, fieldNames.size(), cqlName());
    }

    /** @return the serialization of these fields (null parts as length -1) */
    public static byte[] join(List<byte[]> parts) {
        return FieldValues.join(parts);
    }
}
