package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.sstable.SSTableDescriptor;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.sstable.SSTableWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the output of a compaction as one SSTable per split key of the table's {@link OutputSplitter} (one
 * SSTable when the strategy does not split): a row goes to the SSTable of {@code splitKeyOf(row max timestamp)}, a
 * partition deletion or range tombstone to the SSTable of {@code splitKeyOf(its timestamp)}, so a partition may
 * appear in several outputs, each holding part of its rows. Writers are opened lazily, one per key met.
 *
 * <pre>
 *   startPartition(k, deletion, rts)    remembered; nothing written yet
 *   addRow(row)  --split key s--&gt;       writer[s].startPartition(k, deletion and range tombstones whose key is s)
 *                                       on first use, addRow
 *   endPartition()                      writer[deletion key] and writer[each range tombstone key] get k with no
 *                                       rows if they had none; every writer that started k ends it
 *   finish()                            each writer finishes (TOC last) in key order and is opened for reading
 * </pre>
 *
 * <p>On failure of any writer, {@link #close()} deletes the temp files of unfinished writers and the files of those
 * already finished, so a failed compaction leaves its inputs as the only copy.
 *
 * <p>Thread safety: not thread safe; the compaction thread only.
 */
final class SplitSSTableWriter implements AutoCloseable {

    private final TableStore store;
    private final TableLayout layout;
    private final OutputSplitter splitter;
    private final long expectedPartitions;
    private final AtomicLong blocksDecompressed;
    private final long creationTimeSeconds;
    private final Map<Long, SSTableWriter> writers = new TreeMap<>();
    private final Set<Long> startedKeys = new HashSet<>();
    private final List<SSTableReader> opened = new ArrayList<>();
    private DecoratedKey partitionKey;
    private DeletionTime deletion;
    private long deletionSplitKey;
    private Map<Long, List<RangeTombstone>> tombstonesByKey = Map.of();
    private SSTableDescriptor finishedUnopened;
    private boolean finished;

    /**
     * @param splitter           the table's splitter, or null to write a single SSTable
     * @param expectedPartitions sizes each output's bloom filter (an upper bound is fine)
     * @param creationTimeSeconds the outputs' creation time, seconds since the epoch from the node's clock
     */
    SplitSSTableWriter(TableStore store, TableLayout layout, OutputSplitter splitter, long expectedPartitions,
                       AtomicLong blocksDecompressed, long creationTimeSeconds) {
        this.creationTimeSeconds = creationTimeSeconds;
        this.store = store;
        this.layout = layout;
        this.splitter = splitter == null ? timestampMicros -> 0L : splitter;
        this.expectedPartitions = expectedPartitions;
        this.blocksDecompressed = blocksDecompressed;
    }

    /** Opens the next partition (keys strictly ascending); {@code deletion} may be null. */
    void startPartition(DecoratedKey key, DeletionTime partitionDeletion) {
        startPartition(key, partitionDeletion, List.of());
    }

    /** Opens the next partition (keys strictly ascending) with its range tombstones; {@code deletion} may be null. */
    void startPartition(DecoratedKey key, DeletionTime partitionDeletion, List<RangeTombstone> rangeTombstones) {
        tombstonesByKey = new TreeMap<>();
        for (RangeTombstone tombstone : rangeTombstones) {
            tombstonesByKey.computeIfAbsent(splitter.splitKeyOf(tombstone.deletion().markedForDeleteAtMicros()),
                    k -> new ArrayList<>()).add(tombstone);
        }
        partitionKey = key;
        deletion = partitionDeletion;
        deletionSplitKey = partitionDeletion == null ? 0 : splitter.splitKeyOf(
                partitionDeletion.markedForDeleteAtMicros());
        startedKeys.clear();
    }

    /** Adds a row of the open partition (clusterings strictly ascending). */
    void addRow(Row row) {
        writerStarted(splitter.splitKeyOf(row.maxTimestampMicros())).addRow(row);
    }

    /** Closes the open partition, writing its deletion to its own split key's SSTable when no row went there. */
    void endPartition() {
        if (deletion != null) {
            writerStarted(deletionSplitKey);
        }
        for (Long tombstoneKey : tombstonesByKey.keySet()) {
            writerStarted(tombstoneKey);
        }
        for (Long key : startedKeys) {
            writers.get(key).endPartition();
        }
        startedKeys.clear();
        partitionKey = null;
    }

    private SSTableWriter writerStarted(long splitKey) {
        SSTableWriter writer = writers.get(splitKey);
        if (writer == null) {
            writer = new SSTableWriter(store.files(), store.nextDescriptor(), layout, expectedPartitions,
                    layout.table().params().bloomFilterFpChance(), creationTimeSeconds);
            writers.put(splitKey, writer);
        }
        if (startedKeys.add(splitKey)) {
            boolean deletionHere = deletion != null && deletionSplitKey == splitKey;
            writer.startPartition(partitionKey, deletionHere ? deletion : null,
                    tombstonesByKey.getOrDefault(splitKey, List.of()));
        }
        return writer;
    }

    /**
     * Finishes every output durably (TOC last) and opens it.
     *
     * @return the new SSTables in split-key order, each holding the one reference a live set owns; empty when
     *         nothing was written
     */
    List<SSTableReader> finish() {
        for (SSTableWriter writer : writers.values()) {
            writer.finish();
            finishedUnopened = writer.descriptor();
            opened.add(SSTableReader.open(store.files(), writer.descriptor(), layout, blocksDecompressed));
            finishedUnopened = null;
        }
        finished = true;
        return List.copyOf(opened);
    }

    /** @return the number of SSTables written or being written */
    int outputCount() {
        return writers.size();
    }

    /** Deletes temp files of unfinished writers; after a failed {@link #finish()} also the finished outputs. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (SSTableWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (!finished) {
            for (SSTableReader reader : opened) {
                reader.markObsolete();
            }
            if (finishedUnopened != null) {
                finishedUnopened.delete(store.files());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
