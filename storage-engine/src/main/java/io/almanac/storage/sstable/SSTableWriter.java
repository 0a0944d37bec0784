package io.almanac.storage.sstable;

import static io.almanac.storage.codec.DecodeCursor.ORDER;

import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.TombstoneHistogram;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.sstable.compress.BlockCompressor;
import io.almanac.storage.sstable.compress.BlockCompressors;
import io.almanac.storage.sstable.compress.SSTableCompression;
import io.almanac.storage.sstable.encoding.BlockEncoder;
import io.almanac.storage.sstable.encoding.EncodeBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.agrona.ExpandableArrayBuffer;

/**
 * Writes one SSTable generation ({@link SSTableFormat}): partitions in ring order, each partition's rows in
 * clustering order. Use: {@code startPartition}, {@code addRow}*, {@code endPartition}, ..., then {@link #finish()}
 * (durable, TOC written last) or {@link #close()} without finishing (temp files deleted). Each Data.db block is
 * compressed with the given {@link SSTableCompression} and records its compressor id, so later changes to the
 * table's {@code compression} option leave this file readable.
 *
 * <p>Thread safety: not thread safe; one flush or compaction thread.
 */
public final class SSTableWriter implements AutoCloseable {

    private final SSTableDescriptor descriptor;
    private final SSTableCompression compression;
    private final DurableFiles durable;
    private final TableLayout layout;
    private final ComponentWriter data;
    private final BloomFilter filter;
    private final BlockEncoder block;
    private final EncodeBuffer encodedBlock = new EncodeBuffer(SSTableFormat.TARGET_BLOCK_BYTES);
    private final ExpandableArrayBuffer index = new ExpandableArrayBuffer(64 * 1024);
    private final StatisticsCollector statistics;
    private final List<PendingPartition> awaitingBlock = new ArrayList<>();
    private final List<BlockEntry> currentBlockEntries = new ArrayList<>();
    private byte[] compressed = new byte[0];
    private int indexLength;
    private PendingPartition partition;
    private BlockEntry entry;
    private boolean finished;

    /** One Index.db entry under construction: rows of the open partition in the block being filled. */
    private static final class BlockEntry {
        long blockOffset;
        int blockLength = -1;
        /** Ordinal, in the block, of the partition's first row in it. */
        int rowStart;
        int rowCount;
        Clustering first;
        Clustering last;
    }

    private static final class PendingPartition {
        DecoratedKey key;
        DeletionTime deletion;
        List<RangeTombstone> rangeTombstones = List.of();
        final List<BlockEntry> entries = new ArrayList<>();
    }

    /**
     * A writer that compresses blocks as the {@code compression} option of {@code layout}'s table says
     * ({@link SSTableCompression#forTable}).
     *
     * @param files              the file-system seam every write goes through
     * @param expectedPartitions sizes the bloom filter (an upper bound is fine)
     * @param bloomFilterFpChance the table's {@code bloom_filter_fp_chance}
     * @param creationTimeSeconds now from the node's clock, seconds since the epoch (Statistics.db's creation time)
     */
    public SSTableWriter(StorageFiles files, SSTableDescriptor descriptor, TableLayout layout,
                         long expectedPartitions, double bloomFilterFpChance, long creationTimeSeconds) {
        this(files, descriptor, layout, expectedPartitions, bloomFilterFpChance, creationTimeSeconds,
                SSTableCompression.forTable(layout.table().params()));
    }

    /**
     * @param files              the file-system seam every write goes through
     * @param expectedPartitions sizes the bloom filter (an upper bound is fine)
     * @param bloomFilterFpChance the table's {@code bloom_filter_fp_chance}
     * @param creationTimeSeconds now from the node's clock, seconds since the epoch (Statistics.db's creation time)
     * @param compression        how Data.db blocks are compressed
     */
    public SSTableWriter(StorageFiles files, SSTableDescriptor descriptor, TableLayout layout,
                         long expectedPartitions, double bloomFilterFpChance, long creationTimeSeconds,
                         SSTableCompression compression) {
        this.descriptor = descriptor;
        this.compression = compression;
        this.durable = new DurableFiles(files);
        this.layout = layout;
        this.block = new BlockEncoder(layout);
        this.filter = BloomFilter.create(expectedPartitions, bloomFilterFpChance);
        this.statistics = new StatisticsCollector(layout.comparator(), creationTimeSeconds);
        try {
            durable.createDirectories(descriptor.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + descriptor.directory(), e);
        }
        this.data = ComponentWriter.create(files, descriptor.component(SSTableFormat.DATA), SSTableFormat.DATA);
    }

