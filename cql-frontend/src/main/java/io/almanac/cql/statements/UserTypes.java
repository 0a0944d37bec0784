package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the user-defined types a statement names (parsed as placeholders without fields, see
 * {@code TermBuilder.type}) against the schema, with Cassandra's rules and messages: a user type may be used only in
 * its own keyspace, must exist, and is frozen inside frozen collections and tuples and must be frozen inside
 * non-frozen collections.
 *
 * <p>Thread safety: stateless.
 */
final class UserTypes {

    private UserTypes() {
    }

    /**
     * @param keyspace the keyspace of the statement (of the table or type being defined)
     * @return {@code type} with every user type replaced by its definition in the schema
     * @throws CqlException 0x2200 for an unknown type, a type of another keyspace, or a non-frozen user type inside
     *         a non-frozen collection
     */
    static CqlType resolve(CqlType type, String keyspace, Schema schema) {
        return resolve(type, keyspace, schema, false, false);
    }

    private static CqlType resolve(CqlType type, String keyspace, Schema schema, boolean insideFrozen,
                                   boolean insideCollection) {
        if (type instanceof UserType user) {
            String owner = user.keyspace().isEmpty() ? keyspace : user.keyspace();
            if (!owner.equals(keyspace)) {
                throw CqlException.invalid("Statement on keyspace " + keyspace + " cannot refer to a user type in"
                        + " keyspace " + owner + "; user types can only be used in the keyspace they are defined in");
            }
            KeyspaceMetadata metadata = schema.keyspace(keyspace);
            UserType defined = metadata == null ? null : metadata.types().get(user.name());
            if (defined == null) {
                throw CqlException.invalid("Unknown type " + keyspace + "." + user.name());
            }
            boolean frozen = user.frozen() || insideFrozen;
            if (!frozen && insideCollection) {
                throw CqlException.invalid("Non-frozen UDTs are not allowed inside collections: " + user.cqlName());
            }
            return defined.withFrozen(frozen);
        }
        if (type instanceof CollectionType collection) {
            boolean frozen = insideFrozen || collection.frozen();
            CqlType elements = resolve(collection.elements(), keyspace, schema, frozen, true);
            CqlType values = collection.values() == null ? null
                    : resolve(collection.values(), keyspace, schema, frozen, true);
            return new CollectionType(collection.kind(), elements, values, collection.frozen());
        }
        if (type instanceof TupleType tuple) {
            // tuple components are frozen (Cassandra's CQL3Type.Raw.RawTuple)
            return new TupleType(tuple.componentTypes().stream()
                    .map(t -> resolve(t, keyspace, schema, true, true)).toList());
        }
        return type;
    }

    /** @return the columns with their user types resolved ({@link #resolve}) */
    static List<ColumnMetadata> resolveColumns(List<ColumnMetadata> columns, String keyspace, Schema schema) {
        List<ColumnMetadata> resolved = new ArrayList<>(columns.size());
        for (ColumnMetadata column : columns) {
            CqlType type = resolve(column.type(), keyspace, schema);
            if (column.isPrimaryKey() && type instanceof UserType user && !user.frozen()) {
                throw CqlException.invalid("Invalid non-frozen user-defined type \"" + user.name()
                        + "\" for PRIMARY KEY column '" + column.name() + "'");
            }
            resolved.add(new ColumnMetadata(column.name(), type, column.kind(), column.position(), column.order()));
        }
        return resolved;
    }
}
