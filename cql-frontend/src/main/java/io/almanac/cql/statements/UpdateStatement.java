package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A prepared {@code UPDATE table [USING TTL t [AND TIMESTAMP ts]] SET c = v, ... WHERE <primary key>}: one cell per
 * assigned column in each row the WHERE clause names (IN on key columns names several), and no row marker —
 * a row created only by UPDATE disappears once all its cells are deleted or expired (reference §5.1). A
 * {@code null} value writes a cell tombstone, an unset value writes nothing, an empty non-frozen collection deletes
 * the column; collections are set whole.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class UpdateStatement extends TableModification {

    private final List<ColumnMetadata> columns;
    private final List<PreparedTerm> values;
    private final Restrictions where;

    private UpdateStatement(TableTarget target, List<ColumnMetadata> columns, List<PreparedTerm> values,
                            Restrictions where, WriteAttributes attributes, BindVariables variables) {
        super(target, attributes, variables);
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.where = where;
    }

    /** Prepares a stand-alone UPDATE. */
    static UpdateStatement prepare(ParsedStatement.Update update, int markerCount, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        UpdateStatement prepared = prepare(update, variables, sessionKeyspace, schema, systemTables);
        return new UpdateStatement(prepared.target, prepared.columns, prepared.values, prepared.where,
                prepared.attributes, variables);
    }

    /**
     * Prepares an UPDATE whose markers are recorded in {@code variables} (shared by the statements of a BATCH).
     *
     * @throws CqlException 0x2100 for system keyspaces, 0x2200 with Cassandra's messages otherwise
     */
    static UpdateStatement prepare(ParsedStatement.Update update, BindVariables variables, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables) {
        TableTarget.checkModifiable(TableTarget.keyspace(update.table().keyspace(), sessionKeyspace),
                systemTables);
        TableTarget target = TableTarget.resolve(update.table(), sessionKeyspace, schema, systemTables);
        TableMetadata table = target.metadata();
        WriteAttributes attributes = WriteAttributes.prepare(update.timeToLive(), update.timestamp(), table,
                variables);
        List<ColumnMetadata> columns = new ArrayList<>();
        List<PreparedTerm> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < update.columns().size(); i++) {
            String name = update.columns().get(i);
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw StatementErrors.undefinedColumn(name, table);
            }
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("PRIMARY KEY part " + name + " found in SET part");
            }
            if (column.type() == NativeType.COUNTER) {
                throw StatementErrors.unsupported("Counter updates are");
            }
            if (!seen.add(name)) {
                throw CqlException.invalid("Multiple incompatible setting of column " + name);
            }
            columns.add(column);
            values.add(TermPreparer.prepare(update.values().get(i), new ColumnSpec(table.keyspace(), table.name(),
                    name, column.type()), variables, column));
        }
        Restrictions where = Restrictions.prepare(table, update.where(), variables);
        Restrictions.ClusteringShape shape = where.validateForModification("UPDATE");
        boolean staticOnly = StaticColumns.allStatic(columns);
        if (staticOnly && shape != Restrictions.ClusteringShape.NONE) {
            throw CqlException.invalid("Invalid restrictions on clustering columns since the UPDATE statement"
                    + " modifies only static columns");
        }
        if (!staticOnly && shape != Restrictions.ClusteringShape.FULL && !table.clusteringColumns().isEmpty()) {
            if (where.hasClusteringSlice()) {
                throw CqlException.invalid("Slice restrictions are not supported on the clustering columns in"
                        + " UPDATE statements");
            }
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering(table, update));
        }
        return new UpdateStatement(target, columns, values, where, attributes, null);
    }

    private static String missingClustering(TableMetadata table, ParsedStatement.Update update) {
        Set<String> restricted = new HashSet<>();
        update.where().forEach(r -> restricted.add(r.column()));
        return String.join(", ", table.clusteringColumns().stream().map(ColumnMetadata::name)
                .filter(n -> !restricted.contains(n)).toList());
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        TableMetadata table = target.metadata();
        int ttl = attributes.timeToLiveSeconds(bound, table);
        Cell[] cells = new Cell[table.regularColumns().size()];
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            byte[] value = values.get(i).bind(bound);
            if (!QueryOptions.isUnset(value)) {
                cells[table.regularIndex(column.name())] = value == null
                        || InsertStatement.isEmptyCollection(column, value)
                        ? Cell.tombstone(timestampMicros, nowSeconds)
                        : Cell.live(timestampMicros, ttl, nowSeconds, value);
            }
        }
        List<Clustering> clusterings = StaticColumns.allStatic(columns) ? List.of() : where.clusterings(bound);
        List<Mutation> mutations = new ArrayList<>();
        for (Restrictions.PartitionKey key : where.partitionKeys(bound)) {
            mutations.add(Mutation.of(table, key.key(), StaticColumns.rows(table, clusterings, null, null, cells)));
        }
        return mutations;
    }
}
