package io.almanac.storage.memtable;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One partition of one table in a memtable: its partition deletion and its rows in clustering order.
 *
 * <p>Thread safety: one writer (the shard writer thread) merges updates in; any number of readers iterate
 * concurrently. Invariants: each row is replaced whole (readers see the old or the new version of a row, never a
 * mix); the deletion only moves to a later one.
 */
public final class MemtablePartition {

    private volatile DeletionTime deletion;
    private final ConcurrentSkipListMap<Clustering, Row> rows;

    MemtablePartition(ClusteringComparator comparator) {
        this.rows = new ConcurrentSkipListMap<>(comparator);
    }

    /** @return the partition deletion, or null */
    public DeletionTime deletion() {
        return deletion;
    }

    /** @return the rows by clustering (live view; do not modify) */
    public ConcurrentSkipListMap<Clustering, Row> rows() {
        return rows;
    }

    void delete(DeletionTime newDeletion) {
        deletion = DeletionTime.latest(deletion, newDeletion);
    }

    /** Merges {@code row} with the current version (writer thread only); @return whether the row is new */
    boolean merge(Row row) {
        Row existing = rows.get(row.clustering());
        rows.put(row.clustering(), existing == null ? row : existing.merge(row));
        return existing == null;
    }
}
