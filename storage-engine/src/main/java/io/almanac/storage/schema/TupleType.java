package io.almanac.storage.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * A tuple type, {@code tuple<int, text, ...>}: a fixed sequence of typed components, each possibly null. Tuples are
 * always frozen in Cassandra (a tuple value is written and read whole), so {@link #cqlName()} is
 * {@code frozen<tuple<...>>} as {@code system_schema.columns.type} shows it, and collections inside a tuple are
 * frozen. A value is serialized as in native_protocol_v5.spec §6 "tuple": its components in order, each as
 * {@code [bytes]} (length -1: null); the same layout as a user-defined type (see {@link UserType}). As Cassandra's
 * TupleType, a value may carry fewer components than the type declares: the missing ones read as null.
 *
 * <p>Java value mapping for {@link #encode}/{@link #decode}: a {@link List} of the components' Java values (null
 * for a null component), of at most {@code componentTypes().size()} elements.
 *
 * <p>Thread safety: immutable.
 *
 * <p>Source: Apache Cassandra {@code db/marshal/TupleType}, {@code cql3/CQL3Type.Tuple}.
 *
 * @param componentTypes the component types, in order (at least one)
 */
public record TupleType(List<CqlType> componentTypes) implements CqlType {

    public TupleType {
        componentTypes = List.copyOf(componentTypes);
        if (componentTypes.isEmpty()) {
            throw new IllegalArgumentException("a tuple has at least one component");
        }
    }

    /** @return {@code frozen<tuple<int, text>>} (tuples are always frozen) */
    @Override
    public String cqlName() {
        StringJoiner joiner = new StringJoiner(", ", "frozen<tuple<", ">>");
        componentTypes.forEach(type -> joiner.add(type.cqlName()));
        return joiner.toString();
    }

    @Override
    public int compare(byte[] left, byte[] right) {
        return FieldValues.compare(split(left), split(right), componentTypes);
    }

    @Override
    public void validate(byte[] value) {
        List<byte[]> parts = split(value);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != null) {
                componentTypes.get(i).validate(parts.get(i));
            }
        }
    }

    @Override
    public byte[] encode(Object value) {
        if (!(value instanceof List<?> components) || components.size() > componentTypes.size()) {
            throw new InvalidRequestException("Invalid value for type " + cqlName()
                    + ": expected a list of at most " + componentTypes.size() + " components");
        }
        List<byte[]> parts = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            Object component = components.get(i);
            parts.add(component == null ? null : componentTypes.get(i).encode(component));
        }
        return FieldValues.join(parts);
    }

    /** @return the components' Java values, {@code componentTypes().size()} of them (missing ones null) */
    @Override
    public Object decode(byte[] value) {
        List<byte[]> parts = split(value);
        List<Object> components = new ArrayList<>(componentTypes.size());
        for (int i = 0; i < componentTypes.size(); i++) {
            byte[] part = i < parts.size() ? parts.get(i) : null;
            components.add(part == null ? null : componentTypes.get(i).decode(part));
        }
        return Collections.unmodifiableList(components);
    }

    /** @return {@code (1, 'a', null)}: every declared component, missing ones as null */
    @Override
    public String toCqlLiteral(byte[] value) {
        List<byte[]> parts = split(value);
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < componentTypes.size(); i++) {
            byte[] part = i < parts.size() ? parts.get(i) : null;
            joiner.add(part == null ? "null" : componentTypes.get(i).toCqlLiteral(part));
        }
        return joiner.toString();
    }

    /** @throws InvalidRequestException always: tuple values have no plain string form here */
    @Override
    public byte[] fromString(String text) {
        throw new InvalidRequestException("Unable to make " + cqlName() + " from '" + text
                + "': tuple values have no plain string form");
    }

    /**
     * @return the serialized components (null for a null component), at most {@code componentTypes().size()}
     * @throws InvalidRequestException if the bytes are truncated or carry more components than the type has
     */
    public List<byte[]> split(byte[] value) {
        return FieldValues.split(value, componentTypes.size(), cqlName());
    }

    /** @return the serialization of these components (null parts as length -1) */
    public static byte[] join(List<byte[]> parts) {
        return FieldValues.join(parts);
    }
}