    public SSTableDescriptor descriptor() {
        return descriptor;
    }

    /** Opens the next partition (keys must be strictly ascending); {@code deletion} may be null. */
    public void startPartition(DecoratedKey key, DeletionTime deletion) {
        startPartition(key, deletion, List.of());
    }

    /**
     * Opens the next partition (keys must be strictly ascending) with its range tombstones, written to its Index.db
     * entry; {@code deletion} may be null.
     */
    public void startPartition(DecoratedKey key, DeletionTime deletion, List<RangeTombstone> rangeTombstones) {
        partition = new PendingPartition();
        partition.key = key;
        partition.deletion = deletion;
        partition.rangeTombstones = List.copyOf(rangeTombstones);
        entry = null;
        filter.add(key);
        statistics.partition(key, deletion, partition.rangeTombstones);
    }

    /** Adds a row of the open partition (clusterings strictly ascending; cells in the layout's column order). */
    public void addRow(Row row) {
        if (entry == null) {
            entry = new BlockEntry();
            entry.rowStart = block.rowCount();
            entry.first = row.clustering();
            partition.entries.add(entry);
            currentBlockEntries.add(entry);
        }
        block.add(row);
        entry.rowCount++;
        entry.last = row.clustering();
        statistics.row(row);
        if (block.rowCodecBytes() >= SSTableFormat.TARGET_BLOCK_BYTES
                || block.rowCount() >= BlockEncoder.MAX_ROWS) {
            flushBlock();
        }
    }

    /** Closes the open partition. */
    public void endPartition() {
        if (!awaitingBlock.isEmpty() || (entry != null && entry.blockLength < 0)) {
            awaitingBlock.add(partition);
        } else {
            writeIndexPartition(partition);
        }
        partition = null;
        entry = null;
    }

    private void flushBlock() {
        if (block.rowCount() == 0) {
            return;
        }
        encodedBlock.reset();
        block.encode(encodedBlock);
        int blockLength = encodedBlock.position();
        BlockCompressor compressor = compression.compressor();
        int maxLength = Math.max(blockLength, compressor.maxCompressedLength(blockLength));
        if (compressed.length < maxLength) {
            compressed = new byte[maxLength];
        }
        int compressedLength = compressor.compress(encodedBlock.array(), 0, blockLength, compressed, 0);
        if (compressedLength > compression.maxCompressedLength(blockLength)) {
            compressor = BlockCompressors.NONE;
            compressedLength = compressor.compress(encodedBlock.array(), 0, blockLength, compressed, 0);
        }
        byte[] header = new byte[SSTableFormat.BLOCK_HEADER_BYTES];
        org.agrona.concurrent.UnsafeBuffer headerBuffer = new org.agrona.concurrent.UnsafeBuffer(header);
        headerBuffer.putInt(0, blockLength, ORDER);
        headerBuffer.putInt(4, compressedLength, ORDER);
        header[12] = (byte) compressor.id();
        CRC32 crc = new CRC32();
        crc.update(header, 0, 8);
        crc.update(header, 12, 1);
        crc.update(compressed, 0, compressedLength);
        headerBuffer.putInt(8, (int) crc.getValue(), ORDER);
        long blockOffset = data.position();
        data.putBytes(header, 0, header.length);
        data.putBytes(compressed, 0, compressedLength);
        for (BlockEntry pending : currentBlockEntries) {
            pending.blockOffset = blockOffset;
            pending.blockLength = SSTableFormat.BLOCK_HEADER_BYTES + compressedLength;
        }
        currentBlockEntries.clear();
        statistics.block();
        entry = null;
        for (PendingPartition waiting : awaitingBlock) {
            writeIndexPartition(waiting);
        }
        awaitingBlock.clear();
    }

