package io.almanac.storage.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of a partition: its clustering, its row marker, an optional row deletion and one cell slot per regular
 * column ({@link io.almanac.storage.schema.TableMetadata#regularColumns()} order).
 *
 * <p>The row marker (Cassandra's primary-key liveness info) is a {@link Cell} with an empty value: INSERT writes
 * one, UPDATE does not. A row is live while its marker or any of its cells is live.
 *
 * @param clustering the row's clustering ({@link Clustering#EMPTY} for tables without clustering columns)
 * @param marker     the row marker, or null
 * @param deletion   the row deletion, or null
 * @param cells      cells by regular column index; a null slot means "no cell"; not copied
 */
public record Row(Clustering clustering, Cell marker, DeletionTime deletion, Cell[] cells) {

    /** The value of a live row marker. */
    public static final byte[] MARKER_VALUE = new byte[0];

    public Row {
        Objects.requireNonNull(clustering, "clustering");
        Objects.requireNonNull(cells, "cells");
    }

    /**
     * Reconciles two versions of the same row (same clustering, same column layout): per cell
     * {@link Cell#reconcile}, the later row deletion, and the row markers by the same rules.
     *
     * <p>Allocation: one row and one cell array.
     */
    public Row merge(Row other) {
        Cell[] merged = new Cell[Math.max(cells.length, other.cells.length)];
        for (int i = 0; i < merged.length; i++) {
            Cell left = i < cells.length ? cells[i] : null;
            Cell right = i < other.cells.length ? other.cells[i] : null;
            merged[i] = left == null ? right : right == null ? left : left.reconcile(right);
        }
        Cell mergedMarker = marker == null ? other.marker
                : other.marker == null ? marker : marker.reconcile(other.marker);
        return new Row(clustering, mergedMarker, DeletionTime.latest(deletion, other.deletion), merged);
    }

    /**
     * The row as a read sees it at {@code nowSeconds}: cells and marker shadowed by the row deletion or by
     * {@code partitionDeletion} are removed, as are tombstones and expired cells.
     *
     * @param partitionDeletion the partition's deletion, or null
     * @return the live row, or null when nothing of it is live
     */
    public Row live(DeletionTime partitionDeletion, long nowSeconds) {
        DeletionTime shadow = DeletionTime.latest(deletion, partitionDeletion);
        Cell liveMarker = marker != null && marker.isLive(nowSeconds)
                && (shadow == null || !shadow.deletes(marker.timestampMicros())) ? marker : null;
        Cell[] liveCells = new Cell[cells.length];
        boolean any = liveMarker != null;
        for (int i = 0; i < cells.length; i++) {
            Cell cell = cells[i];
            boolean shadowed = cell != null && shadow != null && shadow.deletes(cell.timestampMicros());
            if (cell != null && cell.isLive(nowSeconds) && !shadowed) {
                liveCells[i] = cell;
                any = true;
            }
        }
        return any ? new Row(clustering, liveMarker, null, liveCells) : null;
    }

    /** @return the largest timestamp in the row (marker, cells, deletion), or Long.MIN_VALUE for an empty row */
    public long maxTimestampMicros() {
        long max = marker == null ? Long.MIN_VALUE : marker.timestampMicros();
        if (deletion != null) {
            max = Math.max(max, deletion.markedForDeleteAtMicros());
        }
        for (Cell cell : cells) {
            if (cell != null) {
                max = Math.max(max, cell.timestampMicros());
            }
        }
        return max;
    }

    /** @return the smallest timestamp in the row (marker, cells, deletion), or Long.MAX_VALUE for an empty row */
    public long minTimestampMicros() {
        long min = marker == null ? Long.MAX_VALUE : marker.timestampMicros();
        if (deletion != null) {
            min = Math.min(min, deletion.markedForDeleteAtMicros());
        }
        for (Cell cell : cells) {
            if (cell != null) {
                min = Math.min(min, cell.timestampMicros());
            }
        }
        return min;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row that && clustering.equals(that.clustering) && Objects.equals(marker, that.marker)
                && Objects.equals(deletion, that.deletion) && Arrays.equals(cells, that.cells);
    }

    @Override
    public int hashCode() {
        return clustering.hashCode() * 31 + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "Row(" + clustering + ", marker=" + marker + ", deletion=" + deletion + ", cells="
                + Arrays.toString(cells) + ")";
    }
}
