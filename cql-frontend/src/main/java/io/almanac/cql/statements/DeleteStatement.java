package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A prepared {@code DELETE [c1, c2] FROM table [USING TIMESTAMP ts] WHERE ...} (reference §5.1), mapped onto the
 * mutation model:
 * <ul>
 *   <li>only the partition key restricted, no columns: a partition deletion;</li>
 *   <li>the full primary key, no columns: a row deletion;</li>
 *   <li>a clustering prefix ({@code =} and IN, single- or multi-column) or such a prefix followed by a slice
 *       ({@code c > 1}, {@code (c, d) > (1, 2)}), no columns: a {@link RangeTombstone} per clustering slice
 *       ({@link ClusteringSlices}: one per IN value, and more where a tuple slice spans ASC and DESC columns),
 *       bounds in storage order; an empty slice ({@code c > 5 AND c < 3}) deletes nothing, as in Cassandra's
 *       {@code ModificationStatement.addUpdates};</li>
 *   <li>columns listed: a cell tombstone per column in each named row (the full primary key is required: "Range
 *       deletions are not supported for specific columns").</li>
 *   <li>collection elements listed ({@code DELETE m[k], l[i]}): the collection cell rewritten from its current
 *       value on the shard writer ({@link ColumnOperation}); with {@code IF} conditions the statement is a
 *       lightweight transaction ({@link ReadModifyWrites}).</li>
 * </ul>
 * Every deletion is {@code DeletionTime(timestamp, now)}; it shadows data written at or before its timestamp, so a
 * delete wins a timestamp tie.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class DeleteStatement extends TableModification {

    private final List<ColumnMetadata> columns;
    private final Restrictions where;
    private final boolean wholePartition;
    private final boolean clusteringRange;
    private final List<ColumnOperation> elements;
    private final ColumnConditions conditions;

    private DeleteStatement(TableTarget target, List<ColumnMetadata> columns, Restrictions where,
                            boolean wholePartition, boolean clusteringRange, List<ColumnOperation> elements,
                            ColumnConditions conditions, WriteAttributes attributes, BindVariables variables) {
        super(target, attributes, variables);
        this.columns = List.copyOf(columns);
        this.where = where;
        this.wholePartition = wholePartition;
        this.clusteringRange = clusteringRange;
        this.elements = List.copyOf(elements);
        this.conditions = conditions;
    }

    /** Prepares a stand-alone DELETE. */
    static DeleteStatement prepare(ParsedStatement.Delete delete, int markerCount, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        DeleteStatement prepared = prepare(delete, variables, sessionKeyspace, schema, systemTables);
        return new DeleteStatement(prepared.target, prepared.columns, prepared.where, prepared.wholePartition,
                prepared.clusteringRange, prepared.elements, prepared.conditions, prepared.attributes, variables);
    }

    /**
     * Prepares a DELETE whose markers are recorded in {@code variables} (shared by the statements of a BATCH).
     *
     * @throws CqlException 0x2100 for system keyspaces, 0x2200 with Cassandra's messages otherwise
     */
    static DeleteStatement prepare(ParsedStatement.Delete delete, BindVariables variables, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables) {
        TableTarget.checkModifiable(TableTarget.keyspace(delete.table().keyspace(), sessionKeyspace),
                systemTables);
        TableTarget target = TableTarget.resolve(delete.table(), sessionKeyspace, schema, systemTables);
        TableMetadata table = target.metadata();
        List<ColumnMetadata> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : delete.columns()) {
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw StatementErrors.undefinedColumn(name, table);
            }
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Invalid identifier " + name + " for deletion (should not be a PRIMARY"
                        + " KEY part)");
            }
            if (seen.add(name)) {
                columns.add(column);
            }
        }
        List<ColumnOperation> elements = new ArrayList<>();
        for (ParsedStatement.Delete.Element element : delete.elements()) {
            elements.add(ColumnOperation.prepareDeletion(element, table, variables));
        }
        UpdateStatement.checkCounterAttributes(table, false, delete.timestamp() != null);
        WriteAttributes attributes = WriteAttributes.prepare(null, delete.timestamp(), table, variables);
        Restrictions where = Restrictions.prepare(table, delete.where(), variables);
        Restrictions.ClusteringShape shape = where.validateForModification("DELETE");
        boolean hasClustering = !table.clusteringColumns().isEmpty();
        List<ColumnMetadata> modified = new ArrayList<>(columns);
        elements.forEach(element -> modified.add(element.column()));
        boolean staticOnly = StaticColumns.allStatic(modified);
        if (staticOnly && shape != Restrictions.ClusteringShape.NONE) {
            throw CqlException.invalid("Invalid restrictions on clustering columns since the DELETE statement"
                    + " modifies only static columns");
        }
        boolean specificColumns = !columns.isEmpty() || !elements.isEmpty();
        if (specificColumns && !staticOnly && (shape == Restrictions.ClusteringShape.RANGE
                || (hasClustering && shape == Restrictions.ClusteringShape.NONE))) {
            throw CqlException.invalid("Range deletions are not supported for specific columns");
        }
        ColumnConditions conditions = delete.conditions() == null ? null
                : ColumnConditions.prepare(delete.conditions(), table, variables);
        if (conditions != null) {
            UpdateStatement.checkConditional(table, delete.where(), delete.timestamp() != null);
            if (shape == Restrictions.ClusteringShape.RANGE || (hasClustering
                    && shape == Restrictions.ClusteringShape.NONE && conditions.hasColumnConditions())) {
                throw CqlException.invalid("DELETE statements must restrict all PRIMARY KEY columns with equality"
                        + " relations in order to use IF conditions");
            }
        }
        boolean wholePartition = !specificColumns && shape == Restrictions.ClusteringShape.NONE;
        return new DeleteStatement(target, columns, where, wholePartition, shape == Restrictions.ClusteringShape.RANGE,
                elements, conditions, attributes, null);
    }

    @Override
    public ColumnConditions conditions() {
        return conditions;
    }

    /**
     * Element deletions read the collection; counter deletions go through the shard writer too so that they carry
     * the writer's timestamp, which later increments (also written with it) always exceed.
     */
    @Override
    public boolean readsCurrentRows() {
        return !elements.isEmpty() || isCounter();
    }

    @Override
    public boolean isCounter() {
        return target.metadata().regularColumns().stream()
                .anyMatch(c -> c.type() == io.almanac.storage.schema.NativeType.COUNTER);
    }

    @Override
    public List<DecoratedKey> partitionKeys(List<byte[]> bound) {
        return where.partitionKeys(bound).stream().map(Restrictions.PartitionKey::key).toList();
    }

    @Override
    public List<Clustering> clusterings(List<byte[]> bound) {
        return wholePartition || clusteringRange || staticOnly() ? List.of() : where.clusterings(bound);
    }

    /** @return whether the statement deletes only static columns (or their elements) */
    private boolean staticOnly() {
        List<ColumnMetadata> modified = new ArrayList<>(columns);
        elements.forEach(element -> modified.add(element.column()));
        return StaticColumns.allStatic(modified);
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds, CurrentRows current) {
        List<Mutation> mutations = new ArrayList<>();
        for (Mutation mutation : mutations(bound, timestampMicros, nowSeconds)) {
            if (!mutation.key().equals(current.key())) {
                continue;
            }
            if (elements.isEmpty()) {
                mutations.add(mutation);
                continue;
            }
            TableMetadata table = target.metadata();
            List<Row> rows = new ArrayList<>();
            List<Row> written = new ArrayList<>(mutation.rows());
            boolean staticElements = elements.stream().anyMatch(e -> e.column().kind() == ColumnKind.STATIC);
            if (staticElements && written.stream().noneMatch(row -> row.clustering().isStatic())) {
                written.add(new Row(Clustering.STATIC, null, null, new Cell[table.regularColumns().size()]));
            }
            for (Row row : written) {
                Cell[] cells = row.cells().clone();
                for (ColumnOperation element : elements) {
                    if ((element.column().kind() == ColumnKind.STATIC) != row.clustering().isStatic()) {
                        continue;
                    }
                    int index = table.regularIndex(element.column().name());
                    Cell now = cells[index] != null ? cells[index] : current.cell(row.clustering(), index);
                    Cell changed = element.apply(bound, now == null || now.isTombstone() ? null : now,
                            timestampMicros, 0, nowSeconds);
                    if (changed != null) {
                        cells[index] = changed;
                    }
                }
                rows.add(new Row(row.clustering(), row.marker(), row.deletion(), cells));
            }
            mutations.add(new Mutation(table, mutation.key(), mutation.partitionDeletion(), rows,
                    mutation.rangeTombstones()));
        }
        return mutations;
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        TableMetadata table = target.metadata();
        DeletionTime deletion = new DeletionTime(timestampMicros, nowSeconds);
        if (clusteringRange) {
            return rangeDeletions(table, bound, deletion);
        }
        List<Clustering> clusterings = wholePartition ? List.of() : where.clusterings(bound);
        List<Mutation> mutations = new ArrayList<>();
        for (Restrictions.PartitionKey key : where.partitionKeys(bound)) {
            if (wholePartition) {
                mutations.add(new Mutation(table, key.key(), deletion, List.of()));
                continue;
            }
            List<Row> rows;
            if (columns.isEmpty() && elements.isEmpty()) {
                rows = new ArrayList<>(clusterings.size());
                for (Clustering clustering : clusterings) {
                    rows.add(new Row(clustering, null, deletion, new Cell[table.regularColumns().size()]));
                }
            } else {
                rows = StaticColumns.rows(table, staticOnly() ? List.of() : clusterings, null, null,
                        tombstones(table, timestampMicros, nowSeconds));
            }
            mutations.add(Mutation.of(table, key.key(), rows));
        }
        return mutations;
    }

    /** @return one mutation per partition holding a range tombstone per clustering slice; none for empty slices */
    private List<Mutation> rangeDeletions(TableMetadata table, List<byte[]> bound, DeletionTime deletion) {
        List<RangeTombstone> tombstones = new ArrayList<>();
        for (Slice slice : where.slices(bound)) {
            tombstones.add(new RangeTombstone(
                    new ClusteringBound(slice.start().prefix(), slice.start().inclusive()),
                    new ClusteringBound(slice.end().prefix(), slice.end().inclusive()), deletion));
        }
        List<Restrictions.PartitionKey> keys = where.partitionKeys(bound);
        if (tombstones.isEmpty()) {
            return List.of();
        }
        List<Mutation> mutations = new ArrayList<>(keys.size());
        for (Restrictions.PartitionKey key : keys) {
            mutations.add(new Mutation(table, key.key(), null, List.of(), tombstones));
        }
        return mutations;
    }

    private Cell[] tombstones(TableMetadata table, long timestampMicros, long nowSeconds) {
        Cell[] cells = new Cell[table.regularColumns().size()];
        for (ColumnMetadata column : columns) {
            cells[table.regularIndex(column.name())] = Cell.tombstone(timestampMicros, nowSeconds);
        }
        return cells;
    }
}
