package io.almanac.cql.statements;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The live rows of one partition as a read-modify-write sees them on the shard writer, updated with the mutations
 * the statements of the same request build one after the other (so two increments of one counter in one BATCH
 * both count, and a later element operation sees an earlier one).
 *
 * <p>Thread safety: not thread-safe; used on one shard writer thread for one update.
 */
final class CurrentRows {

    private final DecoratedKey key;
    private final ClusteringComparator comparator;
    private final TreeMap<Clustering, Row> rows;

    /** @param live the partition's live rows of the slice read, as the engine returned them */
    CurrentRows(DecoratedKey key, ClusteringComparator comparator, List<Row> live) {
        this.key = key;
        this.comparator = comparator;
        this.rows = new TreeMap<>(comparator);
        live.forEach(row -> rows.put(row.clustering(), row));
    }

    /** @return the partition these rows belong to */
    DecoratedKey key() {
        return key;
    }

    /** @return the live row at {@code clustering}, or null */
    Row row(Clustering clustering) {
        return rows.get(clustering);
    }

    /** @return the live cell of regular column {@code index} of the row at {@code clustering}, or null */
    Cell cell(Clustering clustering, int index) {
        Row row = rows.get(clustering);
        return row == null || index >= row.cells().length ? null : row.cells()[index];
    }

    /** @return the live rows, in clustering order */
    Collection<Row> rows() {
        return rows.values();
    }

    /** Applies {@code mutation} (of this partition) as if it had been written: later values replace earlier. */
    void overlay(Mutation mutation) {
        if (mutation.partitionDeletion() != null) {
            rows.clear();
        }
        if (!mutation.rangeTombstones().isEmpty()) {
            rows.keySet().removeIf(clustering -> RangeTombstone.deletionAt(mutation.rangeTombstones(), clustering,
                    comparator) != null);
        }
        for (Row written : mutation.rows()) {
            Row existing = written.deletion() != null ? null : rows.get(written.clustering());
            Cell[] cells = existing == null ? new Cell[written.cells().length] : existing.cells().clone();
            boolean any = false;
            for (int i = 0; i < written.cells().length; i++) {
                Cell cell = written.cells()[i];
                if (cell != null) {
                    cells[i] = cell.isTombstone() ? null : cell;
                }
                any |= cells[i] != null;
            }
            Cell marker = written.marker() != null ? written.marker() : existing == null ? null : existing.marker();
            if (marker != null || any) {
                rows.put(written.clustering(), new Row(written.clustering(), marker, null, cells));
            } else {
                rows.remove(written.clustering());
            }
        }
    }
}
