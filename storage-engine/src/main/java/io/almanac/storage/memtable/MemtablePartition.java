package io.almanac.storage.memtable;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One partition of one table in a memtable: its partition deletion, its range tombstones (in arrival order; they
 * may overlap) and its rows in clustering order.
 *
 * <p>Thread safety: one writer (the shard writer thread) merges updates in; any number of readers iterate
 * concurrently. Invariants: each row is replaced whole (readers see the old or the new version of a row, never a
 * mix); the deletion only moves to a later one; the range tombstone list is replaced whole (copy on write) and
 * only grows.
 */
public final class MemtablePartition {

    private volatile DeletionTime deletion;
    private volatile List<RangeTombstone> rangeTombstones = List.of();
    private final ConcurrentSkipListMap<Clustering, Row> rows;

    MemtablePartition(ClusteringComparator comparator) {
        this.rows = new ConcurrentSkipListMap<>(comparator);
    }

    /** @return the partition deletion, or null */
    public DeletionTime deletion() {
        return deletion;
    }

    /** @return the range tombstones (an immutable snapshot) */
    public List<RangeTombstone> rangeTombstones() {
        return rangeTombstones;
    }

    /** @return the rows by clustering (live view; do not modify) */
    public ConcurrentSkipListMap<Clustering, Row> rows() {
        return rows;
    }

    void delete(DeletionTime newDeletion) {
        deletion = DeletionTime.latest(deletion, newDeletion);
    }

    void addRangeTombstone(RangeTombstone tombstone) {
        List<RangeTombstone> grown = new ArrayList<>(rangeTombstones.size() + 1);
        grown.addAll(rangeTombstones);
        grown.add(tombstone);
        rangeTombstones = List.copyOf(grown);
    }

    /** Merges {@code row} with the current version (writer thread only); @return whether the row is new */
    boolean merge(Row row) {
        Row existing = rows.get(row.clustering());
        rows.put(row.clustering(), existing == null ? row : existing.merge(row));
        return existing == null;
    }
}
