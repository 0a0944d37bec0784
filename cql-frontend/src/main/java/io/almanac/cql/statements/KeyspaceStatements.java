package io.almanac.cql.statements;

import io.almanac.cql.auth.DataResource;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.KeyspaceMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CREATE KEYSPACE and DROP KEYSPACE. Both run on the executor (the engine persists the schema) and answer
 * Schema_change (CREATED/DROPPED KEYSPACE) after telling the schema change listeners, or Void when IF [NOT] EXISTS
 * made them no-ops. The creator is granted every permission on the new keyspace; a drop removes the grants on the
 * keyspace and its tables (Cassandra's {@code grantPermissionsToCreator} and {@code AuthSchemaChangeListener}).
 *
 * <p>Thread safety: immutable.
 */
final class KeyspaceStatements {

    private KeyspaceStatements() {
    }

    /** @throws CqlException 0x2100 for system keyspaces; option errors as {@link KeyspaceOptions#build} */
    static CqlStatement create(ParsedStatement.CreateKeyspace create, VirtualTables systemTables) {
        TableTarget.checkSchemaModifiable(create.keyspace(), systemTables);
        KeyspaceMetadata keyspace = KeyspaceOptions.build(create.keyspace(), create.properties());
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("CREATED", "KEYSPACE", keyspace.name(), "");
        return new Ddl((context, state) -> context.changeSchema(() -> {
            boolean created = context.engine().createKeyspace(keyspace, create.ifNotExists());
            if (created) {
                AccessControl.grantToCreator(context, state, DataResource.keyspace(keyspace.name()));
            }
            return created;
        }, event));
    }

    /** @throws CqlException 0x2100 for system keyspaces */
    static CqlStatement drop(ParsedStatement.DropKeyspace drop, VirtualTables systemTables) {
        TableTarget.checkSchemaModifiable(drop.keyspace(), systemTables);
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("DROPPED", "KEYSPACE", drop.keyspace(), "");
        return new Ddl((context, state) -> context.changeSchema(() -> {
            KeyspaceMetadata dropped = context.engine().schema().keyspace(drop.keyspace());
            if (dropped == null) {
                if (drop.ifExists()) {
                    return false;
                }
                throw CqlException.invalid("Keyspace '" + drop.keyspace() + "' doesn't exist");
            }
            boolean changed = context.engine().dropKeyspace(drop.keyspace(), drop.ifExists());
            if (changed) {
                for (String table : dropped.tables().keySet()) {
                    AccessControl.revokeAllOn(context, DataResource.table(drop.keyspace(), table));
                }
                AccessControl.revokeAllOn(context, DataResource.keyspace(drop.keyspace()));
            }
            return changed;
        }, event));
    }

    /**
     * ALTER KEYSPACE (Cassandra's {@code AlterKeyspaceStatement}): replication and durable_writes; answers
     * Schema_change UPDATED KEYSPACE, or Void when IF EXISTS found no keyspace or nothing changed.
     *
     * @throws CqlException 0x2100 for system keyspaces
     */
    static CqlStatement alter(ParsedStatement.AlterKeyspace alter, VirtualTables systemTables) {
        TableTarget.checkSchemaModifiable(alter.keyspace(), systemTables);
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("UPDATED", "KEYSPACE", alter.keyspace(), "");
        return new Ddl((context, state) -> context.changeSchema(() -> {
            KeyspaceMetadata existing = context.engine().schema().keyspace(alter.keyspace());
            if (existing == null) {
                if (alter.ifExists()) {
                    return false;
                }
                throw CqlException.invalid("Keyspace '" + alter.keyspace() + "' doesn't exist");
            }
            KeyspaceMetadata altered = KeyspaceOptions.alter(existing, alter.properties());
            if (altered.equals(existing)) {
                return false;
            }
            context.engine().alterKeyspace(altered);
            return true;
        }, event));
    }

    /** A DDL statement: no bind variables, no rows; the action is the whole execution. */
    static final class Ddl implements CqlStatement {
        interface Action {
            /** @param state the executing connection's state (its role, for role statements) */
            CompletableFuture<ResultMessage> run(ExecutionContext context, ClientState state);
        }

        private final Action action;

        Ddl(Action action) {
            this.action = action;
        }

        @Override
        public List<ColumnSpec> bindVariables() {
            return List.of();
        }

        @Override
        public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                        QueryOptions options) {
            return action.run(context, state);
        }
    }
}
