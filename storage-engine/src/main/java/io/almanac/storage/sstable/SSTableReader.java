package io.almanac.storage.sstable;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.read.Slice;
import io.almanac.storage.sstable.compress.BlockCompressor;
import io.almanac.storage.sstable.compress.BlockCompressors;
import io.almanac.storage.sstable.encoding.BlockDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An open, live SSTable: its statistics, bloom filter and partition index in memory, Data.db read block by block
 * (each block's CRC checked before it is decompressed with the compressor its header names, then decoded whole by
 * {@link io.almanac.storage.sstable.encoding.BlockDecoder}; the last decoded block is kept for the next entry).
 *
 * <p>Thread safety: reads are safe from any thread. Lifecycle: reference counted. The live set holds one
 * reference; a reader takes one with {@link #tryReference()} and gives it back with {@link #release()}. After
 * {@link #markObsolete()} (compacted away, dropped) the files are deleted when the last reference goes.
 */
public final class SSTableReader {

    private final SSTableDescriptor descriptor;
    private final SSTableStatistics statistics;
    private final BloomFilter filter;
    private final PartitionIndex index;
    private final StorageFiles files;
    private final StorageFiles.ReadableFile data;
    private final TableLayout layout;
    private final int[] columnMapping;
    private final SSTableInfo info;
    private final AtomicLong blocksDecompressed;
    private final AtomicInteger references = new AtomicInteger(1);
    /** Data.db's format version, read from its header: 3 (blocks without a compressor byte, lz4) or 4. */
    private final int dataVersion;
    private volatile boolean obsolete;
    /** The last block decoded; rows are immutable, so readers on any thread may share them. */
    private volatile DecodedBlock lastBlock;

    private record DecodedBlock(long offset, Row[] rows) {
    }

    private SSTableReader(StorageFiles files, SSTableDescriptor descriptor, TableLayout layout,
                          AtomicLong blocksDecompressed) throws IOException {
        this.files = files;
        this.descriptor = descriptor;
        this.layout = layout;
        this.blocksDecompressed = blocksDecompressed;
        this.statistics = SSTableStatistics.read(files, descriptor.component(SSTableFormat.STATISTICS));
        Path dataPath = descriptor.component(SSTableFormat.DATA);
        long size = files.size(dataPath);
        if (size != statistics.dataLength()) {
            throw new CorruptSSTableException(dataPath, Math.min(size, statistics.dataLength()),
                    "length " + size + " but Statistics.db says " + statistics.dataLength());
        }
        this.filter = BloomFilter.read(files, descriptor.component(SSTableFormat.FILTER));
        this.index = PartitionIndex.read(files, descriptor.component(SSTableFormat.INDEX));
        this.columnMapping = layout.mapColumns(statistics.columnNames());
        long sizeBytes = 0;
        for (Path file : descriptor.existingFiles(files)) {
            sizeBytes += files.size(file);
        }
        this.data = files.openForRead(dataPath);
        try {
            this.dataVersion = readDataVersion();
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
        this.info = statistics.toInfo(descriptor.generation(), sizeBytes);
    }

    /**
     * Opens a complete generation, verifying the checksums of Index.db, Filter.db, Statistics.db and the header of
     * Data.db.
     *
     * @param files              the file-system seam every read (and the final delete) goes through
     * @param blocksDecompressed counts every Data.db block a read of this reader needs (an index entry's block:
     *                           decompressed and decoded, or the same block again from the one-block cache)
     * @throws CorruptSSTableException when a component fails its checks
     */
    public static SSTableReader open(StorageFiles files, SSTableDescriptor descriptor, TableLayout layout,
                                     AtomicLong blocksDecompressed) {
        try {
            return new SSTableReader(files, descriptor, layout, blocksDecompressed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open SSTable " + descriptor, e);
        }
    }

    /** @return the version in Data.db's header, after checking magic, name and version */
    private int readDataVersion() throws IOException {
        int headerBytes = SSTableFormat.headerBytes(SSTableFormat.DATA);
        ByteBuffer header = ByteBuffer.allocate(headerBytes);
        readFully(header, 0);
        return SSTableFormat.checkHeader(dataPath(), header.array(), SSTableFormat.DATA);
    }

    /** @return the layout this reader's rows are decoded into (the table's layout when it was opened) */
    public TableLayout layout() {
        return layout;
    }

    public SSTableDescriptor descriptor() {
        return descriptor;
    }

    public SSTableInfo info() {
        return info;
    }

    public SSTableStatistics statistics() {
        return statistics;
    }

    /** @return whether the token range and the bloom filter allow {@code key} */
    public boolean mayContain(DecoratedKey key) {
        return key.token() >= statistics.minToken() && key.token() <= statistics.maxToken()
                && filter.mightContain(key);
    }

    /** @return whether some row could lie in {@code slice} (by min/max clustering) */
    public boolean mayIntersect(Slice slice, ClusteringComparator comparator) {
        if (statistics.minClustering() == null) {
            return true;
        }
        return !slice.after(statistics.minClustering(), comparator) && !slice.before(statistics.maxClustering(),
                comparator);
    }

    /** @return the number of partitions */
    public int partitionCount() {
        return index.size();
    }

    /** @return partition {@code i} in ring order, for sequential scans (compaction) */
    public SSTablePartition partition(int i) {
        return new SSTablePartition(this, index.partition(i));
    }

    /**
     * @return the index (for {@link #partition(int)}) of the first partition in ring order whose token is at least
     *         {@code token}; {@link #partitionCount()} when there is none (range scans)
     */
    public int firstPartitionFrom(long token) {
        return index.firstIndexFrom(token);
    }

    /** @return the partition with {@code key}, or null when this SSTable does not hold it */
    public SSTablePartition find(DecoratedKey key) {
        if (!mayContain(key)) {
            return null;
        }
        PartitionIndex.IndexedPartition found = index.find(key);
        return found == null ? null : new SSTablePartition(this, found);
    }

    /** Decodes the rows of one index entry that lie in {@code slice}, in storage order. */
    List<Row> readEntry(PartitionIndex.BlockEntry entry, Slice slice) {
        Row[] block = decodedBlock(entry.blockOffset(), entry.blockLength());
        if (entry.rowStart() < 0 || entry.rowCount() < 0 || entry.rowStart() > block.length - entry.rowCount()) {
            throw new CorruptSSTableException(dataPath(), entry.blockOffset(), "index names rows ["
                    + entry.rowStart() + ", +" + entry.rowCount() + ") of a block of " + block.length);
        }
        List<Row> rows = new ArrayList<>(entry.rowCount());
        for (int i = entry.rowStart(); i < entry.rowStart() + entry.rowCount(); i++) {
            if (slice.contains(block[i].clustering(), layout.comparator())) {
                rows.add(block[i]);
            }
        }
        return rows;
    }

    /**
     * @return the rows of the block at {@code offset}, from the one-block cache when the last block decoded (by any
     *         thread) was this one, else read, checked, decompressed and decoded
     */
    private Row[] decodedBlock(long offset, int length) {
        blocksDecompressed.incrementAndGet();
        DecodedBlock cached = lastBlock;
        if (cached != null && cached.offset() == offset) {
            return cached.rows();
        }
        byte[] block = readBlock(offset, length);
        DecodeCursor cursor = new DecodeCursor().wrap(new UnsafeBuffer(block), 0, block.length);
        try {
            Row[] rows = BlockDecoder.decode(cursor, columnMapping, layout.columnCount());
            lastBlock = new DecodedBlock(offset, rows);
            return rows;
        } catch (MalformedDataException e) {
            throw new CorruptSSTableException(dataPath(), offset, "malformed block: " + e.getMessage()
                    + " of the uncompressed block");
        }
    }

    /**
     * Reads, checks and decompresses the block at {@code offset} with the compressor its header names (version 3
     * blocks: always lz4).
     */
    private byte[] readBlock(long offset, int length) {
        boolean version3 = dataVersion == SSTableFormat.VERSION_3;
        int headerBytes = version3 ? SSTableFormat.VERSION_3_BLOCK_HEADER_BYTES : SSTableFormat.BLOCK_HEADER_BYTES;
        if (length < headerBytes || offset + length > statistics.dataLength()) {
            throw new CorruptSSTableException(dataPath(), offset, "block of " + length + " bytes outside the file");
        }
        ByteBuffer raw = ByteBuffer.allocate(length).order(DecodeCursor.ORDER);
        try {
            readFully(raw, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dataPath(), e);
        }
        int uncompressedLength = raw.getInt(0);
        int compressedLength = raw.getInt(4);
        if (compressedLength != length - headerBytes || uncompressedLength < 0) {
            throw new CorruptSSTableException(dataPath(), offset, "block lengths disagree with the index");
        }
        CRC32 crc = new CRC32();
        int afterCrc = 12;
        crc.update(raw.array(), 0, 8);
        crc.update(raw.array(), afterCrc, length - afterCrc);
        if ((int) crc.getValue() != raw.getInt(8)) {
            throw new CorruptSSTableException(dataPath(), offset, "block checksum mismatch");
        }
        int compressorId = version3 ? BlockCompressor.LZ4_ID : raw.get(12) & 0xFF;
        BlockCompressor compressor = BlockCompressors.forId(compressorId);
        if (compressor == null) {
            throw new CorruptSSTableException(dataPath(), offset, "unknown block compressor id " + compressorId);
        }
        byte[] block = new byte[uncompressedLength];
        try {
            compressor.decompress(raw.array(), headerBytes, compressedLength, block, 0, uncompressedLength);
        } catch (DataFormatException e) {
            throw new CorruptSSTableException(dataPath(), offset, "block does not decompress: " + e.getMessage());
        }
        return block;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = data.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), at);
            if (read < 0) {
                throw new CorruptSSTableException(dataPath(), at, "truncated");
            }
            buffer.position(buffer.position() + read);
            at += read;
        }
    }

    private Path dataPath() {
        return descriptor.component(SSTableFormat.DATA);
    }

    /** @return true if a reference was taken (false: the SSTable is already closed) */
    public boolean tryReference() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference; the last one closes the file and, if obsolete, deletes the SSTable. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            try {
                data.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close " + dataPath(), e);
            } finally {
                if (obsolete) {
                    descriptor.delete(files);
                }
            }
        }
    }

    /** Marks the SSTable for deletion and gives back the live set's reference. */
    public void markObsolete() {
        obsolete = true;
        release();
    }

    @Override
    public String toString() {
        return "SSTable(" + descriptor.directory().getFileName() + "/" + descriptor.generation() + ")";
    }

    /** Iterates rows of entries lazily, decompressing a block only when its rows are needed. */
    static final class EntryRowIterator implements Iterator<Row> {
        private final SSTableReader reader;
        private final List<PartitionIndex.BlockEntry> entries;
        private final Slice slice;
        private final boolean reversed;
        private int nextEntry;
        private Iterator<Row> current = Collections.emptyIterator();

        EntryRowIterator(SSTableReader reader, List<PartitionIndex.BlockEntry> entries, Slice slice,
                         boolean reversed) {
            this.reader = reader;
            this.entries = entries;
            this.slice = slice;
            this.reversed = reversed;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (nextEntry >= entries.size()) {
                    return false;
                }
                PartitionIndex.BlockEntry entry = entries.get(reversed ? entries.size() - 1 - nextEntry : nextEntry);
                nextEntry++;
                List<Row> rows = reader.readEntry(entry, slice);
                if (reversed) {
                    Collections.reverse(rows);
                }
                current = rows.iterator();
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
