package io.almanac.storage.data;

import java.util.List;
import java.util.Objects;

/**
 * A deletion of every row whose clustering lies between two bounds of one partition (Cassandra's
 * {@code RangeTombstone}): {@code DELETE ... WHERE pk = ? AND c >= ? AND c < ?} or a delete on a clustering prefix.
 * A row (its marker and each of its cells) whose timestamp is at most {@code deletion.markedForDeleteAtMicros()} is
 * shadowed wherever it was written (memtable or SSTable); rows written later survive. Tombstones may overlap; where
 * they do, the latest deletion wins ({@link DeletionTime#latest}).
 *
 * <pre>
 *   storage order:  ... [start ....................... end] ...
 *                       start: the bound that sorts first in the table's storage order (CLUSTERING ORDER BY),
 *                       end:   the one that sorts last; either may be unbounded (prefix of length 0)
 * </pre>
 *
 * <p>Thread safety: immutable.
 *
 * @param start    the first bound in storage order
 * @param end      the last bound in storage order
 * @param deletion the deletion's timestamp (microseconds) and local deletion time (seconds)
 */
public record RangeTombstone(ClusteringBound start, ClusteringBound end, DeletionTime deletion) {

    public RangeTombstone {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(deletion, "deletion");
    }

    /** @return the tombstone deleting every row whose clustering starts with {@code prefix} */
    public static RangeTombstone prefix(Clustering prefix, DeletionTime deletion) {
        return new RangeTombstone(ClusteringBound.inclusive(prefix), ClusteringBound.inclusive(prefix), deletion);
    }

    /** @return whether {@code clustering} (a full clustering) lies between the bounds */
    public boolean contains(Clustering clustering, ClusteringComparator comparator) {
        if (clustering.isStatic()) {
            return false;
        }
        if (!start.isUnbounded()) {
            int c = comparePrefix(clustering, start.prefix(), comparator);
            if (c < 0 || (c == 0 && !start.inclusive())) {
                return false;
            }
        }
        if (!end.isUnbounded()) {
            int c = comparePrefix(clustering, end.prefix(), comparator);
            return c < 0 || (c == 0 && end.inclusive());
        }
        return true;
    }

    /**
     * @return whether no clustering can lie between the bounds ({@code start} sorts after {@code end}), e.g.
     *         {@code c > 5 AND c < 5}
     */
    public boolean isEmpty(ClusteringComparator comparator) {
        if (start.isUnbounded() || end.isUnbounded()) {
            return false;
        }
        Clustering low = start.prefix();
        Clustering high = end.prefix();
        int common = Math.min(low.size(), high.size());
        for (int i = 0; i < common; i++) {
            int c = comparator.compareComponent(i, low.get(i), high.get(i));
            if (c != 0) {
                return c > 0;
            }
        }
        if (low.size() < high.size()) {
            return !start.inclusive(); // start is before or after the whole block of its prefix
        }
        if (high.size() < low.size()) {
            return !end.inclusive();
        }
        return !(start.inclusive() && end.inclusive());
    }

    /**
     * @return the latest deletion among {@code tombstones} that covers {@code clustering}, or null when none does
     *         (a linear scan: a partition holds few range tombstones)
     */
    public static DeletionTime deletionAt(List<RangeTombstone> tombstones, Clustering clustering,
                                          ClusteringComparator comparator) {
        DeletionTime latest = null;
        for (int i = 0; i < tombstones.size(); i++) {
            RangeTombstone tombstone = tombstones.get(i);
            if ((latest == null || tombstone.deletion.markedForDeleteAtMicros() >= latest.markedForDeleteAtMicros())
                    && tombstone.contains(clustering, comparator)) {
                latest = DeletionTime.latest(latest, tombstone.deletion);
            }
        }
        return latest;
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

    @Override
    public String toString() {
        return "RangeTombstone(" + (start.inclusive() ? "[" : "(") + start.prefix() + ", " + end.prefix()
                + (end.inclusive() ? "]" : ")") + ", " + deletion + ")";
    }
}
