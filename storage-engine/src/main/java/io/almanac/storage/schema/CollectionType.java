package io.almanac.storage.schema;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A list, set or map type, frozen or not. Serialized as in native_protocol_v4.spec §6: {@code [int] n} then n
 * {@code [bytes]} elements (map: n key/value pairs). Sets and maps are kept sorted by element (key) order.
 *
 * <p>Almanac stores every collection value whole (as Cassandra does for frozen collections); element-level updates
 * of non-frozen collections are a later step.
 *
 * @param kind     list, set or map
 * @param elements the element type (map: the key type)
 * @param values   the map value type; null for lists and sets
 * @param frozen   whether the type was declared {@code frozen<...>}
 */
public record CollectionType(Kind kind, CqlType elements, CqlType values, boolean frozen) implements CqlType {

    /** The collection kinds, with their {@code [option]} ids. */
    public enum Kind {
        LIST(0x0020), MAP(0x0021), SET(0x0022);

        private final int protocolId;

        Kind(int protocolId) {
            this.protocolId = protocolId;
        }

        /** @return the {@code [option]} id, native_protocol_v4.spec §4.2.5.2 */
        public int protocolId() {
            return protocolId;
        }
    }

    public CollectionType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(elements, "elements");
        if ((kind == Kind.MAP) != (values != null)) {
            throw new IllegalArgumentException("a map needs a value type and only a map has one");
        }
    }

    public static CollectionType list(CqlType elements, boolean frozen) {
        return new CollectionType(Kind.LIST, elements, null, frozen);
    }

    public static CollectionType set(CqlType elements, boolean frozen) {
        return new CollectionType(Kind.SET, elements, null, frozen);
    }

    public static CollectionType map(CqlType keys, CqlType values, boolean frozen) {
        return new CollectionType(Kind.MAP, keys, values, frozen);
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public String cqlName() {
        String inner = switch (kind) {
            case LIST -> "list<" + elements.cqlName() + ">";
            case SET -> "set<" + elements.cqlName() + ">";
            case MAP -> "map<" + elements.cqlName() + ", " + values.cqlName() + ">";
        };
        return frozen ? "frozen<" + inner + ">" : inner;
    }

    @Override
    public int compare(byte[] left, byte[] right) {
        List<byte[]> a = split(left);
        List<byte[]> b = split(right);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            CqlType type = kind == Kind.MAP && i % 2 == 1 ? values : elements;
            int c = type.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public void validate(byte[] value) {
        List<byte[]> parts = split(value);
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            if (part == null) {
                throw new InvalidRequestException("null is not supported inside collections");
            }
            (kind == Kind.MAP && i % 2 == 1 ? values : elements).validate(part);
        }
    }

    @Override
    public byte[] encode(Object value) {
        List<byte[]> parts = new ArrayList<>();
        try {
            switch (kind) {
                case LIST -> ((Collection<?>) value).forEach(e -> parts.add(elements.encode(e)));
                case SET -> ((Collection<?>) value).stream().map(elements::encode).sorted(elements::compare)
                        .forEach(parts::add);
                case MAP -> ((Map<?, ?>) value).entrySet().stream()
                        .map(e -> new byte[][] {elements.encode(e.getKey()), values.encode(e.getValue())})
                        .sorted((x, y) -> elements.compare(x[0], y[0]))
                        .forEach(pair -> parts.addAll(Arrays.asList(pair)));
            }
        } catch (ClassCastException e) {
            throw new InvalidRequestException("Invalid value for type " + cqlName());
        }
        return join(parts, kind == Kind.MAP ? parts.size() / 2 : parts.size());
    }

    @Override
    public Object decode(byte[] value) {
        List<byte[]> parts = split(value);
        switch (kind) {
            case LIST -> {
                List<Object> list = new ArrayList<>();
                parts.forEach(p -> list.add(elements.decode(p)));
                return list;
            }
            case SET -> {
                LinkedHashSet<Object> set = new LinkedHashSet<>();
                parts.forEach(p -> set.add(elements.decode(p)));
                return set;
            }
            default -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < parts.size(); i += 2) {
                    map.put(elements.decode(parts.get(i)), values.decode(parts.get(i + 1)));
                }
                return map;
            }
        }
    }

    @Override
    public String toCqlLiteral(byte[] value) {
        List<byte[]> parts = split(value);
        StringJoiner joiner = switch (kind) {
            case LIST -> new StringJoiner(", ", "[", "]");
            default -> new StringJoiner(", ", "{", "}");
        };
        for (int i = 0; i < parts.size(); i += kind == Kind.MAP ? 2 : 1) {
            String element = elements.toCqlLiteral(parts.get(i));
            joiner.add(kind == Kind.MAP ? element + ": " + values.toCqlLiteral(parts.get(i + 1)) : element);
        }
        return joiner.toString();
    }

    /**
     * Splits a serialized collection into its elements (for a map: key, value, key, value, ...).
     *
     * @throws InvalidRequestException if the bytes are truncated or malformed
     */
    public List<byte[]> split(byte[] value) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            int count = buffer.getInt() * (kind == Kind.MAP ? 2 : 1);
            if (count < 0 || count > value.length) {
                throw new InvalidRequestException("Invalid " + cqlName() + " value: bad element count");
            }
            List<byte[]> parts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = buffer.getInt();
                if (length < 0) {
                    parts.add(null);
                    continue;
                }
                byte[] part = new byte[length];
                buffer.get(part);
                parts.add(part);
            }
            return parts;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid " + cqlName() + " value: truncated");
        }
    }

    /** Serializes already-serialized elements; {@code count} is the element (map: entry) count. */
    public static byte[] join(List<byte[]> parts, int count) {
        int size = 4;
        for (byte[] part : parts) {
            size += 4 + part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(count);
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }
}
