package io.almanac.cql.statements;

import io.almanac.cql.parser.ColumnDefinition;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.DroppedColumn;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ALTER TABLE (Cassandra's {@code AlterTableStatement}, with its checks and messages): ADD columns, DROP columns
 * (recorded in {@code dropped_columns} with the statement's timestamp, or USING TIMESTAMP, so their data never comes
 * back), RENAME primary key columns, WITH options (the options not named keep their values; compaction options are
 * validated by the strategy). Runs on the executor, answers Schema_change UPDATED TABLE (Void when nothing changed,
 * e.g. every column of ADD IF NOT EXISTS existed) and tells the schema change listeners. Prepared statements on the
 * table see a different table definition and are re-prepared by the driver ({@link TableTarget#isCurrent}).
 *
 * <p>Thread safety: immutable.
 */
final class AlterTableStatement implements CqlStatement {

    private final ParsedStatement.AlterTable alter;
    private final String keyspace;

    private AlterTableStatement(ParsedStatement.AlterTable alter, String keyspace) {
        this.alter = alter;
        this.keyspace = keyspace;
    }

    /**
     * @throws CqlException 0x2100 for system keyspaces, 0x2000 / 0x2200 / 0x2300 (ConfigurationException) for options
     *         that cannot be valid for any table
     */
    static CqlStatement prepare(ParsedStatement.AlterTable alter, String sessionKeyspace, VirtualTables systemTables) {
        String keyspace = TableTarget.keyspace(alter.table().keyspace(), sessionKeyspace);
        TableTarget.checkSchemaModifiable(keyspace, systemTables);
        if (alter.action() instanceof ParsedStatement.AlterOptions options) {
            checkAlterable(options);
            TableOptions.build(options.properties(), TableParams.DEFAULT);
        }
        return new AlterTableStatement(alter, keyspace);
    }

    private static void checkAlterable(ParsedStatement.AlterOptions options) {
        if (options.properties().simple().containsKey("id")) {
            throw new ConfigurationException("Cannot alter table id.");
        }
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        String name = alter.table().name();
        long nowMicros = context.defaultTimestampMicros(options);
        ResultMessage.SchemaChange event = new ResultMessage.SchemaChange("UPDATED", "TABLE", keyspace, name);
        return context.changeSchema(() -> {
            TableMetadata table = context.engine().schema().table(keyspace, name);
            if (table == null) {
                if (alter.ifExists()) {
                    return false;
                }
                throw CqlException.invalid("Table '" + keyspace + "." + name + "' doesn't exist");
            }
            TableMetadata altered = apply(table, nowMicros, context.engine().schema());
            if (altered.equals(table)) {
                return false;
            }
            context.engine().alterTable(altered);
            return true;
        }, event);
    }

    private TableMetadata apply(TableMetadata table, long nowMicros, Schema schema) {
        ParsedStatement.AlterTableAction action = alter.action();
        if (action instanceof ParsedStatement.AddColumns add) {
            return addColumns(table, add, schema);
        }
        if (action instanceof ParsedStatement.DropColumns drop) {
            return dropColumns(table, drop, drop.timestampMicros() != null ? drop.timestampMicros() : nowMicros);
        }
        if (action instanceof ParsedStatement.RenameColumns rename) {
            return renameColumns(table, rename);
        }
        if (action instanceof ParsedStatement.AlterOptions options) {
            return table.withParams(TableOptions.build(options.properties(), table.params()));
        }
        throw CqlException.invalid(((ParsedStatement.RefusedAlter) action).message());
    }

    private static TableMetadata addColumns(TableMetadata table, ParsedStatement.AddColumns add, Schema schema) {
        List<ColumnMetadata> columns = new ArrayList<>(table.columns());
        for (ColumnDefinition column : add.columns()) {
            String name = column.name();
            if (columns.stream().anyMatch(existing -> existing.name().equals(name))) {
                if (add.ifNotExists()) {
                    continue;
                }
                throw CqlException.invalid("Column with name '" + name + "' already exists");
            }
            boolean isStatic = add.staticColumns().contains(name);
            if (isStatic && table.clusteringColumns().isEmpty()) {
                throw CqlException.invalid("Static columns are only useful (and thus allowed) if the table has at"
                        + " least one clustering column");
            }
            if (column.type() == NativeType.COUNTER) {
                throw StatementErrors.unsupported("Counter columns are");
            }
            DroppedColumn dropped = table.droppedColumns().get(name);
            CqlType type = UserTypes.resolve(column.type(), table.keyspace(), schema);
            if (dropped != null && !dropped.type().cqlName().equals(type.cqlName())) {
                throw CqlException.invalid("Cannot re-add previously dropped column '" + name + "' of type "
                        + type.cqlName() + ", incompatible with previous type " + dropped.type().cqlName());
            }
            ColumnKind kind = isStatic ? ColumnKind.STATIC : ColumnKind.REGULAR;
            if (dropped != null && dropped.kind() != kind) {
                throw CqlException.invalid("Cannot re-add previously dropped column '" + name + "' of kind "
                        + kind.name() + ", incompatible with previous kind " + dropped.kind().name());
            }
            columns.add(new ColumnMetadata(name, type, kind, -1, ClusteringOrder.NONE));
        }
        return new TableMetadata(table.keyspace(), table.name(), table.id(), columns, table.params(),
                table.droppedColumns());
    }

    private static TableMetadata dropColumns(TableMetadata table, ParsedStatement.DropColumns drop,
                                             long droppedTimeMicros) {
        List<ColumnMetadata> columns = new ArrayList<>(table.columns());
        Map<String, DroppedColumn> dropped = new LinkedHashMap<>(table.droppedColumns());
        for (String name : drop.columns()) {
            ColumnMetadata column = table.column(name);
            if (column == null || !columns.contains(column)) {
                if (drop.ifExists()) {
                    continue;
                }
                throw CqlException.invalid("Column " + name + " was not found in table '" + table + "'");
            }
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Cannot drop PRIMARY KEY column " + name);
            }
            columns.remove(column);
            dropped.put(name, new DroppedColumn(name, column.type(), column.kind(), droppedTimeMicros));
        }
        return new TableMetadata(table.keyspace(), table.name(), table.id(), columns, table.params(), dropped);
    }

    private static TableMetadata renameColumns(TableMetadata table, ParsedStatement.RenameColumns rename) {
        List<ColumnMetadata> columns = new ArrayList<>(table.columns());
        for (Map.Entry<String, String> entry : rename.renames().entrySet()) {
            String from = entry.getKey();
            String to = entry.getValue();
            int index = indexOf(columns, from);
            if (index < 0) {
                if (rename.ifExists()) {
                    continue;
                }
                throw CqlException.invalid("Column " + from + " was not found in table " + table);
            }
            ColumnMetadata column = columns.get(index);
            if (!column.isPrimaryKey()) {
                throw CqlException.invalid("Cannot rename non PRIMARY KEY column " + from);
            }
            if (indexOf(columns, to) >= 0) {
                throw CqlException.invalid("Cannot rename column " + from + " to " + to + " in table '" + table
                        + "'; another column with that name already exists");
            }
            columns.set(index, new ColumnMetadata(to, column.type(), column.kind(), column.position(),
                    column.order()));
        }
        return new TableMetadata(table.keyspace(), table.name(), table.id(), columns, table.params(),
                table.droppedColumns());
    }

    private static int indexOf(List<ColumnMetadata> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
