package io.almanac.storage.memtable;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shard's in-memory write buffer: per table, partitions in ring order, rows in clustering order, merged with
 * {@link Row#merge} (last write wins). Flushed whole to one SSTable per table.
 *
 * <p>Thread safety: a single writer (the shard writer thread) applies mutations; readers and the flush executor
 * read concurrently. Invariants: after the writer switched to a new memtable this one is never written again, so
 * the flush sees a stable content.
 */
public final class Memtable {

    /** Estimated heap bytes per row and per partition beyond the encoded data (map nodes, objects). */
    private static final int ROW_OVERHEAD_BYTES = 120;
    private static final int PARTITION_OVERHEAD_BYTES = 160;

    private final ConcurrentHashMap<UUID, TableMemtable> tables = new ConcurrentHashMap<>();
    private volatile long estimatedSizeBytes;
    private volatile long mutationCount;

    /**
     * Applies one mutation (writer thread only).
     *
     * @param encodedBytes the mutation's encoded size, for the size estimate
     */
    public void apply(TableLayout layout, DecoratedKey key, DeletionTime partitionDeletion, List<Row> rows,
                      int encodedBytes) {
        apply(layout, key, partitionDeletion, rows, List.of(), encodedBytes);
    }

    /**
     * Applies one mutation with range tombstones (writer thread only).
     *
     * @param rangeTombstones the mutation's range tombstones (kept, not copied)
     * @param encodedBytes    the mutation's encoded size, for the size estimate
     */
    public void apply(TableLayout layout, DecoratedKey key, DeletionTime partitionDeletion, List<Row> rows,
                      List<RangeTombstone> rangeTombstones, int encodedBytes) {
        UUID tableId = layout.table().id();
        TableMemtable table = tables.get(tableId);
        if (table == null) {
            table = new TableMemtable(layout);
            tables.put(tableId, table);
        } else if (table.layout() != layout
                && !table.layout().table().regularColumns().equals(layout.table().regularColumns())) {
            table = table.relayout(layout);
            tables.put(tableId, table);
        }
        long added = encodedBytes;
        MemtablePartition partition = table.existing(key);
        if (partition == null) {
            partition = table.create(key);
            added += PARTITION_OVERHEAD_BYTES;
        }
        if (partitionDeletion != null) {
            partition.delete(partitionDeletion);
            table.noteTimestamp(partitionDeletion.markedForDeleteAtMicros());
        }
        for (RangeTombstone tombstone : rangeTombstones) {
            partition.addRangeTombstone(tombstone);
            table.noteTimestamp(tombstone.deletion().markedForDeleteAtMicros());
        }
        for (Row row : rows) {
            if (partition.merge(row)) {
                table.noteNewRow();
                added += ROW_OVERHEAD_BYTES;
            }
            table.noteTimestamp(row.minTimestampMicros());
        }
        estimatedSizeBytes = estimatedSizeBytes + added;
        mutationCount = mutationCount + 1;
    }

    /** @return the table's part of this memtable, or null */
    public TableMemtable table(UUID tableId) {
        return tables.get(tableId);
    }

    public Collection<TableMemtable> tables() {
        return tables.values();
    }

    /** Forgets a dropped table's data. */
    public void dropTable(UUID tableId) {
        tables.remove(tableId);
    }

    /** @return the estimated size, bytes */
    public long estimatedSizeBytes() {
        return estimatedSizeBytes;
    }

    /** @return the number of mutations applied */
    public long mutationCount() {
        return mutationCount;
    }

    public boolean isEmpty() {
        return mutationCount == 0;
    }
}
