package io.almanac.storage.sstable;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.io.StorageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code <gen>-Index.db} held in memory: the verified component bytes plus the token and offset of every partition
 * for binary search; a partition's entries are decoded on lookup.
 *
 * <p>Thread safety: immutable after {@link #read}; lookups from any thread.
 */
final class PartitionIndex {

    /** One partition as the index describes it. */
    record IndexedPartition(DecoratedKey key, DeletionTime deletion, List<RangeTombstone> rangeTombstones,
                            List<BlockEntry> entries) {
    }

    /**
     * The rows of one partition inside one Data.db block.
     *
     * @param blockOffset offset of the block in Data.db, bytes
     * @param blockLength the block's length including its header, bytes
     * @param rowStart    ordinal of the partition's first row among the block's rows
     * @param rowCount    rows of the partition in the block
     * @param first       clustering of the first of them
     * @param last        clustering of the last of them
     */
    record BlockEntry(long blockOffset, int blockLength, int rowStart, int rowCount, Clustering first,
                      Clustering last) {
    }

    private final Path file;
    private final DecodeCursor body;
    private final long[] tokens;
    private final int[] offsets;

    private PartitionIndex(Path file, DecodeCursor body, long[] tokens, int[] offsets) {
        this.file = file;
        this.body = body;
        this.tokens = tokens;
        this.offsets = offsets;
    }

    /** @throws CorruptSSTableException when the component fails its checks */
    static PartitionIndex read(StorageFiles files, Path file) {
        DecodeCursor cursor = SSTableFormat.readComponent(files, file, SSTableFormat.INDEX);
        try {
            long count = cursor.readLong();
            if (count < 0 || count > cursor.limit()) {
                throw new CorruptSSTableException(file, cursor.offset() - 8, "bad partition count " + count);
            }
            long[] tokens = new long[(int) count];
            int[] offsets = new int[(int) count];
            for (int i = 0; i < count; i++) {
                offsets[i] = cursor.offset();
                tokens[i] = cursor.readLong();
                skipPartition(cursor);
            }
            if (cursor.hasRemaining()) {
                throw new CorruptSSTableException(file, cursor.offset(), "trailing bytes after the last partition");
            }
            return new PartitionIndex(file, cursor, tokens, offsets);
        } catch (MalformedDataException e) {
            throw SSTableFormat.corrupt(file, e);
        }
    }

    private static void skipPartition(DecodeCursor cursor) {
        cursor.skip(cursor.readInt());
        int flags = cursor.readByte();
        if ((flags & SSTableFormat.HAS_PARTITION_DELETION) != 0) {
            cursor.skip(RowCodec.DELETION_BYTES);
        }
        if ((flags & SSTableFormat.HAS_RANGE_TOMBSTONES) != 0) {
            int tombstones = cursor.readInt();
            for (int i = 0; i < tombstones; i++) {
                cursor.skip(1);
                skipClustering(cursor);
                skipClustering(cursor);
                cursor.skip(RowCodec.DELETION_BYTES);
            }
        }
        int entries = cursor.readInt();
        for (int i = 0; i < entries; i++) {
            cursor.skip(20);
            skipClustering(cursor);
            skipClustering(cursor);
        }
    }

    private static void skipClustering(DecodeCursor cursor) {
        int count = cursor.readUnsignedShort();
        for (int i = 0; count != RowCodec.STATIC_COUNT && i < count; i++) {
            cursor.skip(cursor.readInt());
        }
    }

    int size() {
        return tokens.length;
    }

    /** @return the partition at position {@code i} in ring order */
    IndexedPartition partition(int i) {
        DecodeCursor cursor = new DecodeCursor().wrap(body.buffer(), offsets[i], body.limit() - offsets[i]);
        try {
            long token = cursor.readLong();
            byte[] key = cursor.readBytes(cursor.readInt());
            int flags = cursor.readByte();
            DeletionTime deletion = (flags & SSTableFormat.HAS_PARTITION_DELETION) != 0
                    ? RowCodec.readDeletion(cursor) : null;
            List<RangeTombstone> tombstones = List.of();
            if ((flags & SSTableFormat.HAS_RANGE_TOMBSTONES) != 0) {
                int tombstoneCount = cursor.readInt();
                if (tombstoneCount < 0) {
                    throw new MalformedDataException(cursor.offset() - 4, "negative range tombstone count");
                }
                List<RangeTombstone> read = new ArrayList<>(Math.min(tombstoneCount, 1024));
                for (int t = 0; t < tombstoneCount; t++) {
                    read.add(RowCodec.readRangeTombstone(cursor));
                }
                tombstones = List.copyOf(read);
            }
            int count = cursor.readInt();
            List<BlockEntry> entries = new ArrayList<>(Math.max(0, Math.min(count, 1024)));
            for (int e = 0; e < count; e++) {
                entries.add(new BlockEntry(cursor.readLong(), cursor.readInt(), cursor.readInt(), cursor.readInt(),
                        RowCodec.readClustering(cursor), RowCodec.readClustering(cursor)));
            }
            return new IndexedPartition(new DecoratedKey(token, key), deletion, tombstones, entries);
        } catch (MalformedDataException e) {
            throw SSTableFormat.corrupt(file, e);
        }
    }

    /** @return the partition with {@code key}, or null */
    IndexedPartition find(DecoratedKey key) {
        int low = lowerBound(key.token());
        for (int i = low; i < tokens.length && tokens[i] == key.token(); i++) {
            int keyLength = body.buffer().getInt(offsets[i] + 8, DecodeCursor.ORDER);
            if (keyLength == key.key().length && keyEquals(offsets[i] + 12, key.key())) {
                return partition(i);
            }
        }
        return null;
    }

    private boolean keyEquals(int at, byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (body.buffer().getByte(at + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of the first partition whose token is at least {@code token} (size() when none) */
    int firstIndexFrom(long token) {
        return lowerBound(token);
    }

    private int lowerBound(long token) {
        int found = Arrays.binarySearch(tokens, token);
        if (found < 0) {
            return -found - 1;
        }
        while (found > 0 && tokens[found - 1] == token) {
            found--;
        }
        return found;
    }
}
