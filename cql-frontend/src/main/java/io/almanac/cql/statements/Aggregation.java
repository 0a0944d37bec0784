package io.almanac.cql.statements;

import io.almanac.cql.parser.Selector;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A SELECT with aggregates ({@code count(*)}, {@code count(c)}, {@code min}, {@code max}, {@code sum}, {@code avg})
 * and/or {@code GROUP BY} (Cassandra's {@code AggregationSpecification} and {@code Selection.ResultSetBuilder}).
 *
 * <p>The rows are read through an input {@link Selection} holding every value the aggregates, the plain selectors
 * and the group keys need, page after page of {@link #INPUT_PAGE_ROWS} rows; only the current group's state and the
 * finished groups are held. Groups are primary key prefixes (partition key columns in order, then clustering
 * columns in order; columns restricted by {@code =} may be left out), the last one possibly
 * {@code floor(clustering timestamp, duration)} (Cassandra 5.0), so rows of one group arrive one after another.
 * A selector that is not an aggregate takes its value from the group's first row, as in Cassandra. Without
 * GROUP BY the result is one row, also over no rows (count 0, sum and avg 0, min and max null).
 *
 * <p>Paging: every group is returned in the first page (no paging state), whatever the page size; LIMIT counts
 * groups, and so does PER PARTITION LIMIT with GROUP BY (Cassandra's {@code DataLimits.CQLGroupByLimits}: at most
 * that many groups of each partition; the partition key columns are then read as extra inputs).
 *
 * <p>Thread safety: immutable; each execution keeps its state in local variables.
 */
final class Aggregation {

    /** Rows asked of the read path per internal page. */
    static final int INPUT_PAGE_ROWS = 1000;

    private static final Set<String> AGGREGATES = Set.of("count", "min", "max", "sum", "avg");

    /** One result column: an aggregate over an input column, or an input column's first value in the group. */
    private record Output(Aggregate.Kind kind, int input, CqlType type) {
    }

    private final Selection inputs;
    private final List<Output> outputs;
    private final int[] groupKeys;
    private final int[] partitionKeys;
    private final ResultMetadata metadata;

    private Aggregation(Selection inputs, List<Output> outputs, int[] groupKeys, int[] partitionKeys,
                        ResultMetadata metadata) {
        this.inputs = inputs;
        this.outputs = List.copyOf(outputs);
        this.groupKeys = groupKeys.clone();
        this.partitionKeys = partitionKeys.clone();
        this.metadata = metadata;
    }

    /** @return whether the selector is a call of an aggregate function ({@code count(*)} included) */
    static boolean isAggregate(Selector selector) {
        if (selector.kind() == Selector.Kind.COUNT_ROWS) {
            return true;
        }
        if (selector.kind() != Selector.Kind.FUNCTION) {
            return false;
        }
        String name = NativeFunctions.simpleName(selector.function());
        return name != null && AGGREGATES.contains(name);
    }

    /**
     * @param selectors         the parsed selectors; empty for {@code *}
     * @param groupBy           the GROUP BY items
     * @param restrictedByEqual whether a primary key column is restricted by {@code =} (may be left out of GROUP BY)
     * @return the aggregation, or null when the SELECT has neither aggregates nor GROUP BY
     * @throws CqlException 0x2200 with Cassandra's messages for invalid GROUP BY items and aggregate arguments
     */
    static Aggregation prepare(TableMetadata table, List<Selector> selectors, List<Selector> groupBy,
                               Predicate<ColumnMetadata> restrictedByEqual, NativeFunctions functions) {
        return prepare(table, selectors, groupBy, restrictedByEqual, functions, false);
    }

    /**
     * @param countsPartitions whether PER PARTITION LIMIT applies (the partition key columns are then read too)
     * @see #prepare(TableMetadata, List, List, Predicate, NativeFunctions)
     */
    static Aggregation prepare(TableMetadata table, List<Selector> selectors, List<Selector> groupBy,
                               Predicate<ColumnMetadata> restrictedByEqual, NativeFunctions functions,
                               boolean countsPartitions) {
        return prepare(table, selectors, groupBy, restrictedByEqual, functions, countsPartitions, null);
    }

    /**
     * @param variables the statement's bind variables (markers in element selections), or null without any
     * @see #prepare(TableMetadata, List, List, Predicate, NativeFunctions, boolean)
     */
    static Aggregation prepare(TableMetadata table, List<Selector> selectors, List<Selector> groupBy,
                               Predicate<ColumnMetadata> restrictedByEqual, NativeFunctions functions,
                               boolean countsPartitions, BindVariables variables) {
        List<Selector> effective = selectors.isEmpty() ? Selection.selectAll(table) : selectors;
        if (groupBy.isEmpty() && effective.stream().noneMatch(Aggregation::isAggregate)) {
            return null;
        }
        validateGroupBy(table, groupBy, restrictedByEqual);
        List<Selector> inputSelectors = new ArrayList<>();
        List<Aggregate.Kind> kinds = new ArrayList<>();
        for (Selector selector : effective) {
            Aggregate.Kind kind = isAggregate(selector) ? kind(selector) : null;
            kinds.add(kind);
            if (kind != Aggregate.Kind.COUNT_ROWS) {
                inputSelectors.add(kind == null ? selector.withAlias(null) : argument(selector));
            }
        }
        inputSelectors.addAll(groupBy);
        if (countsPartitions) {
            table.partitionKeyColumns().forEach(c -> inputSelectors.add(new Selector(Selector.Kind.COLUMN,
                    List.of(c.name()), null)));
        }
        Selection inputs = Selection.prepare(table, inputSelectors, functions, variables);
        List<ColumnSpec> inputSpecs = inputs.metadata().columns();
        List<Output> outputs = new ArrayList<>();
        List<ColumnSpec> specs = new ArrayList<>();
        int input = 0;
        for (int i = 0; i < effective.size(); i++) {
            Aggregate.Kind kind = kinds.get(i);
            int index = kind == Aggregate.Kind.COUNT_ROWS ? -1 : input++;
            CqlType inputType = index < 0 ? null : inputSpecs.get(index).type();
            CqlType type = kind == null ? inputType : Aggregate.resultType(kind, inputType, effective.get(i));
            outputs.add(new Output(kind, index, type));
            Selector selector = effective.get(i);
            String name = selector.alias() != null ? selector.alias() : selector.defaultName();
            specs.add(new ColumnSpec(table.keyspace(), table.name(), name, type));
        }
        int[] groupKeys = new int[groupBy.size()];
        for (int i = 0; i < groupKeys.length; i++) {
            groupKeys[i] = input + i;
        }
        int[] partitionKeys = new int[countsPartitions ? table.partitionKeyColumns().size() : 0];
        for (int i = 0; i < partitionKeys.length; i++) {
            partitionKeys[i] = input + groupKeys.length + i;
        }
        return new Aggregation(inputs, outputs, groupKeys, partitionKeys, new ResultMetadata(specs));
    }

    private static Aggregate.Kind kind(Selector selector) {
        if (selector.kind() == Selector.Kind.COUNT_ROWS) {
            return Aggregate.Kind.COUNT_ROWS;
        }
        String name = NativeFunctions.simpleName(selector.function());
        if (selector.arguments().size() != 1) {
            throw CqlException.invalid("Invalid number of arguments in call to function system." + name + ": 1"
                    + " required but " + selector.arguments().size() + " provided");
        }
        if (name.equals("count") && selector.arguments().get(0).kind() == Selector.Kind.LITERAL) {
            return Aggregate.Kind.COUNT_ROWS;
        }
        return Aggregate.Kind.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Selector argument(Selector aggregate) {
        Selector argument = aggregate.arguments().get(0);
        if (isAggregate(argument)) {
            throw CqlException.invalid("Aggregate functions cannot be used as arguments of aggregate functions");
        }
        return argument;
    }

    /**
     * Cassandra's rule: GROUP BY names primary key columns in their declared order (columns restricted by
     * {@code =} may be skipped); only the last item may be a function, {@code floor()} of a clustering column.
     */
    private static void validateGroupBy(TableMetadata table, List<Selector> groupBy,
                                        Predicate<ColumnMetadata> restrictedByEqual) {
        List<ColumnMetadata> primaryKey = new ArrayList<>(table.partitionKeyColumns());
        primaryKey.addAll(table.clusteringColumns());
        Iterator<ColumnMetadata> keyColumns = primaryKey.iterator();
        for (int i = 0; i < groupBy.size(); i++) {
            Selector item = groupBy.get(i);
            String name = groupColumn(item, i == groupBy.size() - 1);
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw StatementErrors.undefinedColumn(name, table);
            }
            boolean found = false;
            while (keyColumns.hasNext()) {
                ColumnMetadata next = keyColumns.next();
                if (next.equals(column)) {
                    found = true;
                    break;
                }
                if (!restrictedByEqual.test(next)) {
                    break;
                }
            }
            if (!found) {
                throw CqlException.invalid("Group by currently only support groups of columns following their"
                        + " declared order in the PRIMARY KEY");
            }
            if (item.kind() == Selector.Kind.FUNCTION && column.kind() != ColumnKind.CLUSTERING) {
                throw CqlException.invalid("Functions are only supported on clustering columns in the GROUP BY"
                        + " clause, got " + item.defaultName());
            }
        }
    }

    /** @return the column a GROUP BY item groups on */
    private static String groupColumn(Selector item, boolean last) {
        if (item.kind() == Selector.Kind.COLUMN) {
            return item.columns().get(0);
        }
        if (item.kind() != Selector.Kind.FUNCTION || !"floor".equals(NativeFunctions.simpleName(item.function()))
                || item.arguments().isEmpty() || item.arguments().get(0).kind() != Selector.Kind.COLUMN) {
            throw CqlException.invalid("Only column names and monotonic scalar functions (floor of a clustering"
                    + " column) are supported in the GROUP BY clause, got " + item.defaultName());
        }
        if (!last) {
            throw CqlException.invalid("Functions are only supported on the last element of the GROUP BY clause");
        }
        return item.arguments().get(0).columns().get(0);
    }

    /** @return the input selection the read path evaluates for each row */
    Selection inputs() {
        return inputs;
    }

    ResultMetadata metadata() {
        return metadata;
    }

    /**
     * Reads every matching row and aggregates it.
     *
     * @param readPage reads one page of input rows ({@link #INPUT_PAGE_ROWS} rows) after the given paging state
     *                 (null for the first page)
     * @param limit    the maximum number of groups, or {@link Integer#MAX_VALUE}
     * @return all groups in one page, no paging state
     * @throws CqlException 0x2200 when a function in a selector refuses its arguments
     */
    ResultMessage.Rows execute(Function<byte[], ResultMessage.Rows> readPage, int limit) {
        return execute(readPage, limit, Integer.MAX_VALUE);
    }

    /**
     * @param groupsPerPartition the PER PARTITION LIMIT: the maximum number of groups of one partition (the
     *                           aggregation must have been prepared with {@code countsPartitions}), or
     *                           {@link Integer#MAX_VALUE}
     * @see #execute(Function, int)
     */
    ResultMessage.Rows execute(Function<byte[], ResultMessage.Rows> readPage, int limit, int groupsPerPartition) {
        List<byte[][]> results = new ArrayList<>();
        byte[][] groupKey = null;
        byte[][] partition = null;
        int partitionGroups = 0;
        Aggregate[] state = null;
        byte[][] firstRow = null;
        byte[] paging = null;
        do {
            ResultMessage.Rows page = readPage.apply(paging);
            for (byte[][] row : page.rows()) {
                byte[][] key = key(row, groupKeys);
                if (groupKey == null || !Arrays.deepEquals(key, groupKey)) {
                    if (state != null) {
                        results.add(finish(state, firstRow));
                        if (results.size() == limit) {
                            return new ResultMessage.Rows(metadata, results, null);
                        }
                    }
                    byte[][] rowPartition = key(row, partitionKeys);
                    if (!Arrays.deepEquals(rowPartition, partition)) {
                        partition = rowPartition;
                        partitionGroups = 0;
                    }
                    groupKey = key;
                    state = partitionGroups++ < groupsPerPartition ? start() : null;
                    firstRow = row;
                }
                for (int i = 0; state != null && i < state.length; i++) {
                    if (state[i] != null) {
                        state[i].add(outputs.get(i).input() < 0 ? null : row[outputs.get(i).input()]);
                    }
                }
            }
            paging = page.pagingState();
        } while (paging != null);
        if (state != null) {
            results.add(finish(state, firstRow));
        } else if (groupKey == null && groupKeys.length == 0) {
            results.add(finish(start(), new byte[inputs.metadata().columns().size()][]));
        }
        return new ResultMessage.Rows(metadata, results, null);
    }

    private static byte[][] key(byte[][] row, int[] columns) {
        byte[][] key = new byte[columns.length][];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[columns[i]];
        }
        return key;
    }

    private Aggregate[] start() {
        Aggregate[] state = new Aggregate[outputs.size()];
        for (int i = 0; i < state.length; i++) {
            Output output = outputs.get(i);
            state[i] = output.kind() == null ? null : new Aggregate(output.kind(), output.type());
        }
        return state;
    }

    private byte[][] finish(Aggregate[] state, byte[][] firstRow) {
        byte[][] result = new byte[outputs.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = state[i] != null ? state[i].result() : firstRow[outputs.get(i).input()];
        }
        return result;
    }
}
