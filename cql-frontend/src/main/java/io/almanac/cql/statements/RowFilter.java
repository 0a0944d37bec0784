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
    static final RowFilter NONE = new RowFilter(List.of());

    private final List<ColumnRestriction> restrictions;

    RowFilter(List<ColumnRestriction> restrictions) {
        this.restrictions = List.copyOf(restrictions);
    }

    boolean isEmpty() {
        return restrictions.isEmpty();
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
        return new Bound(bound);
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

        private Bound(List<BoundRestriction> restrictions) {
            this.restrictions = restrictions;
        }

        /** @return whether the live {@code row} of the partition with these key values passes every restriction */
        boolean matches(Selection selection, byte[][] partitionKey, Row row) {
            for (BoundRestriction restriction : restrictions) {
                byte[] value = selection.columnValue(restriction.restriction().column(), partitionKey, row);
                if (!restriction.matches(value)) {
                    return false;
                }
            }
            return true;
        }
    }
}
