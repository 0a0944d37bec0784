package io.almanac.storage.data;

import java.util.Objects;

/**
 * One end of a {@link RangeTombstone}: a clustering prefix and whether clusterings that start with it are inside the
 * range (Cassandra's {@code ClusteringBound}). A prefix of length 0 is unbounded. The same shape as
 * {@link io.almanac.storage.read.Bound}, kept in this package so the data model does not depend on the read path.
 *
 * <p>Thread safety: immutable.
 *
 * @param prefix    the clustering prefix (0..n values; {@link Clustering#EMPTY} = unbounded)
 * @param inclusive whether clusterings starting with {@code prefix} belong to the range
 */
public record ClusteringBound(Clustering prefix, boolean inclusive) {

    /** The unbounded end. */
    public static final ClusteringBound UNBOUNDED = new ClusteringBound(Clustering.EMPTY, true);

    public ClusteringBound {
        Objects.requireNonNull(prefix, "prefix");
    }

    public static ClusteringBound inclusive(Clustering prefix) {
        return new ClusteringBound(prefix, true);
    }

    public static ClusteringBound exclusive(Clustering prefix) {
        return new ClusteringBound(prefix, false);
    }

    public boolean isUnbounded() {
        return prefix.size() == 0;
    }
}
