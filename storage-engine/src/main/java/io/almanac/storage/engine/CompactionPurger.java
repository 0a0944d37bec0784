package io.almanac.storage.engine;

import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.sstable.SSTableReader;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, during a compaction, what of a merged partition is written (reference §5.1, Cassandra's
 * {@code getPurgeEvaluator}):
 * <ul>
 *   <li>data shadowed by a partition deletion, a covering range tombstone or a row deletion (timestamp &lt;= the
 *       deletion's) is dropped, as are range tombstones and row deletions the partition deletion shadows, and
 *       duplicate range tombstones;</li>
 *   <li>an expired cell or row marker becomes a tombstone with local deletion time = expiry - ttl (its write
 *       second) and keeps its timestamp;</li>
 *   <li>a tombstone or deletion (also a range tombstone) is purged when its local deletion time is before
 *       {@code now - gc_grace_seconds} and its timestamp is below the smallest timestamp of any SSTable outside the compaction that may hold the
 *       partition (token range and bloom filter) and of the table's memtables; otherwise it is kept.</li>
 * </ul>
 *
 * <p>Thread safety: used by the compaction thread only.
 */
final class CompactionPurger {

    private final List<SSTableReader> others;
    private final ClusteringComparator comparator;
    private final long memtableMinTimestampMicros;
    private final long nowSeconds;
    private final long gcBeforeSeconds;

    /**
     * @param others                    live SSTables of the table outside the compaction
     * @param memtableMinTimestampMicros the smallest timestamp in the table's memtables, or Long.MAX_VALUE
     */
    CompactionPurger(List<SSTableReader> others, ClusteringComparator comparator, long memtableMinTimestampMicros,
                     long nowSeconds, int gcGraceSeconds) {
        this.others = others;
        this.comparator = comparator;
        this.memtableMinTimestampMicros = memtableMinTimestampMicros;
        this.nowSeconds = nowSeconds;
        this.gcBeforeSeconds = nowSeconds - gcGraceSeconds;
    }

    /**
     * Writes the surviving part of one merged partition (nothing when nothing survives).
     *
     * @return the encoded bytes written, for throttling
     */
    long writePartition(DecoratedKey key, DeletionTime deletion, List<RangeTombstone> tombstones,
                        Iterator<Row> rows, SplitSSTableWriter writer) {
        long maxPurgeableMicros = maxPurgeableTimestamp(key);
        DeletionTime keptDeletion = deletion != null && purgeable(deletion.localDeletionTimeSeconds(),
                deletion.markedForDeleteAtMicros(), maxPurgeableMicros) ? null : deletion;
        List<RangeTombstone> keptTombstones = keptRangeTombstones(tombstones, deletion, maxPurgeableMicros);
        boolean started = false;
        long bytes = 0;
        while (rows.hasNext()) {
            Row next = rows.next();
            DeletionTime shadow = tombstones.isEmpty() ? deletion : DeletionTime.latest(deletion,
                    RangeTombstone.deletionAt(tombstones, next.clustering(), comparator));
            Row row = purge(next, shadow, maxPurgeableMicros);
            if (row == null) {
                continue;
            }
            if (!started) {
                writer.startPartition(key, keptDeletion, keptTombstones);
                started = true;
            }
            writer.addRow(row);
            bytes += RowCodec.rowSize(row);
        }
        if (!started && (keptDeletion != null || !keptTombstones.isEmpty())) {
            writer.startPartition(key, keptDeletion, keptTombstones);
            started = true;
        }
        if (started) {
            writer.endPartition();
        }
        return bytes;
    }

    /**
     * @return the range tombstones to write: without duplicates, those the partition deletion shadows and those
     *         purgeable
     */
    private List<RangeTombstone> keptRangeTombstones(List<RangeTombstone> tombstones, DeletionTime partitionDeletion,
                                                     long maxPurgeableMicros) {
        if (tombstones.isEmpty()) {
            return List.of();
        }
        Set<RangeTombstone> kept = new LinkedHashSet<>();
        for (RangeTombstone tombstone : tombstones) {
            DeletionTime deletion = tombstone.deletion();
            boolean shadowed = partitionDeletion != null
                    && partitionDeletion.deletes(deletion.markedForDeleteAtMicros());
            if (!shadowed && !purgeable(deletion.localDeletionTimeSeconds(), deletion.markedForDeleteAtMicros(),
                    maxPurgeableMicros)) {
                kept.add(tombstone);
            }
        }
        return List.copyOf(kept);
    }

    private long maxPurgeableTimestamp(DecoratedKey key) {
        long min = memtableMinTimestampMicros;
        for (SSTableReader other : others) {
            if (other.info().minTimestampMicros() < min && other.mayContain(key)) {
                min = other.info().minTimestampMicros();
            }
        }
        return min;
    }

    private boolean purgeable(long localDeletionTimeSeconds, long timestampMicros, long maxPurgeableMicros) {
        return localDeletionTimeSeconds < gcBeforeSeconds && timestampMicros < maxPurgeableMicros;
    }

    /**
     * @param partitionDeletion the deletion over the row from outside it: the partition deletion and the latest
     *                          range tombstone covering the row, or null
     * @return the row to write, or null when nothing of it remains
     */
    Row purge(Row row, DeletionTime partitionDeletion, long maxPurgeableMicros) {
        DeletionTime rowDeletion = row.deletion();
        if (rowDeletion != null && partitionDeletion != null
                && partitionDeletion.deletes(rowDeletion.markedForDeleteAtMicros())) {
            rowDeletion = null;
        }
        DeletionTime shadow = DeletionTime.latest(rowDeletion, partitionDeletion);
        Cell marker = purgeCell(row.marker(), shadow, maxPurgeableMicros);
        Cell[] cells = new Cell[row.cells().length];
        boolean any = marker != null;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = purgeCell(row.cells()[i], shadow, maxPurgeableMicros);
            any |= cells[i] != null;
        }
        if (rowDeletion != null && purgeable(rowDeletion.localDeletionTimeSeconds(),
                rowDeletion.markedForDeleteAtMicros(), maxPurgeableMicros)) {
            rowDeletion = null;
        }
        any |= rowDeletion != null;
        return any ? new Row(row.clustering(), marker, rowDeletion, cells) : null;
    }

    private Cell purgeCell(Cell cell, DeletionTime shadow, long maxPurgeableMicros) {
        if (cell == null || (shadow != null && shadow.deletes(cell.timestampMicros()))) {
            return null;
        }
        Cell result = cell;
        if (cell.isExpiring() && !cell.isLive(nowSeconds)) {
            result = new Cell(cell.timestampMicros(), 0, cell.localDeletionTimeSeconds() - cell.ttlSeconds(), null);
        }
        if (result.isTombstone() && purgeable(result.localDeletionTimeSeconds(), result.timestampMicros(),
                maxPurgeableMicros)) {
            return null;
        }
        return result;
    }
}
