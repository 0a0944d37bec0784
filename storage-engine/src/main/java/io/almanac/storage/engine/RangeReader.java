package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.memtable.MemtablePartition;
import io.almanac.storage.memtable.TableMemtable;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.MergingRowIterator;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.sstable.SSTablePartition;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.write.MemtableView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The range read path: every shard's memtables (current and flushing) and all live SSTables of a table, walked
 * together in ring order (token, then key bytes). Each partition met is read as {@link PartitionReader} reads one:
 * its rows merged by clustering, reconciled, with partition and row deletions and expiry applied; partitions with
 * no live row in the slice are skipped. An SSTable whose min/max clustering cannot meet the slice gives only its
 * partition deletions, never its rows; inside a partition only the blocks overlapping the slice are read.
 *
 * <p>Cost: a partition whose rows are all deleted is still read; SSTable blocks shared by several partitions are
 * decompressed once per partition.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class RangeReader {

    private RangeReader() {
    }

    /**
     * @param views every shard's memtables, taken before the SSTable set (see {@link PartitionReader#read})
     */
    static List<PartitionRows> read(RangeReadCommand command, TableStore store, List<MemtableView> views) {
        if (command.minTokenInclusive() > command.maxTokenInclusive()) {
            return List.of();
        }
        DecoratedKey start = startKey(command);
        boolean startInclusive = command.afterKey() == null || command.afterClustering() != null
                || start != command.afterKey();
        List<PartitionSource> sources = new ArrayList<>();
        for (MemtableView view : views) {
            for (Memtable memtable : view.all()) {
                TableMemtable table = memtable.table(command.table().id());
                if (table != null) {
                    sources.add(new MemtableSource(table.layout(), table.partitions().tailMap(start, startInclusive)
                            .entrySet().iterator()));
                }
            }
        }
        List<SSTableReader> readers = store.acquireLive();
        try {
            for (SSTableReader reader : readers) {
                sources.add(new SSTableSource(reader, start, startInclusive));
            }
            return merge(command, store.layout(), sources);
        } finally {
            TableStore.releaseAll(readers);
        }
    }

    /** @return the first key to look at: the resume key, or the smallest key of the first token */
    private static DecoratedKey startKey(RangeReadCommand command) {
        DecoratedKey tokenStart = new DecoratedKey(command.minTokenInclusive(), new byte[0]);
        DecoratedKey after = command.afterKey();
        return after == null || after.compareTo(tokenStart) < 0 ? tokenStart : after;
    }

    private static List<PartitionRows> merge(RangeReadCommand command, TableLayout layout,
                                             List<PartitionSource> sources) {
        ClusteringComparator comparator = layout.comparator();
        List<PartitionRows> result = new ArrayList<>();
        int remaining = command.rowLimit();
        while (remaining > 0) {
            DecoratedKey smallest = null;
            for (PartitionSource source : sources) {
                DecoratedKey head = source.head();
                if (head != null && (smallest == null || head.compareTo(smallest) < 0)) {
                    smallest = head;
                }
            }
            if (smallest == null || smallest.token() > command.maxTokenInclusive()) {
                return result;
            }
            Slice slice = command.slice();
            boolean resumed = command.afterClustering() != null && smallest.equals(command.afterKey());
            if (resumed) {
                slice = new Slice(Bound.exclusive(command.afterClustering()), slice.end());
            }
            DeletionTime deletion = null;
            List<RangeTombstone> tombstones = new ArrayList<>();
            List<Iterator<Row>> rows = new ArrayList<>();
            Row staticRow = null;
            for (PartitionSource source : sources) {
                if (smallest.equals(source.head())) {
                    deletion = DeletionTime.latest(deletion, source.deletion());
                    tombstones.addAll(source.rangeTombstones());
                    if (command.table().hasStaticColumns()) {
                        staticRow = PartitionReader.mergeStatic(staticRow,
                                layout.adapt(source.rows(Slice.ALL, comparator), source.layout()));
                    }
                    rows.add(layout.adapt(source.rows(slice, comparator), source.layout()));
                    source.advance();
                }
            }
            List<Row> live = PartitionReader.liveRows(new MergingRowIterator(rows, comparator), deletion,
                    PartitionReader.overlapping(tombstones, slice, comparator), comparator,
                    Math.min(remaining, command.perPartitionLimit()), command.nowSeconds());
            int clusteredRows = live.size();
            if (!resumed || clusteredRows > 0) {
                // a partition resumed after its last row is not returned again for its static row alone
                live = PartitionReader.withStatic(staticRow, deletion, live, command.nowSeconds());
            }
            if (!live.isEmpty()) {
                result.add(new PartitionRows(smallest, live));
                remaining -= Math.max(1, clusteredRows);
            }
        }
        return result;
    }

    /** A cursor over the partitions of one memtable or SSTable, in ring order. */
    private interface PartitionSource {
        /** @return the current partition's key, or null when exhausted */
        DecoratedKey head();

        /** @return the current partition's deletion, or null */
        DeletionTime deletion();

        /** @return the current partition's range tombstones */
        List<RangeTombstone> rangeTombstones();

        /** @return the current partition's rows inside {@code slice}, in clustering order */
        Iterator<Row> rows(Slice slice, ClusteringComparator comparator);

        /** @return the layout the rows are in */
        TableLayout layout();

        void advance();
    }

    private static final class MemtableSource implements PartitionSource {
        private final TableLayout layout;
        private final Iterator<Map.Entry<DecoratedKey, MemtablePartition>> partitions;
        private Map.Entry<DecoratedKey, MemtablePartition> current;

        MemtableSource(TableLayout layout, Iterator<Map.Entry<DecoratedKey, MemtablePartition>> partitions) {
            this.layout = layout;
            this.partitions = partitions;
            advance();
        }

        @Override
        public TableLayout layout() {
            return layout;
        }

        @Override
        public DecoratedKey head() {
            return current == null ? null : current.getKey();
        }

        @Override
        public DeletionTime deletion() {
            return current.getValue().deletion();
        }

        @Override
        public List<RangeTombstone> rangeTombstones() {
            return current.getValue().rangeTombstones();
        }

        @Override
        public Iterator<Row> rows(Slice slice, ClusteringComparator comparator) {
            return PartitionReader.memtableRows(current.getValue().rows(), slice, false, comparator);
        }

        @Override
        public void advance() {
            current = partitions.hasNext() ? partitions.next() : null;
        }
    }

    private static final class SSTableSource implements PartitionSource {
        private final SSTableReader reader;
        private int position;
        private SSTablePartition current;

        SSTableSource(SSTableReader reader, DecoratedKey start, boolean inclusive) {
            this.reader = reader;
            this.position = reader.firstPartitionFrom(start.token());
            load();
            while (current != null && (inclusive ? current.key().compareTo(start) < 0
                    : current.key().compareTo(start) <= 0)) {
                position++;
                load();
            }
        }

        @Override
        public TableLayout layout() {
            return reader.layout();
        }

        private void load() {
            current = position < reader.partitionCount() ? reader.partition(position) : null;
        }

        @Override
        public DecoratedKey head() {
            return current == null ? null : current.key();
        }

        @Override
        public DeletionTime deletion() {
            return current.deletion();
        }

        @Override
        public List<RangeTombstone> rangeTombstones() {
            return current.rangeTombstones();
        }

        @Override
        public Iterator<Row> rows(Slice slice, ClusteringComparator comparator) {
            // the partition deletion is still taken (it may shadow rows of other sources); rows only if they can match
            return reader.mayIntersect(slice, comparator) ? current.rows(slice, false, comparator)
                    : Collections.emptyIterator();
        }

        @Override
        public void advance() {
            position++;
            load();
        }
    }
}
