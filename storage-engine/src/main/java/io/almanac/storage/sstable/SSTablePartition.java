package io.almanac.storage.sstable;

import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Slice;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One partition of an open SSTable: its key, its deletion, its range tombstones and lazy access to its rows.
 *
 * <p>Thread safety: immutable; iterators are single-threaded. Valid while the caller holds a reference on the
 * SSTable.
 */
public final class SSTablePartition {

    private final SSTableReader reader;
    private final PartitionIndex.IndexedPartition indexed;

    SSTablePartition(SSTableReader reader, PartitionIndex.IndexedPartition indexed) {
        this.reader = reader;
        this.indexed = indexed;
    }

    public DecoratedKey key() {
        return indexed.key();
    }

    /** @return the partition deletion, or null */
    public DeletionTime deletion() {
        return indexed.deletion();
    }

    /** @return the partition's range tombstones, in no particular order (empty when it has none) */
    public List<RangeTombstone> rangeTombstones() {
        return indexed.rangeTombstones();
    }

    /**
     * @return the partition's rows inside {@code slice}, in storage order or reversed; only the blocks whose
     *         first/last clustering overlap the slice are read and decompressed, and only as iteration reaches them
     * @throws CorruptSSTableException (from the iterator) when a block fails its checks
     */
    public Iterator<Row> rows(Slice slice, boolean reversed, ClusteringComparator comparator) {
        List<PartitionIndex.BlockEntry> overlapping = new ArrayList<>();
        for (PartitionIndex.BlockEntry entry : indexed.entries()) {
            if (!slice.after(entry.first(), comparator) && !slice.before(entry.last(), comparator)) {
                overlapping.add(entry);
            }
        }
        return new SSTableReader.EntryRowIterator(reader, overlapping, slice, reversed);
    }
}
