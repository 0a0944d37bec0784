package io.almanac.server.model;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model of one partition: every write ever applied, reduced to its reconciled winner per cell, row marker and
 * deletion level. Nothing is ever purged here; what a read sees is computed at read time from these winners and
 * "now" ({@link #liveRows}).
 *
 * <p>Deletions are kept per level and combined in one place, {@link #deletionCovering}: the partition deletion and
 * the row deletion today. A range deletion (range tombstone) is one more level: keep the applied ones in a list here
 * ({@link #apply} adds the mutation's), let {@code deletionCovering} also take the latest of those whose bounds
 * contain the clustering ({@link StorageModel#contains(ModelTable, Clustering, boolean, Clustering, boolean,
 * Clustering)}), and let {@link #mayHavePurgedShadowAtOrAfter} check their deletions like the row deletions.
 *
 * <p>Thread safety: confined to the test thread.
 */
final class ModelPartition {

    private final ModelTable table;
    private final TreeMap<Clustering, ModelRow> rows;
    private DeletionTime partitionDeletion;

    ModelPartition(ModelTable table) {
        this.table = table;
        this.rows = new TreeMap<>(table.storageOrder());
    }

    /** One row's winners: marker, row deletion, one cell per regular column. */
    private static final class ModelRow {
        Cell marker;
        DeletionTime deletion;
        final Cell[] cells;

        ModelRow(int columns) {
            cells = new Cell[columns];
        }
    }

    /** Applies one mutation's partition deletion (may be null) and rows, by {@link ModelRules#reconcile}. */
    void apply(DeletionTime deletion, List<Row> updates) {
        partitionDeletion = ModelRules.later(partitionDeletion, deletion);
        for (Row update : updates) {
            ModelRow row = rows.computeIfAbsent(update.clustering(), c -> new ModelRow(table.regularColumns()));
            row.marker = ModelRules.reconcile(row.marker, update.marker());
            row.deletion = ModelRules.later(row.deletion, update.deletion());
            for (int i = 0; i < update.cells().length; i++) {
                row.cells[i] = ModelRules.reconcile(row.cells[i], update.cells()[i]);
            }
        }
    }

    /** @return the latest deletion covering the row at {@code clustering}: partition, row (and range) deletions */
    private DeletionTime deletionCovering(Clustering clustering, ModelRow row) {
        return ModelRules.later(partitionDeletion, row.deletion);
    }

    /**
     * @return the rows a read at {@code nowSeconds} sees, in clustering order: each with its live marker (if any) and
     *         live cells (other slots null), no deletion; rows with neither a live marker nor a live cell left out
     */
    List<Row> liveRows(long nowSeconds) {
        List<Row> live = new ArrayList<>();
        for (Map.Entry<Clustering, ModelRow> entry : rows.entrySet()) {
            ModelRow row = entry.getValue();
            DeletionTime covering = deletionCovering(entry.getKey(), row);
            Cell marker = visible(row.marker, covering, nowSeconds);
            Cell[] cells = new Cell[row.cells.length];
            boolean any = marker != null;
            for (int i = 0; i < cells.length; i++) {
                cells[i] = visible(row.cells[i], covering, nowSeconds);
                any |= cells[i] != null;
            }
            if (any) {
                live.add(new Row(entry.getKey(), marker, null, cells));
            }
        }
        return live;
    }

    private static Cell visible(Cell cell, DeletionTime covering, long nowSeconds) {
        return ModelRules.isLive(cell, nowSeconds) && !ModelRules.shadows(covering, cell.timestampMicros())
                ? cell : null;
    }

    /**
     * Whether a write at {@code timestampMicros} (older than data already here, or tied with it) could be judged
     * differently by the engine than by this model: some deletion, tombstone or expired cell at or after that
     * timestamp may already have been purged (gc_grace_seconds passed), after which the old write would resurface
     * in Cassandra as well. The generator gives such writes a fresh timestamp instead.
     */
    boolean mayHavePurgedShadowAtOrAfter(long timestampMicros, long nowSeconds, long gcBeforeSeconds) {
        if (covers(partitionDeletion, timestampMicros) && ModelRules.mayBePurged(partitionDeletion, gcBeforeSeconds)) {
            return true;
        }
        for (ModelRow row : rows.values()) {
            if (covers(row.deletion, timestampMicros) && ModelRules.mayBePurged(row.deletion, gcBeforeSeconds)) {
                return true;
            }
            if (purgeableAtOrAfter(row.marker, timestampMicros, nowSeconds, gcBeforeSeconds)) {
                return true;
            }
            for (Cell cell : row.cells) {
                if (purgeableAtOrAfter(cell, timestampMicros, nowSeconds, gcBeforeSeconds)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean covers(DeletionTime deletion, long timestampMicros) {
        return ModelRules.shadows(deletion, timestampMicros);
    }

    private static boolean purgeableAtOrAfter(Cell cell, long timestampMicros, long nowSeconds,
                                              long gcBeforeSeconds) {
        return cell != null && cell.timestampMicros() >= timestampMicros
                && ModelRules.mayBePurged(cell, nowSeconds, gcBeforeSeconds);
    }

    /**
     * @return the timestamps of the winners in the rows at {@code clusterings} (markers, deletions, cells), or of the
     *         whole partition when {@code clusterings} is empty; for writes that tie with existing data
     */
    List<Long> timestamps(List<Clustering> clusterings) {
        List<Long> timestamps = new ArrayList<>();
        if (partitionDeletion != null) {
            timestamps.add(partitionDeletion.markedForDeleteAtMicros());
        }
        for (Map.Entry<Clustering, ModelRow> entry : rows.entrySet()) {
            if (!clusterings.isEmpty() && !clusterings.contains(entry.getKey())) {
                continue;
            }
            ModelRow row = entry.getValue();
            if (row.marker != null) {
                timestamps.add(row.marker.timestampMicros());
            }
            if (row.deletion != null) {
                timestamps.add(row.deletion.markedForDeleteAtMicros());
            }
            for (Cell cell : row.cells) {
                if (cell != null) {
                    timestamps.add(cell.timestampMicros());
                }
            }
        }
        return timestamps;
    }

    /** @return the earliest expiry second after {@code nowSeconds} of an expiring marker or cell, or Long.MAX_VALUE */
    long nextExpirySeconds(long nowSeconds) {
        long next = Long.MAX_VALUE;
        for (ModelRow row : rows.values()) {
            next = Math.min(next, expiryAfter(row.marker, nowSeconds));
            for (Cell cell : row.cells) {
                next = Math.min(next, expiryAfter(cell, nowSeconds));
            }
        }
        return next;
    }

    private static long expiryAfter(Cell cell, long nowSeconds) {
        return cell != null && cell.ttlSeconds() > 0 && cell.localDeletionTimeSeconds() > nowSeconds
                ? cell.localDeletionTimeSeconds() : Long.MAX_VALUE;
    }

    /** @return the model's full state of this partition, for failure reports */
    String describe() {
        StringBuilder text = new StringBuilder("partition deletion=" + partitionDeletion);
        for (Map.Entry<Clustering, ModelRow> entry : rows.entrySet()) {
            ModelRow row = entry.getValue();
            text.append("\n      ").append(table.describe(entry.getKey())).append(" marker=").append(row.marker)
                    .append(" deletion=").append(row.deletion).append(" cells=")
                    .append(java.util.Arrays.toString(row.cells));
        }
        return text.toString();
    }
}
