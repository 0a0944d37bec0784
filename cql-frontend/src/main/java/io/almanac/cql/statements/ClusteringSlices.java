package io.almanac.cql.statements;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns clustering restrictions into the {@link Slice}s a read takes, in storage order (Cassandra's
 * {@code ClusteringColumnRestrictions.boundsAsClustering}, {@code MultiCBuilder.buildBoundForSlice} and
 * {@code SelectStatement.makeSlices}).
 *
 * <p>The restrictions are a set of clustering prefixes (from {@code =} and {@code IN}, single- or multi-column)
 * optionally followed by a slice that compares the next columns as a tuple, in value order:
 * {@code (c1, c2) > (1, 2)} means {@code c1 > 1 OR (c1 = 1 AND c2 > 2)} whatever the clustering order. When all the
 * compared columns sort the same way this is one contiguous storage range; when their orders differ (one ASC, one
 * DESC) it is several. Each bound is decomposed into one piece per compared column ({@code c1 > 1}, then
 * {@code c1 = 1 AND c2 > 2}, ...), each a contiguous storage range; the pieces are sorted and touching ones merged,
 * the lower and upper bound sets intersected, and the slices of all prefixes merged again. So
 * {@code (b, c) > (1, 0)} with {@code b DESC, c ASC} reads two slices, {@code [bottom, b=1)} and
 * {@code (b=1 c=0, end of b=1]}, as Cassandra does.
 *
 * <p>Positions between rows are a prefix and a side: before or after every row starting with the prefix. A slice
 * starts and ends at positions and is empty unless its start sorts before its end.
 *
 * <p>Thread safety: stateless.
 */
final class ClusteringSlices {

    /** A place between rows in storage order: before (or after) every row whose clustering starts with prefix. */
    private record Position(Clustering prefix, boolean after) {
    }

    private record Range(Position start, Position end) {
    }

    /** One bound of a tuple slice: the compared values from the first sliced column on, and its inclusiveness. */
    record TupleBound(List<byte[]> values, boolean inclusive) {
    }

    private final TableMetadata table;
    private final Comparator<Position> order;

    ClusteringSlices(TableMetadata table) {
        this.table = table;
        ClusteringComparator comparator = new ClusteringComparator(table);
        this.order = (a, b) -> compare(comparator, a, b);
    }

    /** @return one slice per distinct prefix (all rows starting with it), sorted in storage order */
    List<Slice> prefixes(List<List<byte[]>> prefixes) {
        List<Range> ranges = new ArrayList<>(prefixes.size());
        for (List<byte[]> prefix : prefixes) {
            Clustering clustering = clustering(prefix);
            ranges.add(new Range(new Position(clustering, false), new Position(clustering, true)));
        }
        return toSlices(normalize(ranges));
    }

    /**
     * @param prefixes the prefixes (all of the same length: the first sliced column's position)
     * @param lower    the lower bound ({@code >} / {@code >=}), or null
     * @param upper    the upper bound ({@code <} / {@code <=}), or null
     * @return the slices in storage order, without empty ones; empty when nothing can match
     */
    List<Slice> slices(List<List<byte[]>> prefixes, TupleBound lower, TupleBound upper) {
        List<Range> all = new ArrayList<>();
        for (List<byte[]> prefix : prefixes) {
            List<Range> low = lower == null ? List.of(whole(prefix)) : pieces(prefix, lower, true);
            List<Range> high = upper == null ? List.of(whole(prefix)) : pieces(prefix, upper, false);
            all.addAll(intersect(normalize(low), normalize(high)));
        }
        return toSlices(normalize(all));
    }

    private Range whole(List<byte[]> prefix) {
        Clustering clustering = clustering(prefix);
        return new Range(new Position(clustering, false), new Position(clustering, true));
    }

    /**
     * One range per compared column i: the first i values equal, column i beyond the bound (inclusively on the
     * last column when the bound is).
     */
    private List<Range> pieces(List<byte[]> prefix, TupleBound bound, boolean isLower) {
        List<Range> pieces = new ArrayList<>(bound.values().size());
        List<byte[]> equal = new ArrayList<>(prefix);
        for (int i = 0; i < bound.values().size(); i++) {
            ColumnMetadata column = table.clusteringColumns().get(prefix.size() + i);
            boolean inclusive = i == bound.values().size() - 1 && bound.inclusive();
            Clustering outer = clustering(equal);
            equal.add(bound.values().get(i));
            Clustering at = clustering(equal);
            // in storage order, "greater values" lie after the bound value on an ASC column, before it on DESC
            boolean towardsEnd = isLower == (column.order() != ClusteringOrder.DESC);
            if (towardsEnd) {
                pieces.add(new Range(new Position(at, !inclusive), new Position(outer, true)));
            } else {
                pieces.add(new Range(new Position(outer, false), new Position(at, inclusive)));
            }
        }
        return pieces;
    }

    /** @return the ranges without empty ones, sorted by start, overlapping or touching ones merged */
    private List<Range> normalize(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>();
        for (Range range : ranges) {
            if (order.compare(range.start(), range.end()) < 0) {
                sorted.add(range);
            }
        }
        sorted.sort((a, b) -> order.compare(a.start(), b.start()));
        List<Range> merged = new ArrayList<>(sorted.size());
        for (Range range : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && order.compare(range.start(), last.end()) <= 0) {
                Position end = order.compare(range.end(), last.end()) > 0 ? range.end() : last.end();
                merged.set(merged.size() - 1, new Range(last.start(), end));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    /** @return the intersection of two normalized range lists, sorted */
    private List<Range> intersect(List<Range> left, List<Range> right) {
        List<Range> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() && j < right.size()) {
            Range a = left.get(i);
            Range b = right.get(j);
            Position start = order.compare(a.start(), b.start()) >= 0 ? a.start() : b.start();
            Position end = order.compare(a.end(), b.end()) <= 0 ? a.end() : b.end();
            if (order.compare(start, end) < 0) {
                out.add(new Range(start, end));
            }
            if (order.compare(a.end(), b.end()) <= 0) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    private static List<Slice> toSlices(List<Range> ranges) {
        List<Slice> slices = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            slices.add(new Slice(new Bound(range.start().prefix(), !range.start().after()),
                    new Bound(range.end().prefix(), range.end().after())));
        }
        return slices;
    }

    /**
     * Storage order of positions: component by component; at equal common components, a position on a shorter
     * prefix lies before (or after) every position on a longer one, and "before" sorts before "after".
     */
    private static int compare(ClusteringComparator comparator, Position a, Position b) {
        Clustering left = a.prefix();
        Clustering right = b.prefix();
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int c = comparator.compareComponent(i, left.get(i), right.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (left.size() == right.size()) {
            return Boolean.compare(a.after(), b.after());
        }
        if (left.size() < right.size()) {
            return a.after() ? 1 : -1;
        }
        return b.after() ? -1 : 1;
    }

    private static Clustering clustering(List<byte[]> values) {
        return Clustering.of(values.toArray(new byte[0][]));
    }
}
