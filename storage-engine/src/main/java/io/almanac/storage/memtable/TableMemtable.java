package io.almanac.storage.memtable;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.DecoratedKey;
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
}
