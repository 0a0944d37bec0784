package io.almanac.storage.memtable;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The partitions one table has in one shard's memtable, in ring order (token, then key bytes).
 *
 * <p>Thread safety: one writer, concurrent readers (see {@link MemtablePartition}).
 */
public final class TableMemtable {

    private final TableLayout layout;
    private final ConcurrentSkipListMap<DecoratedKey, MemtablePartition> partitions = new ConcurrentSkipListMap<>();
    private volatile long minTimestampMicros = Long.MAX_VALUE;
    private volatile long rowCount;
    /** Estimated bytes and mutations this part adds to its memtable's totals (for splitting a memtable). */
    private volatile long estimatedSizeBytes;
    private volatile long mutationCount;

    TableMemtable(TableLayout layout) {
        this.layout = layout;
    }

    public TableLayout layout() {
        return layout;
    }

    /** @return the partitions in ring order (live view; do not modify) */
    public ConcurrentSkipListMap<DecoratedKey, MemtablePartition> partitions() {
        return partitions;
    }

    /** @return the partition, or null */
    public MemtablePartition partition(DecoratedKey key) {
        return partitions.get(key);
    }

    /** @return the smallest timestamp written to this table in this memtable, microseconds, or Long.MAX_VALUE */
    public long minTimestampMicros() {
        return minTimestampMicros;
    }

    /** @return the number of distinct rows (approximate while the writer is running) */
    public long rowCount() {
        return rowCount;
    }

    /** @return the existing partition, or null (writer thread) */
    /**
     * A copy of this memtable part with its rows moved into {@code newLayout} (the table was altered); the writer
     * replaces this part with the copy, so readers see either whole part. Allocation: a copy of every row.
     */
    TableMemtable relayout(TableLayout newLayout) {
        TableMemtable copy = new TableMemtable(newLayout);
        int[] mapping = newLayout.mapColumns(layout.columnNames());
        for (Map.Entry<DecoratedKey, MemtablePartition> entry : partitions.entrySet()) {
            MemtablePartition partition = copy.create(entry.getKey());
            DeletionTime deletion = entry.getValue().deletion();
            if (deletion != null) {
                partition.delete(deletion);
            }
            for (Row row : entry.getValue().rows().values()) {
                partition.merge(newLayout.adapt(row, mapping));
            }
        }
        copy.minTimestampMicros = minTimestampMicros;
        copy.rowCount = rowCount;
        copy.estimatedSizeBytes = estimatedSizeBytes;
        copy.mutationCount = mutationCount;
        return copy;
    }

    MemtablePartition existing(DecoratedKey key) {
        return partitions.get(key);
    }

    /** Adds a new, empty partition (writer thread). */
    MemtablePartition create(DecoratedKey key) {
        MemtablePartition partition = new MemtablePartition(layout.comparator());
        partitions.put(key, partition);
        return partition;
    }

    void noteTimestamp(long timestampMicros) {
        if (timestampMicros < minTimestampMicros) {
            minTimestampMicros = timestampMicros;
        }
    }

    void noteNewRow() {
        rowCount = rowCount + 1;
    }

    /** Counts one applied mutation of {@code addedBytes} estimated bytes (writer thread). */
    void noteMutation(long addedBytes) {
        estimatedSizeBytes = estimatedSizeBytes + addedBytes;
        mutationCount = mutationCount + 1;
    }

    /** @return the estimated bytes this part adds to its memtable */
    long estimatedSizeBytes() {
        return estimatedSizeBytes;
    }

    long mutationCount() {
        return mutationCount;
    }
}
