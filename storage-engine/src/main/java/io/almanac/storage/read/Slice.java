package io.almanac.storage.read;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;

/**
 * A contiguous range of clusterings in a partition, in the table's storage order ({@code CLUSTERING ORDER BY}):
 * {@code start} is the bound that sorts first in storage order, {@code end} the one that sorts last. A CQL range
 * on a DESC column therefore maps {@code ts < x} to the start bound.
 *
 * @param start the first bound in storage order
 * @param end   the last bound in storage order
 */
public record Slice(Bound start, Bound end) {

    /** Every row of the partition. */
    public static final Slice ALL = new Slice(Bound.UNBOUNDED, Bound.UNBOUNDED);

    /** @return the slice holding exactly the rows whose clustering starts with {@code prefix} */
    public static Slice prefix(Clustering prefix) {
        return new Slice(Bound.inclusive(prefix), Bound.inclusive(prefix));
    }

    /** @return whether {@code clustering} (a full clustering) lies in this slice */
    public boolean contains(Clustering clustering, ClusteringComparator comparator) {
        return !before(clustering, comparator) && !after(clustering, comparator);
    }

    /**
     * @return whether {@code clustering} sorts before the start bound; {@link Clustering#STATIC} does for every
     *         bounded start (a slice's static row is read separately)
     */
    public boolean before(Clustering clustering, ClusteringComparator comparator) {
        if (clustering.isStatic()) {
            return !start.isUnbounded();
        }
        int c = comparePrefix(clustering, start.prefix(), comparator);
        return c < 0 || (c == 0 && !start.inclusive() && !start.isUnbounded());
    }

    /** @return whether {@code clustering} sorts after the end bound (never for {@link Clustering#STATIC}) */
    public boolean after(Clustering clustering, ClusteringComparator comparator) {
        if (clustering.isStatic()) {
            return false;
        }
        int c = comparePrefix(clustering, end.prefix(), comparator);
        return c > 0 || (c == 0 && !end.inclusive() && !end.isUnbounded());
    }

    /** Compares a clustering with a prefix on the prefix's columns only; 0 when the clustering starts with it. */
    private static int comparePrefix(Clustering clustering, Clustering prefix, ClusteringComparator comparator) {
        int n = Math.min(prefix.size(), clustering.size());
        for (int i = 0; i < n; i++) {
            int c = comparator.compareComponent(i, clustering.get(i), prefix.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
