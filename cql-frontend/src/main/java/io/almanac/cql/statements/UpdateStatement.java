package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnKind;
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
 * the column; collections are set whole. Counter increments ({@code c = c + v}), collection element operations
 * ({@link ColumnOperation}) and {@code IF} conditions ({@link ColumnConditions}) make the statement a
 * read-modify-write of each partition on its shard writer ({@link ReadModifyWrites}).
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class UpdateStatement extends TableModification {

    private final List<ColumnMetadata> columns;
    private final List<PreparedTerm> values;
    private final List<ColumnOperation> operations;
    private final ColumnConditions conditions;
    private final Restrictions where;

    private UpdateStatement(TableTarget target, List<ColumnMetadata> columns, List<PreparedTerm> values,
                            List<ColumnOperation> operations, ColumnConditions conditions, Restrictions where,
                            WriteAttributes attributes, BindVariables variables) {
        super(target, attributes, variables);
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.operations = List.copyOf(operations);
        this.conditions = conditions;
        this.where = where;
    }

    /** Prepares a stand-alone UPDATE. */
    static UpdateStatement prepare(ParsedStatement.Update update, int markerCount, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        UpdateStatement prepared = prepare(update, variables, sessionKeyspace, schema, systemTables);
        return new UpdateStatement(prepared.target, prepared.columns, prepared.values, prepared.operations,
                prepared.conditions, prepared.where, prepared.attributes, variables);
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
                throw CqlException.invalid("Cannot set the value of counter column " + name
                        + " (counters can only be incremented/decremented, not set)");
            }
            if (!seen.add(name)) {
                throw CqlException.invalid("Multiple incompatible setting of column " + name);
            }
            columns.add(column);
            values.add(TermPreparer.prepare(update.values().get(i), new ColumnSpec(table.keyspace(), table.name(),
                    name, column.type()), variables, column));
        }
        List<ColumnOperation> operations = new ArrayList<>();
        for (io.almanac.cql.parser.Operation operation : update.operations()) {
            ColumnOperation prepared = ColumnOperation.prepare(operation, table, variables);
            if (seen.contains(prepared.column().name())) {
                throw CqlException.invalid("Multiple incompatible setting of column " + prepared.column().name());
            }
            operations.add(prepared);
        }
        Restrictions where = Restrictions.prepare(table, update.where(), variables);
        Restrictions.ClusteringShape shape = where.validateForModification("UPDATE");
        List<ColumnMetadata> modified = new ArrayList<>(columns);
        operations.forEach(operation -> modified.add(operation.column()));
        boolean staticOnly = StaticColumns.allStatic(modified);
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
        checkCounterAttributes(table, update.timeToLive() != null, update.timestamp() != null);
        ColumnConditions conditions = update.conditions() == null ? null
                : ColumnConditions.prepare(update.conditions(), table, variables);
        if (conditions != null) {
            checkConditional(table, update.where(), update.timestamp() != null);
        }
        return new UpdateStatement(target, columns, values, operations, conditions, where, attributes, null);
    }

    /** @throws CqlException Cassandra's messages for USING TTL / TIMESTAMP on a counter table */
    static void checkCounterAttributes(TableMetadata table, boolean hasTtl, boolean hasTimestamp) {
        if (table.regularColumns().stream().anyMatch(c -> c.type() == NativeType.COUNTER)) {
            if (hasTimestamp) {
                throw CqlException.invalid("Cannot provide custom timestamp for counter updates");
            }
            if (hasTtl) {
                throw CqlException.invalid("Cannot provide custom TTL for counter updates");
            }
        }
    }

    /** @throws CqlException Cassandra's messages for IN on key columns or USING TIMESTAMP with IF conditions */
    static void checkConditional(TableMetadata table, List<io.almanac.cql.parser.Relation> relations,
                                 boolean hasTimestamp) {
        if (hasTimestamp) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional updates");
        }
        for (io.almanac.cql.parser.Relation relation : relations) {
            if (relation.operator() != io.almanac.cql.parser.Relation.Operator.IN || relation.isToken()) {
                continue;
            }
            if (relation.isMultiColumn()) {
                throw CqlException.invalid("IN on the clustering key columns is not supported with conditional"
                        + " updates");
            }
            ColumnMetadata column = table.column(relation.column());
            if (column != null && column.kind() == io.almanac.storage.schema.ColumnKind.PARTITION_KEY) {
                throw CqlException.invalid("IN on the partition key is not supported with conditional updates");
            }
            if (column != null && column.kind() == io.almanac.storage.schema.ColumnKind.CLUSTERING) {
                throw CqlException.invalid("IN on the clustering key columns is not supported with conditional"
                        + " updates");
            }
        }
    }

    private static String missingClustering(TableMetadata table, ParsedStatement.Update update) {
        Set<String> restricted = new HashSet<>();
        update.where().forEach(r -> {
            restricted.add(r.column());
            restricted.addAll(r.tupleColumns());
        });
        return String.join(", ", table.clusteringColumns().stream().map(ColumnMetadata::name)
                .filter(n -> !restricted.contains(n)).toList());
    }

    @Override
    public ColumnConditions conditions() {
        return conditions;
    }

    @Override
    public boolean readsCurrentRows() {
        return !operations.isEmpty();
    }

    @Override
    public boolean isCounter() {
        return operations.stream().anyMatch(ColumnOperation::isCounter);
    }

    @Override
    public List<DecoratedKey> partitionKeys(List<byte[]> bound) {
        return where.partitionKeys(bound).stream().map(Restrictions.PartitionKey::key).toList();
    }

    @Override
    public List<Clustering> clusterings(List<byte[]> bound) {
        return StaticColumns.allStatic(modifiedColumns()) ? List.of() : where.clusterings(bound);
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        return mutations(bound, timestampMicros, nowSeconds, null);
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds, CurrentRows current) {
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
        List<Clustering> clusterings = clusterings(bound);
        List<Mutation> mutations = new ArrayList<>();
        for (Restrictions.PartitionKey key : where.partitionKeys(bound)) {
            if (current != null && !current.key().equals(key.key())) {
                continue;
            }
            Cell[] withStatic = applyOperations(cells, Clustering.STATIC, true, current, bound, timestampMicros,
                    ttl, nowSeconds);
            List<Row> rows = new ArrayList<>(clusterings.size() + 1);
            Row staticRow = null;
            for (Row row : StaticColumns.rows(table, List.of(), null, null, withStatic)) {
                staticRow = row;
            }
            for (Clustering clustering : clusterings) {
                Cell[] rowCells = applyOperations(withStatic, clustering, false, current, bound, timestampMicros,
                        ttl, nowSeconds);
                for (Row row : StaticColumns.rows(table, List.of(clustering), null, null, rowCells)) {
                    if (!row.clustering().isStatic()) {
                        rows.add(row);
                    }
                }
            }
            if (staticRow != null) {
                rows.add(staticRow);
            }
            mutations.add(Mutation.of(table, key.key(), rows));
        }
        return mutations;
    }

    /** @return the columns the statement sets or operates on */
    private List<ColumnMetadata> modifiedColumns() {
        List<ColumnMetadata> modified = new ArrayList<>(columns);
        operations.forEach(operation -> modified.add(operation.column()));
        return modified;
    }

    /**
     * @param statics whether to apply the operations on static columns (read from the static row) or the others
     *                (read from the row at {@code clustering})
     * @return a copy of {@code cells} with those operations applied over the current values
     */
    private Cell[] applyOperations(Cell[] cells, Clustering clustering, boolean statics, CurrentRows current,
                                   List<byte[]> bound, long timestampMicros, int ttl, long nowSeconds) {
        TableMetadata table = target.metadata();
        Cell[] rowCells = cells.clone();
        for (ColumnOperation operation : operations) {
            if ((operation.column().kind() == ColumnKind.STATIC) != statics) {
                continue;
            }
            int index = table.regularIndex(operation.column().name());
            Cell now = rowCells[index] != null ? rowCells[index]
                    : current == null ? null : current.cell(clustering, index);
            Cell changed = operation.apply(bound, now == null || now.isTombstone() ? null : now,
                    timestampMicros, ttl, nowSeconds);
            if (changed != null) {
                rowCells[index] = changed;
            }
        }
        return rowCells;
    }
}
