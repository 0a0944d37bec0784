package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import java.util.Arrays;

/**
 * Decodes a whole Block written by {@link BlockEncoder} (its layout is drawn there) back into rows.
 *
 * <p>Thread safety: stateless. Allocation: the returned rows with their clusterings, cells and values, plus
 * transient long[] per sequence (a few per column, each as long as the block's row count).
 */
public final class BlockDecoder {

    private BlockDecoder() {
    }

    /**
     * @param in            the uncompressed block (exactly its bytes)
     * @param columnMapping stored column index (the block's Column order, i.e. Statistics.db's column-name table)
     *                      to the index in the target layout, -1 to drop the column
     * @param columnCount   the cell array length of the target layout
     * @return the block's rows in storage order
     * @throws MalformedDataException when the bytes do not follow the layout, or trail after it
     */
    public static Row[] decode(DecodeCursor in, int[] columnMapping, int columnCount) {
        int rowCount = VarInts.readBounded(in, BlockEncoder.MAX_ROWS, "row count");
        int storedColumns = VarInts.readBounded(in, columnMapping.length, "column count");
        long[] flags = new long[rowCount];
        int flagsAt = in.offset();
        LongSequenceCodec.decode(in, rowCount, flags);
        long[] sizes = new long[rowCount];
        int sizesAt = in.offset();
        LongSequenceCodec.decode(in, rowCount, sizes);
        int markers = 0;
        int deletions = 0;
        int maxSize = 0;
        for (int i = 0; i < rowCount; i++) {
            if ((flags[i] & ~(long) (RowCodec.ROW_HAS_MARKER | RowCodec.ROW_HAS_DELETION)) != 0) {
                throw new MalformedDataException(flagsAt, "unknown row flags " + flags[i]);
            }
            if (sizes[i] < 0 || sizes[i] > 0xFFFF) {
                throw new MalformedDataException(sizesAt, "bad clustering size " + sizes[i]);
            }
            markers += (flags[i] & RowCodec.ROW_HAS_MARKER) != 0 ? 1 : 0;
            deletions += (flags[i] & RowCodec.ROW_HAS_DELETION) != 0 ? 1 : 0;
            maxSize = sizes[i] == RowCodec.STATIC_COUNT ? maxSize : Math.max(maxSize, (int) sizes[i]);
        }
        byte[][][] clusterings = decodeClusterings(in, sizes, maxSize);
        Cell[] markerCells = CellColumnCodec.decode(in, markers);
        long[] deletedAt = new long[deletions];
        long[] residuals = new long[deletions];
        LongSequenceCodec.decode(in, deletions, deletedAt);
        LongSequenceCodec.decode(in, deletions, residuals);
        Cell[][] cells = new Cell[rowCount][columnCount];
        for (int column = 0; column < storedColumns; column++) {
            decodeColumn(in, rowCount, columnMapping[column], cells);
        }
        if (in.hasRemaining()) {
            throw new MalformedDataException(in.offset(), "trailing bytes after the block's columns");
        }
        Row[] rows = new Row[rowCount];
        int nextMarker = 0;
        int nextDeletion = 0;
        for (int i = 0; i < rowCount; i++) {
            Cell marker = (flags[i] & RowCodec.ROW_HAS_MARKER) != 0 ? markerCells[nextMarker++] : null;
            DeletionTime deletion = null;
            if ((flags[i] & RowCodec.ROW_HAS_DELETION) != 0) {
                long at = deletedAt[nextDeletion];
                deletion = new DeletionTime(at, residuals[nextDeletion++] + Math.floorDiv(at, 1_000_000L));
            }
            Clustering clustering = sizes[i] == RowCodec.STATIC_COUNT ? Clustering.STATIC
                    : Clustering.of(clusterings[i]);
            rows[i] = new Row(clustering, marker, deletion, cells[i]);
        }
        return rows;
    }

    private static byte[][][] decodeClusterings(DecodeCursor in, long[] sizes, int maxSize) {
        byte[][][] clusterings = new byte[sizes.length][][];
        for (int i = 0; i < sizes.length; i++) {
            clusterings[i] = sizes[i] == RowCodec.STATIC_COUNT ? null : new byte[(int) sizes[i]][];
        }
        for (int c = 0; c < maxSize; c++) {
            int present = 0;
            for (long size : sizes) {
                present += size > c && size != RowCodec.STATIC_COUNT ? 1 : 0;
            }
            byte[][] values = ValueColumnCodec.decode(in, present);
            int next = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] > c && sizes[i] != RowCodec.STATIC_COUNT) {
                    clusterings[i][c] = values[next++];
                }
            }
        }
        return clusterings;
    }

    private static void decodeColumn(DecodeCursor in, int rowCount, int target, Cell[][] cells) {
        int at = in.offset();
        int presence = in.readByte() & 0xFF;
        boolean[] present = new boolean[rowCount];
        int count = 0;
        if (presence == BlockEncoder.BITMAP) {
            int bitmapAt = in.offset();
            in.skip((rowCount + 7) / 8);
            for (int i = 0; i < rowCount; i++) {
                present[i] = (in.buffer().getByte(bitmapAt + i / 8) & (1 << (i % 8))) != 0;
                count += present[i] ? 1 : 0;
            }
        } else if (presence == BlockEncoder.ALL_CELLS) {
            Arrays.fill(present, true);
            count = rowCount;
        } else if (presence != BlockEncoder.NO_CELLS) {
            throw new MalformedDataException(at, "unknown column presence " + presence);
        }
        Cell[] columnCells = CellColumnCodec.decode(in, count);
        if (target < 0) {
            return;
        }
        int next = 0;
        for (int i = 0; i < rowCount; i++) {
            if (present[i]) {
                cells[i][target] = columnCells[next++];
            }
        }
    }
}
