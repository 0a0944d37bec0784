package io.almanac.cql.statements;

import io.almanac.cql.parser.QualifiedName;
import io.almanac.cql.system.VirtualTable;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.Set;

/**
 * The table a statement reads or writes: a stored table of the engine's schema, or a virtual table
 * ({@code system.local}, {@code system_schema.*}, ...).
 *
 * @param metadata the table's definition
 * @param virtual  the virtual table, or null for a stored table
 */
record TableTarget(TableMetadata metadata, VirtualTable virtual) {

    /** Keyspaces no user may write to or change, whether or not {@link VirtualTables} lists them. */
    static final Set<String> SYSTEM_KEYSPACES = Set.of("system", "system_schema", "system_virtual_schema");

    boolean isVirtual() {
        return virtual != null;
    }

    /**
     * @return whether the table still exists in {@code schema} as it was (same id, same definition); virtual tables
     *         always do
     */
    boolean isCurrent(Schema schema) {
        if (virtual != null) {
            return true;
        }
        TableMetadata current = schema.table(metadata.keyspace(), metadata.name());
        // an ALTERed table (same id, other columns or options) also makes prepared statements re-prepare, as
        // Cassandra evicts them on a table update
        return current != null && (current == metadata || current.equals(metadata));
    }

    /**
     * @return the keyspace a statement names or, for an unqualified name, the session's
     * @throws io.almanac.cql.query.CqlException when neither is set
     */
    static String keyspace(String named, String sessionKeyspace) {
        if (named != null) {
            return named;
        }
        if (sessionKeyspace == null) {
            throw StatementErrors.noKeyspace();
        }
        return sessionKeyspace;
    }

    /** @return whether {@code keyspace} is read-only for users (system keyspaces) */
    static boolean isSystemKeyspace(String keyspace, VirtualTables systemTables) {
        return SYSTEM_KEYSPACES.contains(keyspace) || systemTables.isVirtualKeyspace(keyspace);
    }

    /** @throws io.almanac.cql.query.CqlException 0x2100 when {@code keyspace} is a system keyspace */
    static void checkModifiable(String keyspace, VirtualTables systemTables) {
        if (isSystemKeyspace(keyspace, systemTables)) {
            throw StatementErrors.notUserModifiable(keyspace);
        }
    }

    /**
     * For DDL (CREATE/DROP KEYSPACE and TABLE): like {@link #checkModifiable}, and {@code system_auth} too, whose
     * schema the authenticator owns (its tables' data stay writable by superusers, as in Cassandra).
     *
     * @throws io.almanac.cql.query.CqlException 0x2100 "x keyspace is not user-modifiable."
     */
    static void checkSchemaModifiable(String keyspace, VirtualTables systemTables) {
        checkModifiable(keyspace, systemTables);
        if (keyspace.equals(io.almanac.cql.auth.RolesTable.KEYSPACE)) {
            throw StatementErrors.notUserModifiable(keyspace);
        }
    }

    /**
     * @return the table named {@code name}
     * @throws InvalidRequestException "keyspace x does not exist" / "table y does not exist", Cassandra 5.0's
     *                                 texts ({@code Schema.validateTable}; 3.x said "unconfigured table y")
     */
    static TableTarget resolve(QualifiedName name, String sessionKeyspace, Schema schema,
                               VirtualTables systemTables) {
        String keyspace = keyspace(name.keyspace(), sessionKeyspace);
        VirtualTable virtual = systemTables.table(keyspace, name.name());
        if (virtual != null) {
            return new TableTarget(virtual.metadata(), virtual);
        }
        if (isSystemKeyspace(keyspace, systemTables)) {
            throw unknownTable(name.name());
        }
        KeyspaceMetadata keyspaceMetadata = schema.keyspaces().get(keyspace);
        if (keyspaceMetadata == null) {
            throw new InvalidRequestException("keyspace " + keyspace + " does not exist");
        }
        TableMetadata table = keyspaceMetadata.tables().get(name.name());
        if (table == null) {
            throw unknownTable(name.name());
        }
        return new TableTarget(table, null);
    }

    /** @return Cassandra 5.0's error for a table that does not exist ({@code Schema.validateTable}) */
    static InvalidRequestException unknownTable(String table) {
        return new InvalidRequestException("table " + table + " does not exist");
    }
}