    private void writeIndexPartition(PendingPartition written) {
        byte[] key = written.key.key();
        int size = 8 + 4 + key.length + 1 + RowCodec.DELETION_BYTES + 4 + 4;
        for (RangeTombstone tombstone : written.rangeTombstones) {
            size += RowCodec.rangeTombstoneSize(tombstone);
        }
        for (BlockEntry blockEntry : written.entries) {
            size += 20 + RowCodec.clusteringSize(blockEntry.first) + RowCodec.clusteringSize(blockEntry.last);
        }
        index.checkLimit(indexLength + size);
        int at = indexLength;
        index.putLong(at, written.key.token(), ORDER);
        index.putInt(at + 8, key.length, ORDER);
        index.putBytes(at + 12, key);
        at += 12 + key.length;
        index.putByte(at++, (byte) ((written.deletion != null ? SSTableFormat.HAS_PARTITION_DELETION : 0)
                | (written.rangeTombstones.isEmpty() ? 0 : SSTableFormat.HAS_RANGE_TOMBSTONES)));
        if (written.deletion != null) {
            at = RowCodec.putDeletion(index, at, written.deletion);
        }
        if (!written.rangeTombstones.isEmpty()) {
            index.putInt(at, written.rangeTombstones.size(), ORDER);
            at += 4;
            for (RangeTombstone tombstone : written.rangeTombstones) {
                at = RowCodec.putRangeTombstone(index, at, tombstone);
            }
        }
        index.putInt(at, written.entries.size(), ORDER);
        at += 4;
        for (BlockEntry blockEntry : written.entries) {
            index.putLong(at, blockEntry.blockOffset, ORDER);
            index.putInt(at + 8, blockEntry.blockLength, ORDER);
            index.putInt(at + 12, blockEntry.rowStart, ORDER);
            index.putInt(at + 16, blockEntry.rowCount, ORDER);
            at = RowCodec.putClustering(index, at + 20, blockEntry.first);
            at = RowCodec.putClustering(index, at, blockEntry.last);
        }
        indexLength = at;
    }

    /**
     * Writes the remaining block, Index.db, Filter.db and Statistics.db, renames them into place, fsyncs the
     * directory and writes TOC.txt last.
     *
     * @return the statistics written
     * @throws UncheckedIOException if a write fails (temp files are then removed by {@link #close()})
     */
    public SSTableStatistics finish() {
        if (partition != null) {
            throw new IllegalStateException("partition " + partition.key + " not ended");
        }
        flushBlock();
        data.finish();
        SSTableStatistics stats = statistics.build(layout, data.position(), columnTypes());
        try (ComponentWriter indexOut = ComponentWriter.create(durable.files(),
                descriptor.component(SSTableFormat.INDEX), SSTableFormat.INDEX);
             ComponentWriter filterOut = ComponentWriter.create(durable.files(),
                     descriptor.component(SSTableFormat.FILTER), SSTableFormat.FILTER);
             ComponentWriter statsOut = ComponentWriter.create(durable.files(),
                     descriptor.component(SSTableFormat.STATISTICS), SSTableFormat.STATISTICS)) {
            indexOut.putLong(stats.partitionCount());
            indexOut.putBytes(index.byteArray(), 0, indexLength);
            indexOut.finish();
            filter.write(filterOut);
            filterOut.finish();
            stats.write(statsOut);
            statsOut.finish();
            data.commit();
            indexOut.commit();
            filterOut.commit();
            statsOut.commit();
            durable.fsyncDirectory(descriptor.directory());
            writeToc();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish SSTable " + descriptor, e);
        }
        finished = true;
        return stats;
    }

    private byte[][] columnTypes() {
        List<ColumnMetadata> columns = layout.table().regularColumns();
        byte[][] types = new byte[columns.size()][];
        for (int i = 0; i < types.length; i++) {
            types[i] = columns.get(i).type().cqlName().getBytes(StandardCharsets.UTF_8);
        }
        return types;
    }

