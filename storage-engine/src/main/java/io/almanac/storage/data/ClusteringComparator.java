package io.almanac.storage.data;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.TableMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * Orders clusterings as a table stores them: column by column with each column's type order, reversed for
 * {@code DESC} columns ({@code CLUSTERING ORDER BY}). When one clustering is a prefix of the other, the shorter
 * sorts first. {@link Clustering#STATIC} sorts before every other clustering.
 *
 * <p>Thread safety: immutable.
 */
public final class ClusteringComparator implements Comparator<Clustering> {

    private final CqlType[] types;
    private final boolean[] descending;

    public ClusteringComparator(TableMetadata table) {
        List<ColumnMetadata> columns = table.clusteringColumns();
        this.types = new CqlType[columns.size()];
        this.descending = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            types[i] = columns.get(i).type();
            descending[i] = columns.get(i).order() == ClusteringOrder.DESC;
        }
    }

    /** @return the number of clustering columns */
    public int size() {
        return types.length;
    }

    @Override
    public int compare(Clustering left, Clustering right) {
        if (left.isStatic() || right.isStatic()) {
            return Boolean.compare(right.isStatic(), left.isStatic());
        }
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int c = compareComponent(i, left.get(i), right.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    /** Compares the {@code i}-th clustering values in storage order (DESC columns reversed). */
    public int compareComponent(int i, byte[] left, byte[] right) {
        int c = types[i].compare(left, right);
        return descending[i] ? -c : c;
    }
}
