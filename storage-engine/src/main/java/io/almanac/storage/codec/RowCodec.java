package io.almanac.storage.codec;

import static io.almanac.storage.codec.DecodeCursor.ORDER;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import org.agrona.MutableDirectBuffer;

/**
 * The binary form of rows, clusterings, cells and deletions, shared by ring records, commit log entries and SSTable
 * data blocks (so a record is decoded the same way wherever it is read). All integers little-endian.
 *
 * <pre>
 * Clustering := count:u16 Value{count}                 (count 0xFFFF: Clustering.STATIC, the static row; no values)
 * Value      := length:i32 bytes{length}
 *
 * Row        := flags:u8 Clustering [Marker] [Deletion] cellCount:u16 ColumnCell{cellCount}
 *               flags: 0x01 HAS_MARKER, 0x02 HAS_DELETION
 * Marker     := Cell                                   (the row marker; its value is always empty)
 * Deletion   := markedForDeleteAtMicros:i64 localDeletionTimeSeconds:i64
 * ColumnCell := column:u16 Cell                         (column = index into the enclosing column-name table)
 * RangeTombstone := boundFlags:u8 start:Clustering end:Clustering Deletion
 *               boundFlags: 0x01 START_INCLUSIVE, 0x02 END_INCLUSIVE (a bound of 0 values is unbounded)
 *
 *  0        1                 9            13                 21             25
 *  +--------+-----------------+------------+------------------+--------------+------------------+
 *  | flags  | timestampMicros | ttlSeconds | localDeletionTime| valueLength  | value bytes ...  |
 *  |  u8    |      i64        |    i32     |  Seconds i64     | i32 (absent  | (absent for a    |
 *  |        |                 |            |                  | if TOMBSTONE)|  tombstone)      |
 *  +--------+-----------------+------------+------------------+--------------+------------------+
 *  Cell flags: 0x01 TOMBSTONE
 * </pre>
 *
 * <p>Encoding methods take an offset and return the offset after what they wrote; they allocate nothing.
 * Decoding allocates the row, its cells and copies of the values (they are kept by memtables).
 *
 * <p>Thread safety: stateless.
 */
public final class RowCodec {

    public static final int ROW_HAS_MARKER = 0x01;
    public static final int ROW_HAS_DELETION = 0x02;
    public static final int CELL_TOMBSTONE = 0x01;
    /** Fixed part of a cell: flags, timestamp, ttl, local deletion time. */
    public static final int CELL_FIXED_BYTES = 1 + 8 + 4 + 8;
    public static final int DELETION_BYTES = 16;
    public static final int START_INCLUSIVE = 0x01;
    public static final int END_INCLUSIVE = 0x02;
    /** The clustering count that stands for {@link Clustering#STATIC} (no clustering has 65535 values). */
    public static final int STATIC_COUNT = 0xFFFF;

    private RowCodec() {
    }

    public static int clusteringSize(Clustering clustering) {
        int size = 2;
        for (int i = 0; i < clustering.size(); i++) {
            size += 4 + clustering.get(i).length;
        }
        return size;
    }

    public static int cellSize(Cell cell) {
        return CELL_FIXED_BYTES + (cell.isTombstone() ? 0 : 4 + cell.value().length);
    }

    /** @return the encoded size of {@code row} in bytes */
    public static int rowSize(Row row) {
        int size = 1 + clusteringSize(row.clustering()) + 2;
        if (row.marker() != null) {
            size += cellSize(row.marker());
        }
        if (row.deletion() != null) {
            size += DELETION_BYTES;
        }
        for (Cell cell : row.cells()) {
            if (cell != null) {
                size += 2 + cellSize(cell);
            }
        }
        return size;
    }

    /** @return the encoded size of {@code tombstone} in bytes */
    public static int rangeTombstoneSize(RangeTombstone tombstone) {
        return 1 + clusteringSize(tombstone.start().prefix()) + clusteringSize(tombstone.end().prefix())
                + DELETION_BYTES;
    }

    public static int putRangeTombstone(MutableDirectBuffer buffer, int offset, RangeTombstone tombstone) {
        int flags = (tombstone.start().inclusive() ? START_INCLUSIVE : 0)
                | (tombstone.end().inclusive() ? END_INCLUSIVE : 0);
        buffer.putByte(offset, (byte) flags);
        int at = putClustering(buffer, offset + 1, tombstone.start().prefix());
        at = putClustering(buffer, at, tombstone.end().prefix());
        return putDeletion(buffer, at, tombstone.deletion());
    }

    public static RangeTombstone readRangeTombstone(DecodeCursor cursor) {
        int flags = cursor.readByte();
        if ((flags & ~(START_INCLUSIVE | END_INCLUSIVE)) != 0) {
            throw new MalformedDataException(cursor.offset() - 1, "unknown range tombstone flags " + flags);
        }
        Clustering start = readClustering(cursor);
        Clustering end = readClustering(cursor);
        return new RangeTombstone(new ClusteringBound(start, (flags & START_INCLUSIVE) != 0),
                new ClusteringBound(end, (flags & END_INCLUSIVE) != 0), readDeletion(cursor));
    }

