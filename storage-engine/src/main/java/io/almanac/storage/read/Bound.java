package io.almanac.storage.read;

import io.almanac.storage.data.Clustering;

/**
 * One end of a clustering {@link Slice}: a clustering prefix and whether rows equal to it (on the prefix's columns)
 * are included. A prefix of length 0 is unbounded.
 *
 * @param prefix    the clustering prefix (1..n values; {@link Clustering#EMPTY} = unbounded)
 * @param inclusive whether rows whose clustering starts with {@code prefix} belong to the slice
 */
public record Bound(Clustering prefix, boolean inclusive) {

    /** The unbounded end. */
    public static final Bound UNBOUNDED = new Bound(Clustering.EMPTY, true);

    public static Bound inclusive(Clustering prefix) {
        return new Bound(prefix, true);
    }

    public static Bound exclusive(Clustering prefix) {
        return new Bound(prefix, false);
    }

    public boolean isUnbounded() {
        return prefix.size() == 0;
    }
}
