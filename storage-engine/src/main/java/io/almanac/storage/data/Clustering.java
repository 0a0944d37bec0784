package io.almanac.storage.data;

import java.util.Arrays;

/**
 * The clustering key of a row: one serialized value per clustering column, in declaration order. A table without
 * clustering columns has one row per partition, with {@link #EMPTY}. As a slice bound a clustering may be a prefix
 * (fewer values than clustering columns).
 *
 * <p>{@link #STATIC} is the clustering of a partition's static row (the cells of its {@code STATIC} columns, one per
 * partition, as Cassandra's static row): it has no values, is distinct from {@link #EMPTY}, sorts before every other
 * clustering ({@link ClusteringComparator}), lies inside no bounded slice and under no range tombstone.
 *
 * <p>Thread safety: immutable by convention (the arrays are not copied; nobody modifies them).
 */
public final class Clustering {

    public static final Clustering EMPTY = new Clustering(new byte[0][]);

    /** The clustering of a partition's static row; compared by identity. */
    public static final Clustering STATIC = new Clustering(new byte[0][]);

    private final byte[][] values;

    private Clustering(byte[][] values) {
        this.values = values;
    }

    /** @return a clustering of these serialized values (not copied) */
    public static Clustering of(byte[]... values) {
        return values.length == 0 ? EMPTY : new Clustering(values);
    }

    /** @return whether this is {@link #STATIC}, the clustering of a partition's static row */
    public boolean isStatic() {
        return this == STATIC;
    }

    /** @return the number of values */
    public int size() {
        return values.length;
    }

    /** @return the serialized value of the {@code i}-th clustering column */
    public byte[] get(int i) {
        return values[i];
    }

    /** @return the values array itself (not a copy) */
    public byte[][] values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Clustering that && isStatic() == that.isStatic()
                && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return isStatic() ? -1 : Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        if (isStatic()) {
            return "Clustering(STATIC)";
        }
        StringBuilder text = new StringBuilder("Clustering(");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(java.util.HexFormat.of().formatHex(values[i]));
        }
        return text.append(')').toString();
    }
}