    public static int putClustering(MutableDirectBuffer buffer, int offset, Clustering clustering) {
        buffer.putShort(offset, (short) (clustering.isStatic() ? STATIC_COUNT : clustering.size()), ORDER);
        int at = offset + 2;
        for (int i = 0; i < clustering.size(); i++) {
            byte[] value = clustering.get(i);
            buffer.putInt(at, value.length, ORDER);
            buffer.putBytes(at + 4, value);
            at += 4 + value.length;
        }
        return at;
    }

    public static int putDeletion(MutableDirectBuffer buffer, int offset, DeletionTime deletion) {
        buffer.putLong(offset, deletion.markedForDeleteAtMicros(), ORDER);
        buffer.putLong(offset + 8, deletion.localDeletionTimeSeconds(), ORDER);
        return offset + DELETION_BYTES;
    }

    public static int putCell(MutableDirectBuffer buffer, int offset, Cell cell) {
        buffer.putByte(offset, (byte) (cell.isTombstone() ? CELL_TOMBSTONE : 0));
        buffer.putLong(offset + 1, cell.timestampMicros(), ORDER);
        buffer.putInt(offset + 9, cell.ttlSeconds(), ORDER);
        buffer.putLong(offset + 13, cell.localDeletionTimeSeconds(), ORDER);
        if (cell.isTombstone()) {
            return offset + CELL_FIXED_BYTES;
        }
        byte[] value = cell.value();
        buffer.putInt(offset + CELL_FIXED_BYTES, value.length, ORDER);
        buffer.putBytes(offset + CELL_FIXED_BYTES + 4, value);
        return offset + CELL_FIXED_BYTES + 4 + value.length;
    }

    /** Writes {@code row}; cell {@code i} is written with column reference {@code i}. */
    public static int putRow(MutableDirectBuffer buffer, int offset, Row row) {
        int flags = (row.marker() != null ? ROW_HAS_MARKER : 0) | (row.deletion() != null ? ROW_HAS_DELETION : 0);
        buffer.putByte(offset, (byte) flags);
        int at = putClustering(buffer, offset + 1, row.clustering());
        if (row.marker() != null) {
            at = putCell(buffer, at, row.marker());
        }
        if (row.deletion() != null) {
            at = putDeletion(buffer, at, row.deletion());
        }
        Cell[] cells = row.cells();
        int countAt = at;
        at += 2;
        int count = 0;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null) {
                buffer.putShort(at, (short) i, ORDER);
                at = putCell(buffer, at + 2, cells[i]);
                count++;
            }
        }
        buffer.putShort(countAt, (short) count, ORDER);
        return at;
    }

    public static Clustering readClustering(DecodeCursor cursor) {
        int count = cursor.readUnsignedShort();
        if (count == 0) {
            return Clustering.EMPTY;
        }
        if (count == STATIC_COUNT) {
            return Clustering.STATIC;
        }
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            values[i] = cursor.readBytes(cursor.readInt());
        }
        return Clustering.of(values);
    }

    public static DeletionTime readDeletion(DecodeCursor cursor) {
        return new DeletionTime(cursor.readLong(), cursor.readLong());
    }

    public static Cell readCell(DecodeCursor cursor) {
        int flags = cursor.readByte();
        if ((flags & ~CELL_TOMBSTONE) != 0) {
            throw new MalformedDataException(cursor.offset() - 1, "unknown cell flags " + flags);
        }
        long timestampMicros = cursor.readLong();
        int ttlSeconds = cursor.readInt();
        long localDeletionTimeSeconds = cursor.readLong();
        byte[] value = (flags & CELL_TOMBSTONE) != 0 ? null : cursor.readBytes(cursor.readInt());
        return new Cell(timestampMicros, ttlSeconds, localDeletionTimeSeconds, value);
    }

    /**
     * Reads one row.
     *
     * @param columnMapping stored column reference -> index in the target layout, -1 to drop the cell
     * @param columnCount   the cell array length of the target layout
     */
    public static Row readRow(DecodeCursor cursor, int[] columnMapping, int columnCount) {
        int flags = cursor.readByte();
        if ((flags & ~(ROW_HAS_MARKER | ROW_HAS_DELETION)) != 0) {
            throw new MalformedDataException(cursor.offset() - 1, "unknown row flags " + flags);
        }
        Clustering clustering = readClustering(cursor);
        Cell marker = (flags & ROW_HAS_MARKER) != 0 ? readCell(cursor) : null;
        DeletionTime deletion = (flags & ROW_HAS_DELETION) != 0 ? readDeletion(cursor) : null;
        int cellCount = cursor.readUnsignedShort();
        Cell[] cells = new Cell[columnCount];
        for (int i = 0; i < cellCount; i++) {
            int column = cursor.readUnsignedShort();
            if (column >= columnMapping.length) {
                throw new MalformedDataException(cursor.offset() - 2, "column reference " + column
                        + " outside the column table of " + columnMapping.length);
            }
            Cell cell = readCell(cursor);
            int target = columnMapping[column];
            if (target >= 0) {
                cells[target] = cell;
            }
        }
        return new Row(clustering, marker, deletion, cells);
    }
}
