package io.almanac.cql.statements;

import io.almanac.cql.auth.DataResource;
import io.almanac.cql.parser.ColumnDefinition;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CREATE TABLE and DROP TABLE (Cassandra's {@code CreateTableStatement} / {@code DropTableStatement} checks and
 * messages). The table definition is checked when the statement is prepared; each execution creates the table with
 * a new random table id. Both run on the executor and answer Schema_change (CREATED/DROPPED TABLE) or Void. The
 * creator is granted every permission on the new table; a drop removes the grants on it.
 *
 * <p>Thread safety: stateless.
 */
final class TableStatements {

    private TableStatements() {
    }

    /** @throws CqlException 0x2100 for system keyspaces, 0x2200/0x2300 for invalid definitions and options */
    static CqlStatement create(ParsedStatement.CreateTable create, String sessionKeyspace,
                               VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(create.table().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        String name = create.table().name();
        KeyspaceOptions.checkName("Table", name);
        List<ColumnMetadata> columns = columns(create, name);
        TableParams params = TableOptions.build(create.properties());
        if (params.defaultTimeToLiveSeconds() > 0
                && columns.stream().anyMatch(column -> column.type() == NativeType.COUNTER)) {
            throw CqlException.invalid("Cannot set default_time_to_live on a table with counters");
        }
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("CREATED", "TABLE", keyspace, name);
        return new KeyspaceStatements.Ddl((context, state) -> context.changeSchema(() -> {
            if (context.engine().schema().keyspace(keyspace) == null) {
                throw CqlException.invalid("Keyspace '" + keyspace + "' doesn't exist");
            }
            TableMetadata table = new TableMetadata(keyspace, name, UUID.randomUUID(),
                    UserTypes.resolveColumns(columns, keyspace, context.engine().schema()), params);
            boolean created = context.engine().createTable(table, create.ifNotExists());
            if (created) {
                AccessControl.grantToCreator(context, state, DataResource.table(keyspace, name));
            }
            return created;
        }, event));
    }

    /** @throws CqlException 0x2100 for system keyspaces */
    static CqlStatement drop(ParsedStatement.DropTable drop, String sessionKeyspace, VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(drop.table().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        String name = drop.table().name();
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("DROPPED", "TABLE", keyspace, name);
        return new KeyspaceStatements.Ddl((context, state) -> context.changeSchema(() -> {
            if (context.engine().schema().keyspace(keyspace) == null) {
                if (drop.ifExists()) {
                    return false;
                }
                throw CqlException.invalid("Keyspace '" + keyspace + "' doesn't exist");
            }
            if (context.engine().schema().table(keyspace, name) == null) {
                if (drop.ifExists()) {
                    return false;
                }
                throw CqlException.invalid("Table '" + keyspace + "." + name + "' doesn't exist");
            }
            boolean dropped = context.engine().dropTable(keyspace, name, drop.ifExists());
            if (dropped) {
                AccessControl.revokeAllOn(context, DataResource.table(keyspace, name));
            }
            return dropped;
        }, event));
    }

    private static List<ColumnMetadata> columns(ParsedStatement.CreateTable create, String table) {
        Map<String, CqlType> types = new LinkedHashMap<>();
        Set<String> statics = new HashSet<>();
        create.columns().stream().filter(ColumnDefinition::isStatic).forEach(c -> statics.add(c.name()));
        for (ColumnDefinition column : create.columns()) {
            if (types.put(column.name(), column.type()) != null) {
                throw CqlException.invalid("Multiple definition of identifier " + column.name());
            }
        }
        Set<String> keyColumns = new HashSet<>();
        List<String> primaryKey = new ArrayList<>(create.partitionKey());
        primaryKey.addAll(create.clusteringColumns());
        for (String column : primaryKey) {
            CqlType type = types.get(column);
            if (type == null) {
                throw CqlException.invalid("Unknown definition " + column + " referenced in PRIMARY KEY");
            }
            if (!keyColumns.add(column)) {
                throw CqlException.invalid("Duplicate column '" + column + "' in PRIMARY KEY clause for table '"
                        + table + "'");
            }
            if (type instanceof CollectionType collection && !collection.frozen()) {
                throw CqlException.invalid("Invalid non-frozen collection type " + type.cqlName()
                        + " for PRIMARY KEY component " + column);
            }
            if (referencesDuration(type)) {
                throw CqlException.invalid("duration type is not supported for PRIMARY KEY column '" + column + "'");
            }
            if (type == NativeType.COUNTER) {
                throw CqlException.invalid("counter type is not supported for PRIMARY KEY column '" + column + "'");
            }
        }
        checkStaticColumns(create);
        checkCounterColumns(types, keyColumns);
        Map<String, Boolean> descending = clusteringOrder(create);
        List<ColumnMetadata> columns = new ArrayList<>();
        types.forEach((name, type) -> {
            int partition = create.partitionKey().indexOf(name);
            int clustering = create.clusteringColumns().indexOf(name);
            if (partition >= 0) {
                columns.add(new ColumnMetadata(name, type, ColumnKind.PARTITION_KEY, partition, ClusteringOrder.NONE));
            } else if (clustering >= 0) {
                columns.add(new ColumnMetadata(name, type, ColumnKind.CLUSTERING, clustering,
                        descending.getOrDefault(name, false) ? ClusteringOrder.DESC : ClusteringOrder.ASC));
            } else {
                columns.add(new ColumnMetadata(name, type, statics.contains(name) ? ColumnKind.STATIC
                        : ColumnKind.REGULAR, -1, ClusteringOrder.NONE));
            }
        });
        return columns;
    }

    /** @return whether {@code type} is or contains duration (Cassandra's {@code AbstractType.referencesDuration}) */
    private static boolean referencesDuration(CqlType type) {
        if (type instanceof TupleType tuple) {
            return tuple.componentTypes().stream().anyMatch(TableStatements::referencesDuration);
        }
        if (type instanceof CollectionType collection) {
            return referencesDuration(collection.elements())
                    || (collection.values() != null && referencesDuration(collection.values()));
        }
        if (type instanceof UserType user) {
            return user.fieldTypes().stream().anyMatch(TableStatements::referencesDuration);
        }
        return type == NativeType.DURATION;
    }

    /** @throws CqlException with Cassandra's messages for a static key column or statics without clustering */
    private static void checkStaticColumns(ParsedStatement.CreateTable create) {
        for (ColumnDefinition column : create.columns()) {
            if (!column.isStatic()) {
                continue;
            }
            if (create.partitionKey().contains(column.name()) || create.clusteringColumns().contains(column.name())) {
                throw CqlException.invalid("Static column " + column.name() + " cannot be part of the PRIMARY KEY");
            }
            if (create.clusteringColumns().isEmpty()) {
                throw CqlException.invalid("Static columns are only useful (and thus allowed) if the table has at"
                        + " least one clustering column");
            }
        }
    }

    /**
     * A table with counters has only counters besides its primary key (Cassandra's CreateTableStatement): a counter
     * is a read-modify-write of a bigint cell, never set directly, and Cassandra refuses to mix them.
     */
    private static void checkCounterColumns(Map<String, CqlType> types, Set<String> keyColumns) {
        long counters = types.values().stream().filter(type -> type == NativeType.COUNTER).count();
        long regular = types.size() - keyColumns.size();
        if (counters > 0 && counters < regular) {
            throw CqlException.invalid("Cannot mix counter and non counter columns in the same table");
        }
    }

    /** @return the CLUSTERING ORDER BY directions, checked against the clustering columns */
    private static Map<String, Boolean> clusteringOrder(ParsedStatement.CreateTable create) {
        List<String> clustering = create.clusteringColumns();
        int position = 0;
        for (String column : create.clusteringOrder().keySet()) {
            if (!clustering.contains(column)) {
                throw CqlException.invalid("Only clustering key columns can be defined in CLUSTERING ORDER"
                        + " directive");
            }
            if (!clustering.get(position).equals(column)) {
                throw CqlException.invalid("The order of columns in the CLUSTERING ORDER directive must match that"
                        + " of the clustering columns (" + clustering.get(position) + " must appear before "
                        + column + ")");
            }
            position++;
        }
        if (position > 0 && position < clustering.size()) {
            throw CqlException.invalid("Missing CLUSTERING ORDER for column " + clustering.get(position));
        }
        return create.clusteringOrder();
    }
}
