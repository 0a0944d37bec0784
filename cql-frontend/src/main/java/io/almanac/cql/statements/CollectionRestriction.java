package io.almanac.cql.statements;

import io.almanac.cql.parser.Relation;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;

/**
 * The restrictions of a WHERE clause on the elements of one collection column (Cassandra's
 * {@code SingleColumnRestriction.ContainsRestriction}): {@code c CONTAINS v} (a list or set element, a map value),
 * {@code m CONTAINS KEY k} and map entry equality {@code m[k] = v}, any number of each, on a frozen or non-frozen
 * collection. Almanac has no secondary indexes, so these are always evaluated as filters on the rows read (ALLOW
 * FILTERING, {@link RowFilter}); a row whose collection is null matches none of them.
 *
 * <p>Bind markers are named as in Cassandra ({@code CollectionType.makeCollectionReceiver}): {@code value(c)} with
 * the element type (the value type for a map) for CONTAINS and map entry values, {@code key(m)} with the key type
 * for CONTAINS KEY and map entry keys.
 *
 * <p>Thread safety: mutable while the statement is prepared, then never modified (safely published through the
 * prepared statement).
 */
final class CollectionRestriction {

    private final ColumnMetadata column;
    private final CollectionType type;
    private final List<PreparedTerm> values = new ArrayList<>();
    private final List<PreparedTerm> keys = new ArrayList<>();
    private final List<PreparedTerm[]> entries = new ArrayList<>();

    private CollectionRestriction(ColumnMetadata column, CollectionType type) {
        this.column = column;
        this.type = type;
    }

    /**
     * @return whether the relation restricts the elements of a collection ({@code CONTAINS}, {@code CONTAINS KEY},
     *         {@code m[k] op v})
     */
    static boolean isCollectionRelation(Relation relation) {
        return relation.operator().isContains() || relation.mapKey() != null;
    }

    /**
     * Checks a relation on a whole column with the rules of Cassandra's {@code SingleColumnRelation.toReceivers}
     * that concern collections and user-defined types.
     *
     * @throws CqlException "Collection column 'c' (type) cannot be restricted by a '=' relation" for a non-frozen
     *         collection, "Non-frozen UDT column 'u' (type) cannot be restricted by any relation"
     */
    static void checkWholeColumnRelation(ColumnMetadata column, Relation relation) {
        CqlType type = column.type();
        if (type instanceof UserType user && !user.frozen()) {
            throw CqlException.invalid("Non-frozen UDT column '" + column.name() + "' (" + type.cqlName()
                    + ") cannot be restricted by any relation");
        }
        if (type instanceof CollectionType collection && !collection.frozen()) {
            throw CqlException.invalid("Collection column '" + column.name() + "' (" + type.cqlName()
                    + ") cannot be restricted by a '" + relation.operator().cql() + "' relation");
        }
    }

    /**
     * @return a new, empty restriction on {@code column}, after checking that {@code relation} fits its type
     * @throws CqlException with Cassandra's messages for CONTAINS on a non-collection, CONTAINS KEY on a non-map,
     *         map entry relations on lists, non-maps and frozen maps, and operators other than {@code =} there
     */
    static CollectionRestriction create(ColumnMetadata column, Relation relation) {
        check(column, relation);
        return new CollectionRestriction(column, (CollectionType) column.type());
    }

    private static void check(ColumnMetadata column, Relation relation) {
        CqlType type = column.type();
        String name = column.name();
        boolean map = type instanceof CollectionType c && c.kind() == CollectionType.Kind.MAP;
        if (relation.operator() == Relation.Operator.CONTAINS_KEY && !map) {
            throw CqlException.invalid("Cannot use CONTAINS KEY on non-map column " + name);
        }
        if (relation.operator() == Relation.Operator.CONTAINS && !(type instanceof CollectionType)) {
            throw CqlException.invalid("Cannot use CONTAINS on non-collection column " + name);
        }
        if (relation.mapKey() != null) {
            if (type instanceof CollectionType c && c.kind() == CollectionType.Kind.LIST) {
                throw CqlException.invalid("Indexes on list entries (" + name + "[index] = value) are not currently"
                        + " supported.");
            }
            if (!map) {
                throw CqlException.invalid("Column " + name + " cannot be used as a map");
            }
            if (((CollectionType) type).frozen()) {
                throw CqlException.invalid("Map-entry equality predicates on frozen map column " + name
                        + " are not supported");
            }
            if (relation.operator() != Relation.Operator.EQ) {
                throw CqlException.invalid("Only EQ relations are supported on map entries");
            }
        }
    }

