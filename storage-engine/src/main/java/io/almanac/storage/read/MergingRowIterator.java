package io.almanac.storage.read;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Row;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Merges row iterators that are each sorted in the same order into one sorted iterator; rows with the same
 * clustering from several sources are reconciled with {@link Row#merge} (last write wins, Cassandra's tie rules).
 * Sources are few (memtables plus matching SSTables), so the smallest head is found by a linear scan.
 *
 * <p>Thread safety: not thread safe.
 */
public final class MergingRowIterator implements Iterator<Row> {

    private final List<Iterator<Row>> sources;
    private final Comparator<Clustering> order;
    private final Row[] heads;

    /**
     * @param sources iterators sorted by {@code order}
     * @param order   the clustering order of the sources (the table's, or its reverse)
     */
    public MergingRowIterator(List<Iterator<Row>> sources, Comparator<Clustering> order) {
        this.sources = sources;
        this.order = order;
        this.heads = new Row[sources.size()];
        for (int i = 0; i < heads.length; i++) {
            advance(i);
        }
    }

    private void advance(int source) {
        Iterator<Row> iterator = sources.get(source);
        heads[source] = iterator.hasNext() ? iterator.next() : null;
    }

    @Override
    public boolean hasNext() {
        for (Row head : heads) {
            if (head != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Row next() {
        Clustering smallest = null;
        for (Row head : heads) {
            if (head != null && (smallest == null || order.compare(head.clustering(), smallest) < 0)) {
                smallest = head.clustering();
            }
        }
        if (smallest == null) {
            throw new NoSuchElementException();
        }
        Row merged = null;
        for (int i = 0; i < heads.length; i++) {
            Row head = heads[i];
            if (head != null && order.compare(head.clustering(), smallest) == 0) {
                merged = merged == null ? head : merged.merge(head);
                advance(i);
            }
        }
        return merged;
    }
}
