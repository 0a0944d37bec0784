package io.almanac.storage.engine;

import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyspace changes of CREATE / ALTER / DROP TYPE, as pure functions of the keyspace, with Cassandra's messages
 * (CreateTypeStatement, AlterTypeStatement, DropTypeStatement).
 *
 * <p>Thread safety: stateless; the engine applies the results under its DDL lock.
 */
final class UserTypeSchema {

    private UserTypeSchema() {
    }

    /**
     * @return the keyspace with {@code type} added, or null when it exists and {@code ifNotExists}
     * @throws InvalidRequestException when a type of that name exists
     */
    static KeyspaceMetadata create(KeyspaceMetadata keyspace, UserType type, boolean ifNotExists) {
        if (keyspace.types().containsKey(type.name())) {
            if (ifNotExists) {
                return null;
            }
            throw new InvalidRequestException("A user type with name '" + type.name() + "' already exists");
        }
        return keyspace.withType(type);
    }

    /**
     * @return the keyspace with the new definition of an existing type; tables and types using it are rewritten
     * @throws InvalidRequestException when the type does not exist
     */
    static KeyspaceMetadata alter(KeyspaceMetadata keyspace, UserType type) {
        if (!keyspace.types().containsKey(type.name())) {
            throw new InvalidRequestException("Type '" + keyspace.name() + "." + type.name() + "' doesn't exist");
        }
        return keyspace.withType(type);
    }

    /**
     * @return the keyspace without the type, or null when it does not exist and {@code ifExists}
     * @throws InvalidRequestException when it does not exist, or is still used by another type or a table
     */
    static KeyspaceMetadata drop(KeyspaceMetadata keyspace, String typeName, boolean ifExists) {
        if (!keyspace.types().containsKey(typeName)) {
            if (ifExists) {
                return null;
            }
            throw new InvalidRequestException("Type '" + keyspace.name() + "." + typeName + "' doesn't exist");
        }
        List<String> types = new ArrayList<>();
        for (UserType other : keyspace.types().values()) {
            if (!other.name().equals(typeName) && other.fieldTypes().stream()
                    .anyMatch(t -> UserType.references(t, keyspace.name(), typeName))) {
                types.add(other.name());
            }
        }
        String what = "'" + keyspace.name() + "." + typeName + "'";
        if (!types.isEmpty()) {
            throw new InvalidRequestException("Cannot drop user type " + what + " as it is still used by user types "
                    + String.join(", ", types));
        }
        List<String> tables = new ArrayList<>();
        for (TableMetadata table : keyspace.tables().values()) {
            for (ColumnMetadata column : table.columns()) {
                if (UserType.references(column.type(), keyspace.name(), typeName)) {
                    tables.add(table.name());
                    break;
                }
            }
        }
        if (!tables.isEmpty()) {
            throw new InvalidRequestException("Cannot drop user type " + what + " as it is still used by tables "
                    + String.join(", ", tables));
        }
        return keyspace.withoutType(typeName);
    }
}