    private void writeToc() {
        StringBuilder toc = new StringBuilder();
        for (String name : SSTableDescriptor.COMPONENTS) {
            toc.append(descriptor.component(name).getFileName()).append('\n');
        }
        toc.append(descriptor.toc().getFileName()).append('\n');
        durable.writeAtomically(descriptor.toc(), toc.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes the temp files unless {@link #finish()} completed. */
    @Override
    public void close() {
        data.close();
        if (!finished) {
            descriptor.delete(durable.files());
        }
    }

    /** Accumulates Statistics.db while rows are written. */
    private static final class StatisticsCollector {
        private final io.almanac.storage.data.ClusteringComparator comparator;
        private final long creationTimeSeconds;
        private final TombstoneHistogram.Builder dropTimes = new TombstoneHistogram.Builder();
        long cells;
        long partitions;
        long rows;
        long minTimestamp = Long.MAX_VALUE;
        long maxTimestamp = Long.MIN_VALUE;
        long maxLocalDeletionTime = Long.MIN_VALUE;
        long minToken = Long.MAX_VALUE;
        long maxToken = Long.MIN_VALUE;
        long tombstones;
        int blocks;
        Clustering minClustering;
        Clustering maxClustering;

        StatisticsCollector(io.almanac.storage.data.ClusteringComparator comparator, long creationTimeSeconds) {
            this.comparator = comparator;
            this.creationTimeSeconds = creationTimeSeconds;
        }

        void partition(DecoratedKey key, DeletionTime deletion, List<RangeTombstone> rangeTombstones) {
            partitions++;
            minToken = Math.min(minToken, key.token());
            maxToken = Math.max(maxToken, key.token());
            if (deletion != null) {
                deletion(deletion);
            }
            for (RangeTombstone tombstone : rangeTombstones) {
                deletion(tombstone.deletion());
            }
        }

        private void deletion(DeletionTime deletion) {
            tombstones++;
            cells++;
            dropTimes.add(deletion.localDeletionTimeSeconds());
            timestamp(deletion.markedForDeleteAtMicros());
            maxLocalDeletionTime = Math.max(maxLocalDeletionTime, deletion.localDeletionTimeSeconds());
        }

        private void timestamp(long micros) {
            minTimestamp = Math.min(minTimestamp, micros);
            maxTimestamp = Math.max(maxTimestamp, micros);
        }

        /** Static rows stay out of the bounds: they are read whatever the slice. */
        private void clusteringBounds(Clustering clustering) {
            if (minClustering == null || comparator.compare(clustering, minClustering) < 0) {
                minClustering = clustering;
            }
            if (maxClustering == null || comparator.compare(clustering, maxClustering) > 0) {
                maxClustering = clustering;
            }
        }

        private void cell(Cell cell) {
            timestamp(cell.timestampMicros());
            maxLocalDeletionTime = Math.max(maxLocalDeletionTime, cell.localDeletionTimeSeconds());
            cells++;
            if (cell.isTombstone()) {
                tombstones++;
            }
            if (cell.localDeletionTimeSeconds() != Cell.NO_DELETION_TIME) {
                dropTimes.add(cell.localDeletionTimeSeconds());
            }
        }

        void row(Row row) {
            rows++;
            if (!row.clustering().isStatic()) {
                clusteringBounds(row.clustering());
            }
            if (row.marker() != null) {
                cell(row.marker());
            }
            if (row.deletion() != null) {
                deletion(row.deletion());
            }
            for (Cell cell : row.cells()) {
                if (cell != null) {
                    cell(cell);
                }
            }
        }

        void block() {
            blocks++;
        }

        SSTableStatistics build(TableLayout layout, long dataLength, byte[][] columnTypes) {
            return new SSTableStatistics(layout.table().id(), partitions, rows, minTimestamp, maxTimestamp,
                    maxLocalDeletionTime, minToken, maxToken, tombstones, dataLength, blocks, minClustering,
                    maxClustering, layout.comparator().size(), layout.columnNames(), columnTypes, cells,
                    creationTimeSeconds, dropTimes.build());
        }
    }
}
