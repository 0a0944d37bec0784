package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.memtable.MemtablePartition;
import io.almanac.storage.memtable.TableMemtable;
import io.almanac.storage.read.MergingRowIterator;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.sstable.SSTablePartition;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.write.MemtableView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * The single-partition read path (ARCHITECTURE.md "Read path"): the owning shard's memtables (current and
 * flushing) and the table's live SSTables whose token range, bloom filter and clustering bounds can match, merged by
 * clustering, reconciled, with partition deletion, range tombstones (from every source, whatever its age: a
 * tombstone shadows by timestamp) and expiry applied, the slice, order and limit honoured.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class PartitionReader {

    private PartitionReader() {
    }

    /**
     * @param view the owning shard's memtables, taken before the SSTable set (so a memtable whose flush finishes
     *             meanwhile is still seen, either as memtable or as SSTable)
     * @param counters counts the read and the SSTables whose partition index held the key
     */
    static List<Row> read(ReadCommand command, TableStore store, MemtableView view, EngineCounters counters) {
        TableLayout layout = store.layout();
        ClusteringComparator comparator = layout.comparator();
        Slice slice = command.slice();
        DeletionTime partitionDeletion = null;
        List<RangeTombstone> tombstones = new ArrayList<>();
        List<Iterator<Row>> sources = new ArrayList<>();
        boolean statics = command.table().hasStaticColumns();
        Row staticRow = null;
        for (Memtable memtable : view.all()) {
            TableMemtable table = memtable.table(command.table().id());
            MemtablePartition partition = table == null ? null : table.partition(command.key());
            if (partition != null) {
                Row stored = statics ? partition.rows().get(Clustering.STATIC) : null;
                if (stored != null) {
                    staticRow = mergeStatic(staticRow, layout.adapt(List.of(stored).iterator(), table.layout()));
                }
                partitionDeletion = DeletionTime.latest(partitionDeletion, partition.deletion());
                tombstones.addAll(partition.rangeTombstones());
                sources.add(layout.adapt(memtableRows(partition.rows(), slice, command.reversed(), comparator),
                        table.layout()));
            }
        }
        List<SSTableReader> readers = store.acquireLive();
        int consulted = 0;
        try {
            for (SSTableReader reader : readers) {
                if (!statics && reader.statistics().tombstoneCount() == 0 && !reader.mayIntersect(slice, comparator)) {
                    continue; // no row of the slice and no deletion that could shadow one: skip the index lookup
                }
                SSTablePartition partition = reader.find(command.key());
                if (partition == null) {
                    continue;
                }
                consulted++;
                if (statics) {
                    staticRow = mergeStatic(staticRow,
                            layout.adapt(partition.rows(Slice.ALL, false, comparator), reader.layout()));
                }
                partitionDeletion = DeletionTime.latest(partitionDeletion, partition.deletion());
                tombstones.addAll(partition.rangeTombstones());
                if (reader.mayIntersect(slice, comparator)) {
                    sources.add(layout.adapt(partition.rows(slice, command.reversed(), comparator), reader.layout()));
                }
            }
            Comparator<Clustering> order = command.reversed() ? comparator.reversed() : comparator;
            Iterator<Row> merged = new MergingRowIterator(sources, order);
            List<Row> rows = liveRows(merged, partitionDeletion, overlapping(tombstones, slice, comparator),
                    comparator, command.limit(), command.nowSeconds());
            return withStatic(staticRow, partitionDeletion, rows, command.nowSeconds());
        } finally {
            TableStore.releaseAll(readers);
            counters.partitionRead(consulted);
        }
    }

    /** @return {@code merged} reconciled with {@code row} (either may be null) */
    static Row mergeStatic(Row merged, Row row) {
        return row == null ? merged : merged == null ? row : merged.merge(row);
    }

    /**
     * @param rows a source's rows from its start (the static row, when it has one, comes first)
     * @return {@code merged} reconciled with the source's static row
     */
    static Row mergeStatic(Row merged, Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return merged;
        }
        Row first = rows.next();
        return first.clustering().isStatic() ? mergeStatic(merged, first) : merged;
    }

    /**
     * @return {@code rows} preceded by the live part of the partition's static row, when it has one: the static
     *         row is returned whatever the slice, order and limit (it does not count towards the limit); only the
     *         partition deletion shadows it
     */
    static List<Row> withStatic(Row staticRow, DeletionTime partitionDeletion, List<Row> rows, long nowSeconds) {
        Row live = staticRow == null ? null : staticRow.live(partitionDeletion, nowSeconds);
        if (live == null) {
            return rows;
        }
        List<Row> result = new ArrayList<>(rows.size() + 1);
        result.add(live);
        result.addAll(rows);
        return result;
    }

    /**
     * @return the tombstones that may cover a row of {@code slice} (those wholly before or after it cannot), so a
     *         read of a short slice does not test each row against every tombstone of a long-lived partition
     */
    static List<RangeTombstone> overlapping(List<RangeTombstone> tombstones, Slice slice,
                                            ClusteringComparator comparator) {
        if (tombstones.isEmpty() || (slice.start().isUnbounded() && slice.end().isUnbounded())) {
            return tombstones;
        }
        ClusteringBound sliceStart = new ClusteringBound(slice.start().prefix(), slice.start().inclusive());
        ClusteringBound sliceEnd = new ClusteringBound(slice.end().prefix(), slice.end().inclusive());
        List<RangeTombstone> overlapping = new ArrayList<>(tombstones.size());
        for (RangeTombstone tombstone : tombstones) {
            boolean startsAfterSlice = new RangeTombstone(tombstone.start(), sliceEnd, tombstone.deletion())
                    .isEmpty(comparator);
            boolean endsBeforeSlice = new RangeTombstone(sliceStart, tombstone.end(), tombstone.deletion())
                    .isEmpty(comparator);
            if (!startsAfterSlice && !endsBeforeSlice) {
                overlapping.add(tombstone);
            }
        }
        return overlapping;
    }

    /**
     * @return up to {@code limit} live rows of {@code merged}: rows as {@link Row#live} sees them under the partition
     *         deletion and the latest range tombstone covering each; static rows are skipped ({@link #withStatic})
     */
    static List<Row> liveRows(Iterator<Row> merged, DeletionTime partitionDeletion, List<RangeTombstone> tombstones,
                              ClusteringComparator comparator, int limit, long nowSeconds) {
        List<Row> result = new ArrayList<>();
        while (result.size() < limit && merged.hasNext()) {
            Row row = merged.next();
            if (row.clustering().isStatic()) {
                continue;
            }
            DeletionTime shadow = tombstones.isEmpty() ? partitionDeletion : DeletionTime.latest(partitionDeletion,
                    RangeTombstone.deletionAt(tombstones, row.clustering(), comparator));
            Row live = row.live(shadow, nowSeconds);
            if (live != null) {
                result.add(live);
            }
        }
        return result;
    }

    /** @return the rows of a memtable partition inside {@code slice}, in storage order or reversed */
    static Iterator<Row> memtableRows(NavigableMap<Clustering, Row> rows, Slice slice, boolean reversed,
                                      ClusteringComparator comparator) {
        NavigableMap<Clustering, Row> range;
        if (!reversed) {
            range = slice.start().isUnbounded() ? rows : rows.tailMap(slice.start().prefix(), true);
        } else if (slice.end().isUnbounded()) {
            range = rows.descendingMap();
        } else {
            Clustering firstAfterEnd = null;
            for (Clustering clustering : rows.tailMap(slice.end().prefix(), true).keySet()) {
                if (slice.after(clustering, comparator)) {
                    firstAfterEnd = clustering;
                    break;
                }
            }
            range = (firstAfterEnd == null ? rows : rows.headMap(firstAfterEnd, false)).descendingMap();
        }
        return new SliceIterator(range.entrySet().iterator(), slice, reversed, comparator);
    }

    /** Skips rows before the slice (in iteration order) and stops at the first one past it. */
    private static final class SliceIterator implements Iterator<Row> {
        private final Iterator<Map.Entry<Clustering, Row>> rows;
        private final Slice slice;
        private final boolean reversed;
        private final ClusteringComparator comparator;
        private Row next;
        private boolean done;

        SliceIterator(Iterator<Map.Entry<Clustering, Row>> rows, Slice slice, boolean reversed,
                      ClusteringComparator comparator) {
            this.rows = rows;
            this.slice = slice;
            this.reversed = reversed;
            this.comparator = comparator;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done && rows.hasNext()) {
                Row row = rows.next().getValue();
                boolean beforeStart = reversed ? slice.after(row.clustering(), comparator)
                        : slice.before(row.clustering(), comparator);
                boolean pastEnd = reversed ? slice.before(row.clustering(), comparator)
                        : slice.after(row.clustering(), comparator);
                if (pastEnd) {
                    done = true;
                } else if (!beforeStart) {
                    next = row;
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = next;
            next = null;
            return row;
        }
    }
}
