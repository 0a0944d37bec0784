package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.UserType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CREATE TYPE, ALTER TYPE (ADD a field, RENAME fields) and DROP TYPE, with the checks and messages of Cassandra's
 * {@code CreateTypeStatement}, {@code AlterTypeStatement} and {@code DropTypeStatement}. Field types are resolved
 * against the schema when the statement runs; each answers Schema_change (CREATED / UPDATED / DROPPED TYPE), or Void
 * when IF [NOT] EXISTS made it a no-op.
 *
 * <p>Thread safety: stateless.
 */
final class TypeStatements {

    private TypeStatements() {
    }

    /** @throws CqlException 0x2100 for system keyspaces, 0x2200 for duplicate fields */
    static CqlStatement create(ParsedStatement.CreateType create, String sessionKeyspace,
                               VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(create.type().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        String name = create.type().name();
        Set<String> seen = new HashSet<>();
        for (String field : create.fieldNames()) {
            if (!seen.add(field)) {
                throw CqlException.invalid("Duplicate field name " + field + " in type " + name);
            }
        }
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("CREATED", "TYPE", keyspace, name);
        return new KeyspaceStatements.Ddl((context, state) -> context.changeSchema(() -> {
            Schema schema = context.engine().schema();
            requireKeyspace(schema, keyspace);
            List<CqlType> types = create.fieldTypes().stream().map(t -> fieldType(t, keyspace, name, schema))
                    .toList();
            return context.engine().createType(new UserType(keyspace, name, create.fieldNames(), types, false),
                    create.ifNotExists());
        }, event));
    }

    /** @throws CqlException 0x2100 for system keyspaces */
    static CqlStatement alter(ParsedStatement.AlterType alter, String sessionKeyspace, VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(alter.type().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        String name = alter.type().name();
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("UPDATED", "TYPE", keyspace, name);
        return new KeyspaceStatements.Ddl((context, state) -> context.changeSchema(() -> {
            Schema schema = context.engine().schema();
            UserType type = existing(schema, keyspace, name, alter.ifExists());
            if (type == null) {
                return false;
            }
            UserType altered = alter.addedField() != null ? added(alter, type, schema) : renamed(alter, type);
            if (altered == null) {
                return false;
            }
            context.engine().alterType(altered);
            return true;
        }, event));
    }

    /** @throws CqlException 0x2100 for system keyspaces */
    static CqlStatement drop(ParsedStatement.DropType drop, String sessionKeyspace, VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(drop.type().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        String name = drop.type().name();
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("DROPPED", "TYPE", keyspace, name);
        return new KeyspaceStatements.Ddl((context, state) -> context.changeSchema(() -> {
            if (existing(context.engine().schema(), keyspace, name, drop.ifExists()) == null) {
                return false;
            }
            return context.engine().dropType(keyspace, name, drop.ifExists());
        }, event));
    }

    private static KeyspaceMetadata requireKeyspace(Schema schema, String keyspace) {
        KeyspaceMetadata metadata = schema.keyspace(keyspace);
        if (metadata == null) {
            throw CqlException.invalid("Keyspace '" + keyspace + "' doesn't exist");
        }
        return metadata;
    }

    /** @return the type, or null when it (or its keyspace) does not exist and {@code ifExists} */
    private static UserType existing(Schema schema, String keyspace, String name, boolean ifExists) {
        KeyspaceMetadata metadata = schema.keyspace(keyspace);
        UserType type = metadata == null ? null : metadata.types().get(name);
        if (type == null && !ifExists) {
            requireKeyspace(schema, keyspace);
            throw CqlException.invalid("Type '" + keyspace + "." + name + "' doesn't exist");
        }
        return type;
    }

    /** @return a field type resolved in {@code keyspace}; counters and non-frozen user types are refused */
    private static CqlType fieldType(CqlType parsed, String keyspace, String typeName, Schema schema) {
        CqlType type = UserTypes.resolve(parsed, keyspace, schema);
        if (type == NativeType.COUNTER) {
            throw CqlException.invalid("A user type cannot contain counters");
        }
        if (type instanceof UserType user && !user.frozen()) {
            throw CqlException.invalid("A user type cannot contain non-frozen UDTs");
        }
        if (UserType.references(type, keyspace, typeName)) {
            throw CqlException.invalid("Cannot add new field to type " + keyspace + "." + typeName
                    + " as it would create a circular reference");
        }
        return type;
    }

    /** @return the type with the added field, or null when it exists and IF NOT EXISTS */
    private static UserType added(ParsedStatement.AlterType alter, UserType type, Schema schema) {
        String field = alter.addedField();
        if (type.fieldIndex(field) >= 0) {
            if (alter.ifFieldPresence()) {
                return null;
            }
            throw CqlException.invalid("Cannot add new field " + field + " to type " + type.keyspace() + "."
                    + type.name() + ": a field with name " + field + " already exists");
        }
        return type.withField(field, fieldType(alter.addedType(), type.keyspace(), type.name(), schema));
    }

    /** @return the type with its fields renamed, or null when none exists and IF EXISTS */
    private static UserType renamed(ParsedStatement.AlterType alter, UserType type) {
        UserType renamed = type;
        for (Map.Entry<String, String> rename : alter.renames().entrySet()) {
            if (renamed.fieldIndex(rename.getKey()) < 0) {
                if (alter.ifFieldPresence()) {
                    continue;
                }
                throw CqlException.invalid("Unkown field " + rename.getKey() + " in user type " + type.keyspace()
                        + "." + type.name());
            }
            if (renamed.fieldIndex(rename.getValue()) >= 0) {
                throw CqlException.invalid("Duplicate field name " + rename.getValue() + " in type "
                        + type.keyspace() + "." + type.name());
            }
            renamed = renamed.withFieldRenamed(rename.getKey(), rename.getValue());
        }
        return renamed == type ? null : renamed;
    }
}
