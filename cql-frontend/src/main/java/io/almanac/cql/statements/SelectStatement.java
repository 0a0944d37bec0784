package io.almanac.cql.statements;

import io.almanac.cql.parser.Ordering;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A prepared SELECT (Cassandra's {@code SelectStatement}). Stored tables are read through
 * {@link StoredTableQuery} on the read executor; virtual tables are filtered in memory by
 * {@link VirtualTableQuery}.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class SelectStatement implements CqlStatement {

    private final TableTarget target;
    private final Selection selection;
    private final Restrictions restrictions;
    private final boolean reversed;
    private final boolean ordered;
    private final PreparedTerm limit;
    private final PreparedTerm perPartitionLimit;
    private final List<ColumnSpec> bindVariables;
    private final int[] partitionKeyBindIndexes;
    private final RowFilter filter;
    private final boolean distinct;
    private final Aggregation aggregation;
    private final ResultMetadata jsonMetadata;

    private SelectStatement(TableTarget target, Selection selection, Aggregation aggregation,
                            Restrictions restrictions, boolean reversed, boolean ordered, PreparedTerm limit,
                            PreparedTerm perPartitionLimit, BindVariables variables, boolean distinct,
                            boolean json) {
        this.target = target;
        this.selection = selection;
        this.aggregation = aggregation;
        this.restrictions = restrictions;
        this.reversed = reversed;
        this.ordered = ordered;
        this.limit = limit;
        this.perPartitionLimit = perPartitionLimit;
        this.bindVariables = variables.specs();
        this.partitionKeyBindIndexes = variables.partitionKeyIndexes(target.metadata().partitionKeyColumns());
        this.filter = target.isVirtual() ? RowFilter.NONE : restrictions.filter();
        this.distinct = distinct;
        this.jsonMetadata = json ? JsonEncoder.metadata(target.metadata().keyspace(), target.metadata().name())
                : null;
    }

    /** @throws CqlException 0x2200 (or the engine's InvalidRequestException) when the SELECT is not valid */
    static SelectStatement prepare(ParsedStatement.Select select, int markerCount, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        TableTarget target = TableTarget.resolve(select.table(), sessionKeyspace, schema, systemTables);
        TableMetadata table = target.metadata();
        BindVariables variables = new BindVariables(markerCount, functions);
        Restrictions restrictions = Restrictions.prepare(table, select.where(), variables,
                select.allowFiltering() || target.isVirtual());
        Aggregation aggregation = Aggregation.prepare(table, select.selectors(), select.groupBy(),
                column -> isRestrictedByEqual(restrictions, column), functions, select.perPartitionLimit() != null,
                variables);
        Selection selection = aggregation != null ? aggregation.inputs()
                : Selection.prepare(table, select.selectors(), functions, variables);
        if (aggregation != null && (target.isVirtual() || select.distinct())) {
            throw StatementErrors.unsupported("Aggregates and GROUP BY on virtual tables and with DISTINCT are");
        }
        if (target.isVirtual()) {
            restrictions.validateForVirtualTable(select.allowFiltering());
        } else {
            restrictions.validateForStoredTable(select.allowFiltering());
        }
        if (!target.isVirtual() && restrictions.isRangeScan() && !select.orderings().isEmpty()) {
            throw CqlException.invalid("ORDER BY is only supported when the partition key is restricted by an EQ"
                    + " or an IN.");
        }
        if (select.distinct()) {
            if (select.perPartitionLimit() != null) {
                throw CqlException.invalid("PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries");
            }
            validateDistinct(target, selection, restrictions);
        }
        if (select.perPartitionLimit() != null && aggregation != null && select.groupBy().isEmpty()) {
            // Cassandra's SelectStatement.prepare: only AGGREGATE_EVERYTHING refuses it; with GROUP BY it counts
            // groups per partition (DataLimits.CQLGroupByLimits)
            throw CqlException.invalid("PER PARTITION LIMIT is not allowed with aggregate queries.");
        }
        if (select.perPartitionLimit() != null && target.isVirtual()) {
            throw StatementErrors.unsupported("PER PARTITION LIMIT on virtual tables is");
        }
        boolean reversed = reversed(table, select.orderings());
        PreparedTerm limit = select.limit() == null ? null : TermPreparer.prepare(select.limit(),
                new ColumnSpec(table.keyspace(), table.name(), "[limit]", NativeType.INT), variables, null);
        PreparedTerm perPartitionLimit = select.perPartitionLimit() == null ? null
                : TermPreparer.prepare(select.perPartitionLimit(), new ColumnSpec(table.keyspace(), table.name(),
                        "[per_partition_limit]", NativeType.INT), variables, null);
        return new SelectStatement(target, selection, aggregation, restrictions, reversed,
                !select.orderings().isEmpty(), limit, perPartitionLimit, variables, select.distinct(),
                select.json());
    }

    private static boolean isRestrictedByEqual(Restrictions restrictions, ColumnMetadata column) {
        for (ColumnRestriction restriction : restrictions.all()) {
            if (column.equals(restriction.column()) && restriction.isEqual()) {
                return true;
            }
        }
        return false;
    }

    private static void validateDistinct(TableTarget target, Selection selection, Restrictions restrictions) {
        if (target.isVirtual()) {
            throw StatementErrors.unsupported("SELECT DISTINCT on virtual tables is");
        }
        selection.validateDistinct();
        if (!restrictions.restrictsOnlyPartitionKey()) {
            throw CqlException.invalid("SELECT DISTINCT with WHERE clause only supports restriction by partition key"
                    + " and/or static columns.");
        }
    }

    /** @return whether ORDER BY asks for the reverse of the clustering order */
    private static boolean reversed(TableMetadata table, List<Ordering> orderings) {
        boolean reversed = false;
        for (int i = 0; i < orderings.size(); i++) {
            Ordering ordering = orderings.get(i);
            ColumnMetadata column = table.column(ordering.column());
            if (column == null) {
                throw StatementErrors.undefinedColumn(ordering.column(), table);
            }
            if (column.kind() != ColumnKind.CLUSTERING) {
                throw CqlException.invalid("Order by is currently only supported on the clustered columns of the"
                        + " PRIMARY KEY, got " + column.name());
            }
            if (column.position() != i) {
                throw CqlException.invalid("Order by currently only supports the ordering of columns following"
                        + " their declared order in the PRIMARY KEY");
            }
            boolean columnReversed = ordering.descending() != (column.order() == ClusteringOrder.DESC);
            if (i == 0) {
                reversed = columnReversed;
            } else if (columnReversed != reversed) {
                throw CqlException.invalid("Unsupported order by relation");
            }
        }
        return reversed;
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return bindVariables;
    }

    @Override
    public int[] partitionKeyBindIndexes() {
        return partitionKeyBindIndexes.clone();
    }

    @Override
    public ResultMetadata resultMetadata() {
        if (jsonMetadata != null) {
            return jsonMetadata;
        }
        return aggregation != null ? aggregation.metadata() : selection.metadata();
    }

    @Override
    public boolean isValid(Schema schema) {
        return target.isCurrent(schema);
    }

    TableTarget target() {
        return target;
    }

    Selection selection() {
        return selection;
    }

    Restrictions restrictions() {
        return restrictions;
    }

    boolean reversed() {
        return reversed;
    }

    /** SELECT JSON turns each row of the result into its JSON text ({@link JsonEncoder}). */
    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        CompletableFuture<ResultMessage> result = read(context, options);
        if (jsonMetadata == null) {
            return result;
        }
        return result.thenApply(rows -> JsonEncoder.rows((ResultMessage.Rows) rows, jsonMetadata));
    }

    private CompletableFuture<ResultMessage> read(ExecutionContext context, QueryOptions options) {
        List<byte[]> values = options.values();
        int rowLimit = bindLimit(limit, values, "limit", "LIMIT");
        int partitionLimit = bindLimit(perPartitionLimit, values, "per partition limit", "PER PARTITION LIMIT");
        int pageSize = options.pageSize() > 0 ? options.pageSize() : Integer.MAX_VALUE;
        long nowSeconds = context.nowSeconds(options);
        Selection selection = this.selection.bind(values);
        if (target.isVirtual()) {
            PagingState paging = options.pagingState() == null ? null
                    : PagingState.deserialize(options.pagingState(), true);
            return CompletableFuture.completedFuture(
                    new VirtualTableQuery(this, values, rowLimit, pageSize, paging).execute());
        }
        RowFilter.Bound boundFilter = filter.isEmpty() ? null : filter.bind(values);
        if (aggregation != null) {
            return aggregate(context, values, boundFilter, nowSeconds, rowLimit, partitionLimit);
        }
        if (restrictions.isRangeScan()) {
            PagingState paging = options.pagingState() == null ? null
                    : PagingState.deserializeRange(options.pagingState());
            RangeScanQuery scan = new RangeScanQuery(context.engine(), target.metadata(), selection, boundFilter,
                    restrictions.tokenRange(values), distinct, nowSeconds).perPartitionLimit(partitionLimit);
            return context.submit(() -> scan.readPage(rowLimit, pageSize, paging));
        }
        List<Restrictions.PartitionKey> keys = restrictions.partitionKeys(values);
        List<Slice> slices = restrictions.slices(values);
        if (ordered && keys.size() > 1 && pageSize != Integer.MAX_VALUE) {
            throw CqlException.invalid("Cannot page queries with both ORDER BY and a IN restriction on the partition"
                    + " key; you must either remove the ORDER BY or the IN and sort client side, or disable paging"
                    + " for this query");
        }
        PagingState paging = options.pagingState() == null ? null
                : PagingState.deserialize(options.pagingState(), false);
        StoredTableQuery query = new StoredTableQuery(context.engine(), target.metadata(), selection, keys, slices,
                reversed, nowSeconds, boundFilter, distinct).perPartitionLimit(partitionLimit);
        if (ordered && keys.size() > 1) {
            return context.submit(() -> query.readSorted(rowLimit));
        }
        return context.submit(() -> query.readPage(rowLimit, pageSize, paging));
    }

    /** Reads every matching row in internal pages and aggregates them (see {@link Aggregation}). */
    private CompletableFuture<ResultMessage> aggregate(ExecutionContext context, List<byte[]> values,
                                                       RowFilter.Bound boundFilter, long nowSeconds, int rowLimit,
                                                       int groupsPerPartition) {
        Selection selection = this.selection.bind(values);
        int pageRows = Aggregation.INPUT_PAGE_ROWS;
        if (restrictions.isRangeScan()) {
            RangeScanQuery scan = new RangeScanQuery(context.engine(), target.metadata(), selection, boundFilter,
                    restrictions.tokenRange(values), false, nowSeconds);
            return context.submit(() -> aggregation.execute(paging -> scan.readPage(Integer.MAX_VALUE, pageRows,
                    paging == null ? null : PagingState.deserializeRange(paging)), rowLimit, groupsPerPartition));
        }
        StoredTableQuery query = new StoredTableQuery(context.engine(), target.metadata(), selection,
                restrictions.partitionKeys(values), restrictions.slices(values), reversed, nowSeconds, boundFilter,
                false);
        return context.submit(() -> aggregation.execute(paging -> query.readPage(Integer.MAX_VALUE, pageRows,
                paging == null ? null : PagingState.deserialize(paging, false)), rowLimit, groupsPerPartition));
    }

    /**
     * @return the value of LIMIT or PER PARTITION LIMIT, or {@link Integer#MAX_VALUE} without it (or with an unset
     *         marker)
     * @throws CqlException 0x2200 "Invalid null value of limit" / "LIMIT must be strictly positive" (Cassandra's
     *         messages, with {@code name} and {@code keyword})
     */
    private static int bindLimit(PreparedTerm term, List<byte[]> values, String name, String keyword) {
        if (term == null) {
            return Integer.MAX_VALUE;
        }
        byte[] value = term.bind(values);
        if (QueryOptions.isUnset(value)) {
            return Integer.MAX_VALUE;
        }
        if (value == null || value.length == 0) {
            throw CqlException.invalid("Invalid null value of " + name);
        }
        int rows = ByteBuffer.wrap(value).getInt();
        if (rows <= 0) {
            throw CqlException.invalid(keyword + " must be strictly positive");
        }
        return rows;
    }
}
