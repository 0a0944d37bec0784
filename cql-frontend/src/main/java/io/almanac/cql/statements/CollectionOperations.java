package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Element operations on serialized non-frozen collections (Cassandra's {@code Lists}, {@code Sets}, {@code Maps}
 * operations), applied to the whole stored value: Almanac stores a non-frozen collection as one cell, so an element
 * update is a read-modify-write of that cell on the partition's shard writer (concurrent element updates of one
 * collection serialize there; the whole collection carries one timestamp and TTL, unlike Cassandra's
 * cell-per-element storage).
 *
 * <p>Values are in the native protocol's collection format ({@code [int] n} then n {@code [bytes]} elements; a map
 * has n key/value pairs), sets and maps sorted by their element (key) type. A null current value is the empty
 * collection; a result with no element is returned as null (the column is then deleted).
 *
 * <p>Thread safety: stateless.
 */
final class CollectionOperations {

    private CollectionOperations() {
    }

    /** List append, set union, map put-all. */
    static byte[] add(CollectionType type, byte[] current, byte[] operand) {
        return switch (type.kind()) {
            case LIST -> list(concat(elements(type, current), elements(type, operand)));
            case SET -> set(type, concat(elements(type, current), elements(type, operand)));
            case MAP -> {
                TreeMap<byte[], byte[]> entries = entries(type, current);
                entries.putAll(entries(type, operand));
                yield map(entries);
            }
        };
    }

    /** List prepend: {@code operand}'s elements, in order, before the current ones. */
    static byte[] prepend(CollectionType type, byte[] current, byte[] operand) {
        return list(concat(elements(type, operand), elements(type, current)));
    }

    /**
     * List: removes every occurrence of each operand element; set: removes the operand's elements; map: removes the
     * keys of the operand (a set of keys).
     */
    static byte[] subtract(CollectionType type, byte[] current, byte[] operand) {
        if (type.kind() == CollectionType.Kind.MAP) {
            TreeMap<byte[], byte[]> entries = entries(type, current);
            CollectionType keys = CollectionType.set(type.elements(), true);
            elements(keys, operand).forEach(entries::remove);
            return map(entries);
        }
        List<byte[]> removed = elements(type, operand);
        List<byte[]> kept = new ArrayList<>();
        for (byte[] element : elements(type, current)) {
            if (removed.stream().noneMatch(r -> type.elements().compare(r, element) == 0)) {
                kept.add(element);
            }
        }
        return kept.isEmpty() ? null : CollectionType.join(kept, kept.size());
    }

    /**
     * {@code l[index] = value}; a null value removes the element.
     *
     * @throws CqlException Cassandra's messages for a null list or an index out of bound
     */
    static byte[] setListElement(CollectionType type, byte[] current, int index, byte[] value) {
        List<byte[]> elements = elements(type, current);
        if (current == null) {
            throw CqlException.invalid("Attempted to set an element on a list which is null");
        }
        checkIndex(index, elements.size());
        if (value == null) {
            elements.remove(index);
        } else {
            elements.set(index, value);
        }
        return list(elements);
    }

    /**
     * {@code DELETE l[index]}.
     *
     * @throws CqlException Cassandra's messages for a null list or an index out of bound
     */
    static byte[] deleteListElement(CollectionType type, byte[] current, int index) {
        if (current == null) {
            throw CqlException.invalid("Attempted to delete an element from a list which is null");
        }
        List<byte[]> elements = elements(type, current);
        checkIndex(index, elements.size());
        elements.remove(index);
        return list(elements);
    }

    /** {@code m[key] = value}; a null value removes the key. */
    static byte[] putMapEntry(CollectionType type, byte[] current, byte[] key, byte[] value) {
        TreeMap<byte[], byte[]> entries = entries(type, current);
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
        return map(entries);
    }

    /** {@code DELETE s[element]}: removes a set element. */
    static byte[] removeSetElement(CollectionType type, byte[] current, byte[] element) {
        List<byte[]> kept = new ArrayList<>(elements(type, current));
        kept.removeIf(e -> type.elements().compare(e, element) == 0);
        return kept.isEmpty() ? null : CollectionType.join(kept, kept.size());
    }

    /** @return the element at {@code index} of a list, or the value of key {@code key} of a map; null if absent */
    static byte[] element(CollectionType type, byte[] current, byte[] keyOrIndex) {
        if (current == null || keyOrIndex == null) {
            return null;
        }
        if (type.kind() == CollectionType.Kind.MAP) {
            return entries(type, current).get(keyOrIndex);
        }
        List<byte[]> elements = elements(type, current);
        int index = java.nio.ByteBuffer.wrap(keyOrIndex).getInt();
        return index < 0 || index >= elements.size() ? null : elements.get(index);
    }

    /**
     * Cassandra's {@code CONTAINS} / {@code CONTAINS KEY} test ({@code Operator.CONTAINS}): a list or set element, a
     * map value, or (with {@code key}) a map key equal to {@code element} in the type's order.
     *
     * @param value   the serialized collection, frozen or not; null or empty holds nothing
     * @param element the element, value or key looked for
     * @return whether the collection holds it
     */
    static boolean contains(CollectionType type, byte[] value, byte[] element, boolean key) {
        if (value == null || value.length == 0) {
            return false;
        }
        List<byte[]> parts = type.split(value);
        boolean map = type.kind() == CollectionType.Kind.MAP;
        int first = map && !key ? 1 : 0;
        int step = map ? 2 : 1;
        CqlType elementType = map && !key ? type.values() : type.elements();
        for (int i = first; i < parts.size(); i += step) {
            byte[] part = parts.get(i);
            if (part != null && elementType.compare(part, element) == 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkIndex(int index, int size) {
        if (index < 0 || index >= size) {
            throw CqlException.invalid("List index " + index + " out of bound, list has size " + size);
        }
    }

    /** @return the elements of a list or set (a mutable copy); empty for null */
    private static List<byte[]> elements(CollectionType type, byte[] value) {
        return value == null || value.length == 0 ? new ArrayList<>() : new ArrayList<>(type.split(value));
    }

    private static TreeMap<byte[], byte[]> entries(CollectionType type, byte[] value) {
        TreeMap<byte[], byte[]> entries = new TreeMap<>(type.elements()::compare);
        if (value != null && value.length > 0) {
            List<byte[]> parts = type.split(value);
            for (int i = 0; i + 1 < parts.size(); i += 2) {
                entries.put(parts.get(i), parts.get(i + 1));
            }
        }
        return entries;
    }

    private static List<byte[]> concat(List<byte[]> first, List<byte[]> second) {
        first.addAll(second);
        return first;
    }

    private static byte[] list(List<byte[]> elements) {
        return elements.isEmpty() ? null : CollectionType.join(elements, elements.size());
    }

    private static byte[] set(CollectionType type, List<byte[]> elements) {
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(type.elements()::compare);
        elements.forEach(e -> sorted.put(e, e));
        List<byte[]> distinct = new ArrayList<>(sorted.keySet());
        return list(distinct);
    }

    private static byte[] map(TreeMap<byte[], byte[]> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        List<byte[]> parts = new ArrayList<>(entries.size() * 2);
        entries.forEach((key, value) -> {
            parts.add(key);
            parts.add(value);
        });
        return CollectionType.join(parts, entries.size());
    }
}
