package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * Element {@code c[x]} and slice {@code c[x..y]} selections over set and map values (Cassandra 4.0+'s
 * {@code Selectable.WithElementSelection} / {@code WithSliceSelection} and {@code ElementsSelector}).
 *
 * <pre>
 *   selection      allowed on     result type               result value
 *   s[x]           set&lt;E&gt;         E                         x when the set holds it, else null
 *   m[k]           map&lt;K, V&gt;      V                         the value of key k, else null
 *   s[x..y]        set / map      the collection's type     the elements (entries) with x &lt;= key &lt;= y, in order;
 *   m[x..], m[..y]                                          none: null (frozen: the empty collection)
 *   l[...]         list           refused ("Element selection is only allowed on sets and maps, but l is a list")
 * </pre>
 *
 * A key or bound is prepared for the receiver {@code value(s)} (sets) or {@code key(m)} (maps), the name a bind
 * marker there has in prepared metadata. Keys are compared in the key type's order.
 *
 * <p>Thread safety: stateless.
 */
final class ElementSelections {

    private ElementSelections() {
    }

    /**
     * @param selectedName the selected value as written ({@code m}, {@code u.m}), for messages and the key's name
     * @param type         the selected value's type
     * @param selectionType "Element" or "Slice"
     * @return the receiver of the key or a bound: {@code value(s)} of the element type for a set, {@code key(m)} of
     *         the key type for a map
     * @throws CqlException 0x2200 with Cassandra's messages: "Invalid element selection: m is of type int is not a
     *         collection" (sic), "Invalid slice selection: m of type int is not a collection", "Element selection is
     *         only allowed on sets and maps, but l is a list"
     */
    static ColumnSpec keySpec(String keyspace, String table, String selectedName, CqlType type,
                              String selectionType) {
        if (!(type instanceof CollectionType collection)) {
            throw CqlException.invalid(selectionType.equals("Element")
                    ? "Invalid element selection: " + selectedName + " is of type " + type.cqlName()
                            + " is not a collection"
                    : "Invalid slice selection: " + selectedName + " of type " + type.cqlName()
                            + " is not a collection");
        }
        return switch (collection.kind()) {
            case LIST -> throw CqlException.invalid(selectionType + " selection is only allowed on sets and maps,"
                    + " but " + selectedName + " is a list");
            case SET -> new ColumnSpec(keyspace, table, "value(" + selectedName + ")", collection.elements());
            case MAP -> new ColumnSpec(keyspace, table, "key(" + selectedName + ")", collection.elements());
        };
    }

    /** @return the type an element selection yields: the map's value type, or the set's element type */
    static CqlType elementType(CollectionType type) {
        return type.kind() == CollectionType.Kind.MAP ? type.values() : type.elements();
    }

    /**
     * Checks a bound element key ({@code ElementsSelector.newElementFactory}).
     *
     * @throws CqlException "Invalid null value for element selection on m", "Invalid unset value for element
     *         selection on m"
     */
    static void checkKey(byte[] key, String selectedName) {
        if (QueryOptions.isUnset(key)) {
            throw CqlException.invalid("Invalid unset value for element selection on " + selectedName);
        }
        if (key == null) {
            throw CqlException.invalid("Invalid null value for element selection on " + selectedName);
        }
    }

    /**
     * Checks a bound slice bound (unset means no bound).
     *
     * @throws CqlException "Invalid null value for slice selection on m"
     */
    static void checkBound(byte[] bound, String selectedName) {
        if (bound == null) {
            throw CqlException.invalid("Invalid null value for slice selection on " + selectedName);
        }
    }

    /**
     * @param collection a serialized set or map, not null
     * @param key        the serialized key
     * @return the set element equal to {@code key} or the value of map key {@code key}; null when absent
     */
    static byte[] element(CollectionType type, byte[] collection, byte[] key) {
        if (collection.length == 0) {
            return null;
        }
        boolean map = type.kind() == CollectionType.Kind.MAP;
        List<byte[]> parts = type.split(collection);
        for (int i = 0; i < parts.size(); i += map ? 2 : 1) {
            if (type.elements().compare(parts.get(i), key) == 0) {
                return parts.get(map ? i + 1 : i);
            }
        }
        return null;
    }

    /**
     * @param collection a serialized set or map, not null
     * @param from       the inclusive lower bound, or null / unset for none
     * @param to         the inclusive upper bound, or null / unset for none
     * @return the elements (entries) whose key lies within the bounds; with none, null for a non-frozen collection
     *         and the empty collection for a frozen one (Cassandra's {@code getSliceFromSerialized})
     */
    static byte[] slice(CollectionType type, byte[] collection, byte[] from, byte[] to) {
        boolean noFrom = from == null || QueryOptions.isUnset(from);
        boolean noTo = to == null || QueryOptions.isUnset(to);
        if (noFrom && noTo) {
            return collection;
        }
        boolean map = type.kind() == CollectionType.Kind.MAP;
        int step = map ? 2 : 1;
        List<byte[]> parts = collection.length == 0 ? List.of() : type.split(collection);
        List<byte[]> selected = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += step) {
            byte[] key = parts.get(i);
            boolean afterFrom = noFrom || type.elements().compare(from, key) <= 0;
            boolean beforeTo = noTo || type.elements().compare(key, to) <= 0;
            if (afterFrom && beforeTo) {
                selected.addAll(parts.subList(i, i + step));
            }
        }
        if (selected.isEmpty() && !type.frozen()) {
            return null;
        }
        return CollectionType.join(selected, selected.size() / step);
    }
}
