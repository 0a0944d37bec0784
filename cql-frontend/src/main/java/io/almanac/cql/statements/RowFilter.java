package io.almanac.cql.statements;

import io.almanac.storage.data.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The restrictions a SELECT evaluates on rows after reading them (ALLOW FILTERING): on regular columns, and in a
 * range scan on every restricted column. Cassandra's {@code RowFilter}; a row whose column is null never matches.
 *
 * <p>Thread safety: immutable once prepared; {@link #bind} gives a per-execution predicate.
 */
final class RowFilter {

    /** No filtering. */
    static final RowFilter NONE = new RowFilter(List.of(), List.of());

    private final List<ColumnRestriction> restrictions;
    private final List<MultiColumnRestriction> tuples;

    /** @param tuples multi-column restrictions on clustering columns, checked against each row's clustering */
    RowFilter(List<ColumnRestriction> restrictions, List<MultiColumnRestriction> tuples) {
        this.restrictions = List.copyOf(restrictions);
        this.tuples = List.copyOf(tuples);
    }

    boolean isEmpty() {
        return restrictions.isEmpty() && tuples.isEmpty();
    }

    /**
     * @return the filter with this execution's values
     * @throws io.almanac.cql.query.CqlException for null or unset values
     */
    Bound bind(List<byte[]> values) {
        List<BoundRestriction> bound = new ArrayList<>(restrictions.size());
        for (ColumnRestriction restriction : restrictions) {
            if (restriction.isSlice()) {
                bound.add(new BoundRestriction(restriction, null, restriction.lowerValue(values),
                        restriction.upperValue(values)));
            } else {
                bound.add(new BoundRestriction(restriction, restriction.equalityValues(values), null, null));
            }
        }
        List<BoundTuple> boundTuples = new ArrayList<>(tuples.size());
        for (MultiColumnRestriction tuple : tuples) {
            boundTuples.add(tuple.isSlice()
                    ? new BoundTuple(tuple, null, tuple.lowerBound(values), tuple.upperBound(values))
                    : new BoundTuple(tuple, tuple.equalityValues(values), null, null));
        }
        return new Bound(bound, boundTuples);
    }

    private record BoundTuple(MultiColumnRestriction restriction, List<List<byte[]>> equalTo,
                              ClusteringSlices.TupleBound lower, ClusteringSlices.TupleBound upper) {
        boolean matches(Row row) {
            return restriction.matches(row.clustering(), equalTo, lower, upper);
        }
    }

    private record BoundRestriction(ColumnRestriction restriction, List<byte[]> equalTo, byte[] lower,
                                    byte[] upper) {
        boolean matches(byte[] value) {
            if (value == null) {
                return false;
            }
            if (equalTo != null) {
                for (byte[] candidate : equalTo) {
                    if (restriction.type().compare(value, candidate) == 0) {
                        return true;
                    }
                }
                return false;
            }
            if (lower != null) {
                int c = restriction.type().compare(value, lower);
                if (c < 0 || (c == 0 && !restriction.lowerInclusive())) {
                    return false;
                }
            }
            if (upper != null) {
                int c = restriction.type().compare(value, upper);
                return c < 0 || (c == 0 && restriction.upperInclusive());
            }
            return true;
        }
    }

    /** The filter of one execution. */
    static final class Bound {
        private final List<BoundRestriction> restrictions;
        private final List<BoundTuple> tuples;

        private Bound(List<BoundRestriction> restrictions, List<BoundTuple> tuples) {
            this.restrictions = restrictions;
            this.tuples = tuples;
        }

        /** @return whether the live {@code row} of the partition with these key values passes every restriction */
        boolean matches(Selection selection, byte[][] partitionKey, Row row) {
            for (BoundRestriction restriction : restrictions) {
                byte[] value = selection.columnValue(restriction.restriction().column(), partitionKey, row);
                if (!restriction.matches(value)) {
                    return false;
                }
            }
            for (BoundTuple tuple : tuples) {
                if (!tuple.matches(row)) {
                    return false;
                }
            }
            return true;
        }
    }
}