    ColumnMetadata column() {
        return column;
    }

    /**
     * Adds one relation (checked with {@link #create} rules first).
     *
     * @throws CqlException as {@link #create}
     */
    void add(Relation relation, ColumnSpec columnSpec, BindVariables variables) {
        check(column, relation);
        boolean map = type.kind() == CollectionType.Kind.MAP;
        ColumnSpec key = spec(columnSpec, "key(", type.elements());
        ColumnSpec value = spec(columnSpec, "value(", map ? type.values() : type.elements());
        if (relation.mapKey() != null) {
            PreparedTerm entryKey = TermPreparer.prepare(relation.mapKey(), key, variables, null);
            PreparedTerm entryValue = TermPreparer.prepare(relation.values().get(0), value, variables, null);
            entries.add(new PreparedTerm[] {entryKey, entryValue});
        } else if (relation.operator() == Relation.Operator.CONTAINS_KEY) {
            keys.add(TermPreparer.prepare(relation.values().get(0), key, variables, null));
        } else {
            values.add(TermPreparer.prepare(relation.values().get(0), value, variables, null));
        }
    }

    private static ColumnSpec spec(ColumnSpec column, String role, CqlType type) {
        return new ColumnSpec(column.keyspace(), column.table(), role + column.name() + ")", type);
    }

    /**
     * @return the restriction with this execution's values
     * @throws CqlException for null or unset values
     */
    Bound bind(List<byte[]> bound) {
        List<byte[]> boundValues = new ArrayList<>(values.size());
        values.forEach(term -> boundValues.add(nonNull(term.bind(bound), "value")));
        List<byte[]> boundKeys = new ArrayList<>(keys.size());
        keys.forEach(term -> boundKeys.add(nonNull(term.bind(bound), "value")));
        List<byte[][]> boundEntries = new ArrayList<>(entries.size());
        for (PreparedTerm[] entry : entries) {
            boundEntries.add(new byte[][] {nonNull(entry[0].bind(bound), "map key"),
                    nonNull(entry[1].bind(bound), "map value")});
        }
        return new Bound(boundValues, boundKeys, boundEntries);
    }

    private byte[] nonNull(byte[] value, String what) {
        if (value == null) {
            throw CqlException.invalid("Unsupported null " + what + " for column " + column.name());
        }
        if (QueryOptions.isUnset(value)) {
            throw CqlException.invalid("Unsupported unset " + what + " for column " + column.name());
        }
        return value;
    }

    /** The restriction of one execution. */
    final class Bound {
        private final List<byte[]> containedValues;
        private final List<byte[]> containedKeys;
        private final List<byte[][]> containedEntries;

        private Bound(List<byte[]> values, List<byte[]> keys, List<byte[][]> entries) {
            this.containedValues = values;
            this.containedKeys = keys;
            this.containedEntries = entries;
        }

        ColumnMetadata column() {
            return column;
        }

        /** @return whether the serialized collection (null: none) holds every value, key and entry */
        boolean matches(byte[] collection) {
            if (collection == null || collection.length == 0) {
                return false;
            }
            for (byte[] value : containedValues) {
                if (!CollectionOperations.contains(type, collection, value, false)) {
                    return false;
                }
            }
            for (byte[] key : containedKeys) {
                if (!CollectionOperations.contains(type, collection, key, true)) {
                    return false;
                }
            }
            for (byte[][] entry : containedEntries) {
                byte[] value = CollectionOperations.element(type, collection, entry[0]);
                if (value == null || type.values().compare(value, entry[1]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
