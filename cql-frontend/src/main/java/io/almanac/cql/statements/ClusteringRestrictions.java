package io.almanac.cql.statements;

import io.almanac.cql.parser.Relation;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The restrictions of a WHERE clause on clustering columns, single-column ({@link ColumnRestriction}, kept in the
 * statement's column map) and multi-column ({@link MultiColumnRestriction}), checked as Cassandra's
 * {@code ClusteringColumnRestrictions} checks them and turned into clustering slices.
 *
 * <p>Supported shapes: {@code =} and {@code IN} on a prefix of the clustering columns, single- or multi-column, in
 * any mix (IN values multiply: {@code b IN (1, 2) AND (c, d) IN ((1, 1), (2, 2))} reads four prefixes), optionally
 * followed by one slice on the next column(s), single-column ({@code c > 1 AND c <= 5}) or multi-column
 * ({@code (c, d) > (1, 2) AND (c) < (5)}). A column may not be restricted by both a single- and a multi-column
 * relation.
 *
 * <p>Thread safety: mutable while the statement is prepared, then never modified.
 */
final class ClusteringRestrictions {

    private final TableMetadata table;
    private final Map<ColumnMetadata, ColumnRestriction> singleColumn;
    private final Map<ColumnMetadata, MultiColumnRestriction> multiColumn = new TreeMap<>(this::compare);
    private final boolean allowFiltering;
    private CqlException orderError;

    /**
     * @param singleColumn   the statement's single-column restrictions (filled as relations are added)
     * @param allowFiltering ALLOW FILTERING: order errors wait for {@link #validate} (range scans filter instead)
     */
    ClusteringRestrictions(TableMetadata table, Map<ColumnMetadata, ColumnRestriction> singleColumn,
                           boolean allowFiltering) {
        this.table = table;
        this.singleColumn = singleColumn;
        this.allowFiltering = allowFiltering;
    }

    private int position(ColumnMetadata column) {
        return table.clusteringColumns().indexOf(column);
    }

    private int compare(ColumnMetadata a, ColumnMetadata b) {
        return Integer.compare(position(a), position(b));
    }

    /**
     * Adds a multi-column relation, merging it with an earlier one on the same columns.
     *
     * @throws CqlException with Cassandra's messages for bad columns, values and conflicting relations
     */
    void addMultiColumn(Relation relation, BindVariables variables) {
        List<ColumnMetadata> columns = MultiColumnRestriction.columns(table, relation);
        MultiColumnRestriction added = MultiColumnRestriction.prepare(table, columns, relation, variables);
        CqlException order = orderError(columns.get(0), added.isSlice());
        for (ColumnMetadata column : columns) {
            ColumnRestriction single = singleColumn.get(column);
            if (single == null) {
                continue;
            }
            if (single.isEqual()) {
                throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if it"
                        + " includes an Equal");
            }
            if (single.isIn()) {
                throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if it"
                        + " includes a IN");
            }
            if (!added.isSlice()) {
                throw CqlException.invalid("Column \"" + column.name() + "\" cannot be restricted by both an equality"
                        + " and an inequality relation");
            }
            throw mixing();
        }
        MultiColumnRestriction merged = added;
        for (MultiColumnRestriction existing : new LinkedHashSet<>(overlapping(columns))) {
            existing.merge(added);
            merged = existing;
        }
        for (ColumnMetadata column : merged.columns()) {
            multiColumn.put(column, merged);
        }
        recordOrderError(order);
    }

    private List<MultiColumnRestriction> overlapping(List<ColumnMetadata> columns) {
        List<MultiColumnRestriction> found = new ArrayList<>();
        for (ColumnMetadata column : columns) {
            MultiColumnRestriction existing = multiColumn.get(column);
            if (existing != null) {
                found.add(existing);
            }
        }
        return found;
    }

    /**
     * Checks a single-column relation on a clustering column before it is added.
     *
     * @throws CqlException when a multi-column relation already restricts the column
     */
    void checkSingleColumn(ColumnMetadata column, boolean slice) {
        if (multiColumn.containsKey(column)) {
            throw mixing();
        }
        recordOrderError(orderError(column, slice));
    }

    private static CqlException mixing() {
        return CqlException.invalid("Mixing single column relations and multi column relations on clustering"
                + " columns is not allowed");
    }

    private void recordOrderError(CqlException error) {
        if (error != null && !allowFiltering) {
            throw error;
        }
        if (orderError == null) {
            orderError = error;
        }
    }

    /**
     * Cassandra's {@code ClusteringColumnRestrictions.mergeWith} checks, against the restrictions before the new one:
     * nothing may follow a slice, and a slice may not precede restricted columns.
     *
     * @return the error the new restriction makes, or null
     */
    private CqlException orderError(ColumnMetadata newStart, boolean newIsSlice) {
        TreeMap<Integer, ColumnMetadata> restricted = restrictedColumns();
        if (restricted.isEmpty()) {
            return null;
        }
        ColumnMetadata last = restricted.lastEntry().getValue();
        MultiColumnRestriction multi = multiColumn.get(last);
        ColumnMetadata lastStart = multi == null ? last : multi.firstColumn();
        boolean lastIsSlice = multi == null ? singleColumn.get(last).isSlice() : multi.isSlice();
        if (lastIsSlice && position(newStart) > position(lastStart)) {
            return CqlException.invalid("Clustering column \"" + newStart.name() + "\" cannot be restricted"
                    + " (preceding column \"" + lastStart.name() + "\" is restricted by a non-EQ relation)");
        }
        if (position(newStart) < position(lastStart) && newIsSlice) {
            ColumnMetadata next = restricted.higherEntry(position(newStart)).getValue();
            return CqlException.invalid("PRIMARY KEY column \"" + next.name() + "\" cannot be restricted"
                    + " (preceding column \"" + newStart.name() + "\" is restricted by a non-EQ relation)");
        }
        return null;
    }

    /** @return the restricted clustering columns by position */
    private TreeMap<Integer, ColumnMetadata> restrictedColumns() {
        TreeMap<Integer, ColumnMetadata> restricted = new TreeMap<>();
        for (ColumnMetadata column : table.clusteringColumns()) {
            if (singleColumn.containsKey(column) || multiColumn.containsKey(column)) {
                restricted.put(position(column), column);
            }
        }
        return restricted;
    }

    boolean hasMultiColumn() {
        return !multiColumn.isEmpty();
    }

    /** @return the distinct multi-column restrictions, in clustering order */
    List<MultiColumnRestriction> multiColumn() {
        return List.copyOf(new LinkedHashSet<>(multiColumn.values()));
    }

    /** @return how many clustering columns are restricted */
    int restrictedCount() {
        return restrictedColumns().size();
    }

    /** @return whether a clustering column is restricted by a slice ({@code < <= > >=}) */
    boolean hasSlice() {
        for (ColumnMetadata column : table.clusteringColumns()) {
            ColumnRestriction single = singleColumn.get(column);
            MultiColumnRestriction multi = multiColumn.get(column);
            if ((single != null && single.isSlice()) || (multi != null && multi.isSlice())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the shape a clustering read or a modification supports: restrictions on a prefix of the clustering
     * columns, nothing after a slice.
     *
     * @throws CqlException with Cassandra's messages
     */
    void validate() {
        ColumnMetadata unrestricted = null;
        ColumnMetadata slice = null;
        for (ColumnMetadata column : table.clusteringColumns()) {
            ColumnRestriction single = singleColumn.get(column);
            MultiColumnRestriction multi = multiColumn.get(column);
            if (single == null && multi == null) {
                unrestricted = unrestricted == null ? column : unrestricted;
                continue;
            }
            if (unrestricted != null) {
                throw CqlException.invalid("PRIMARY KEY column \"" + column.name() + "\" cannot be restricted as"
                        + " preceding column \"" + unrestricted.name() + "\" is not restricted");
            }
            if (orderError != null) {
                throw orderError;
            }
            ColumnMetadata start = multi == null ? column : multi.firstColumn();
            if (slice != null && !slice.equals(start)) {
                throw CqlException.invalid("Clustering column \"" + column.name() + "\" cannot be restricted"
                        + " (preceding column \"" + slice.name() + "\" is restricted by a non-EQ relation)");
            }
            if (single != null ? single.isSlice() : multi.isSlice()) {
                slice = start;
            }
        }
        if (orderError != null) {
            throw orderError;
        }
    }

    // ---- binding ----

    /**
     * @return the clustering slices to read, in storage order; empty when nothing can match
     * @throws CqlException for null or unset values
     */
    List<Slice> slices(List<byte[]> bound) {
        ClusteringSlices slices = new ClusteringSlices(table);
        List<List<byte[]>> prefixes = new ArrayList<>();
        prefixes.add(List.of());
        List<ColumnMetadata> clustering = table.clusteringColumns();
        int position = 0;
        while (position < clustering.size()) {
            ColumnMetadata column = clustering.get(position);
            ColumnRestriction single = singleColumn.get(column);
            MultiColumnRestriction multi = multiColumn.get(column);
            if (single == null && multi == null) {
                break;
            }
            if (single != null && single.isSlice()) {
                return slices.slices(prefixes, bound(single.lowerValue(bound), single.lowerInclusive()),
                        bound(single.upperValue(bound), single.upperInclusive()));
            }
            if (multi != null && multi.isSlice()) {
                return slices.slices(prefixes, multi.lowerBound(bound), multi.upperBound(bound));
            }
            List<List<byte[]>> values = new ArrayList<>();
            if (single != null) {
                single.equalityValues(bound).forEach(v -> values.add(List.of(v)));
            } else {
                values.addAll(multi.equalityValues(bound));
            }
            prefixes = extend(prefixes, values);
            position += single != null ? 1 : multi.columns().size();
        }
        return slices.prefixes(prefixes);
    }

    private static ClusteringSlices.TupleBound bound(byte[] value, boolean inclusive) {
        return value == null ? null : new ClusteringSlices.TupleBound(List.of(value), inclusive);
    }

    /** @return every prefix followed by every value tuple */
    private static List<List<byte[]>> extend(List<List<byte[]>> prefixes, List<List<byte[]>> values) {
        List<List<byte[]>> extended = new ArrayList<>(prefixes.size() * values.size());
        for (List<byte[]> prefix : prefixes) {
            for (List<byte[]> value : values) {
                List<byte[]> next = new ArrayList<>(prefix.size() + value.size());
                next.addAll(prefix);
                next.addAll(value);
                extended.add(next);
            }
        }
        return extended;
    }
}
