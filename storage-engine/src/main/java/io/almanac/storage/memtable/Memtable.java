package io.almanac.storage.memtable;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shard's in-memory write buffer: per table, partitions in ring order, rows in clustering order, merged with
 * {@link Row#merge} (last write wins). Flushed whole to one SSTable per table, or split
 * by table ({@link #split}) to flush only some tables.
 *
 * <p>Thread safety: a single writer (the shard writer thread) applies mutations; readers and the flush executor
 * read concurrently. Invariants: after the writer switched to a new memtable this one is never written again, so
 * the flush sees a stable content. A memtable split by table is replaced in the shard's view by the two halves; the
 * half that stays current shares (and keeps writing) its parts with the old memtable, which only readers that took
 * the view before the split still look at, and which is never flushed.
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
        table.noteMutation(added);
    }

    /**
     * Splits this memtable by table (writer thread, for flushing some tables only): the parts of {@code tableIds}
     * go to one new memtable, every other part to another; both hold the same part objects, this memtable is left
     * as it is (a reader still holding it sees all data), and the writer continues in {@link Split#rest()}.
     *
     * @param tableIds ids of the tables to split off
     * @return the two memtables, with this memtable's size and mutation count divided between them
     */
    public Split split(Set<UUID> tableIds) {
        Memtable named = new Memtable();
        Memtable rest = new Memtable();
        for (Map.Entry<UUID, TableMemtable> entry : tables.entrySet()) {
            Memtable target = tableIds.contains(entry.getKey()) ? named : rest;
            TableMemtable part = entry.getValue();
            target.tables.put(entry.getKey(), part);
            target.estimatedSizeBytes += part.estimatedSizeBytes();
            target.mutationCount += part.mutationCount();
        }
        return new Split(named, rest);
    }

    /**
     * A memtable split by table.
     *
     * @param named the parts of the named tables (to flush)
     * @param rest  the parts of every other table (to keep writing to)
     */
    public record Split(Memtable named, Memtable rest) {
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
