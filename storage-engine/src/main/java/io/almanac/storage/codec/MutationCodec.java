package io.almanac.storage.codec;

import static io.almanac.storage.codec.DecodeCursor.ORDER;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.List;
import org.agrona.MutableDirectBuffer;

/**
 * The binary form of a {@link Mutation}: what a producer encodes straight into claimed ring-buffer space, what the
 * shard writer appends unchanged to the commit log, and what replay decodes. Little-endian.
 *
 * <pre>
 *  0                   8                   16                  24                  32          36
 *  +-------------------+-------------------+-------------------+-------------------+-----------+-------------+
 *  | correlationId i64 | tableId msb i64   | tableId lsb i64   | token i64         | keyLen i32| key bytes   |
 *  +-------------------+-------------------+-------------------+-------------------+-----------+-------------+
 *  | flags u8 | [partition deletion: markedForDeleteAtMicros i64 | localDeletionTimeSeconds i64]            |
 *  |  0x01 HAS_PARTITION_DELETION, 0x02 HAS_RANGE_TOMBSTONES                                               |
 *  +----------+-------------------------------------------------------------------------------------------+
 *  | [rangeTombstoneCount i32 | count x RangeTombstone (see RowCodec)]   -- only with HAS_RANGE_TOMBSTONES    |
 *  +----------------------------------------------------------------------------------------------------------+
 *  | columnCount u16 | columnCount x ( nameLength u16 | UTF-8 name )     -- the per-record column-name table |
 *  +-----------------+----------------------------------------------------------------------------------------+
 *  | rowCount i32 | rowCount x Row (see RowCodec; a cell's column u16 indexes the column-name table)         |
 *  +--------------+-------------------------------------------------------------------------------------------+
 * </pre>
 *
 * <p>The correlation id names the slot of the writer's {@code WriteCallback} in the shard's callback table; it is
 * meaningless on replay. Cells refer to columns by position in the record's own column-name table, so a record
 * written before a schema change maps its cells onto the new columns by name.
 *
 * <p>Allocation: {@link #encodedSize} and {@link #encode} allocate nothing; {@link #decode} allocates the decoded
 * key, rows and cells (kept by the memtable) and reuses the {@link DecodedMutation} holder.
 *
 * <p>Thread safety: stateless.
 */
public final class MutationCodec {

    public static final int CORRELATION_ID_OFFSET = 0;
    public static final int TABLE_ID_OFFSET = 8;
    public static final int TOKEN_OFFSET = 24;
    public static final int KEY_LENGTH_OFFSET = 32;
    public static final int KEY_OFFSET = 36;
    public static final int HAS_PARTITION_DELETION = 0x01;
    public static final int HAS_RANGE_TOMBSTONES = 0x02;

    private MutationCodec() {
    }

    /** @return the number of bytes {@link #encode} writes for {@code mutation} with these column names */
    public static int encodedSize(Mutation mutation, byte[][] columnNames) {
        long size = KEY_OFFSET + (long) mutation.key().key().length + 1
                + (mutation.partitionDeletion() != null ? RowCodec.DELETION_BYTES : 0) + 2 + 4;
        for (byte[] name : columnNames) {
            size += 2 + name.length;
        }
        for (Row row : mutation.rows()) {
            size += RowCodec.rowSize(row);
        }
        if (!mutation.rangeTombstones().isEmpty()) {
            size += 4;
            for (RangeTombstone tombstone : mutation.rangeTombstones()) {
                size += RowCodec.rangeTombstoneSize(tombstone);
            }
        }
        return size > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) size;
    }

    /**
     * Encodes {@code mutation} at {@code offset}; cell {@code i} of a row refers to {@code columnNames[i]}.
     *
     * @return the offset after the record
     */
    public static int encode(MutableDirectBuffer buffer, int offset, long correlationId, Mutation mutation,
                             byte[][] columnNames) {
        buffer.putLong(offset + CORRELATION_ID_OFFSET, correlationId, ORDER);
        buffer.putLong(offset + TABLE_ID_OFFSET, mutation.table().id().getMostSignificantBits(), ORDER);
        buffer.putLong(offset + TABLE_ID_OFFSET + 8, mutation.table().id().getLeastSignificantBits(), ORDER);
        buffer.putLong(offset + TOKEN_OFFSET, mutation.key().token(), ORDER);
        byte[] key = mutation.key().key();
        buffer.putInt(offset + KEY_LENGTH_OFFSET, key.length, ORDER);
        buffer.putBytes(offset + KEY_OFFSET, key);
        int at = offset + KEY_OFFSET + key.length;
        DeletionTime deletion = mutation.partitionDeletion();
        List<RangeTombstone> tombstones = mutation.rangeTombstones();
        buffer.putByte(at, (byte) ((deletion != null ? HAS_PARTITION_DELETION : 0)
                | (tombstones.isEmpty() ? 0 : HAS_RANGE_TOMBSTONES)));
        at++;
        if (deletion != null) {
            at = RowCodec.putDeletion(buffer, at, deletion);
        }
        if (!tombstones.isEmpty()) {
            buffer.putInt(at, tombstones.size(), ORDER);
            at += 4;
            for (RangeTombstone tombstone : tombstones) {
                at = RowCodec.putRangeTombstone(buffer, at, tombstone);
            }
        }
        buffer.putShort(at, (short) columnNames.length, ORDER);
        at += 2;
        for (byte[] name : columnNames) {
            buffer.putShort(at, (short) name.length, ORDER);
            buffer.putBytes(at + 2, name);
            at += 2 + name.length;
        }
        List<Row> rows = mutation.rows();
        buffer.putInt(at, rows.size(), ORDER);
        at += 4;
        for (Row row : rows) {
            at = RowCodec.putRow(buffer, at, row);
        }
        return at;
    }

    /** @return the correlation id of the record at {@code offset} */
    public static long correlationId(org.agrona.DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + CORRELATION_ID_OFFSET, ORDER);
    }

    /**
     * Decodes the header (table id, key, partition deletion, range tombstones) of the record under {@code cursor}
     * into {@code into} and leaves the cursor at the column-name table; finish with {@link #decodeRows}.
     *
     * @throws MalformedDataException if the bytes do not follow the layout
     */
    public static void decodeHeader(DecodeCursor cursor, DecodedMutation into) {
        into.clear();
        cursor.readLong();
        into.tableIdMostSignificantBits = cursor.readLong();
        into.tableIdLeastSignificantBits = cursor.readLong();
        long token = cursor.readLong();
        byte[] key = cursor.readBytes(cursor.readInt());
        into.key = new DecoratedKey(token, key);
        int flags = cursor.readByte();
        if ((flags & ~(HAS_PARTITION_DELETION | HAS_RANGE_TOMBSTONES)) != 0) {
            throw new MalformedDataException(cursor.offset() - 1, "unknown mutation flags " + flags);
        }
        into.partitionDeletion = (flags & HAS_PARTITION_DELETION) != 0 ? RowCodec.readDeletion(cursor) : null;
        if ((flags & HAS_RANGE_TOMBSTONES) != 0) {
            int count = cursor.readInt();
            if (count < 0) {
                throw new MalformedDataException(cursor.offset() - 4, "negative range tombstone count " + count);
            }
            for (int i = 0; i < count; i++) {
                into.rangeTombstones.add(RowCodec.readRangeTombstone(cursor));
            }
        }
    }

    /**
     * Decodes the column-name table and the rows that follow {@link #decodeHeader}, mapping cells onto
     * {@code layout}'s columns by name (cells of columns the table no longer has are dropped).
     */
    public static void decodeRows(DecodeCursor cursor, TableLayout layout, DecodedMutation into) {
        int columnCount = cursor.readUnsignedShort();
        int[] mapping = columnCount == layout.columnCount() && namesMatch(cursor, layout, columnCount)
                ? layout.identityMapping() : readMapping(cursor, layout, columnCount);
        int rowCount = cursor.readInt();
        if (rowCount < 0) {
            throw new MalformedDataException(cursor.offset() - 4, "negative row count " + rowCount);
        }
        for (int i = 0; i < rowCount; i++) {
            into.rows.add(RowCodec.readRow(cursor, mapping, layout.columnCount()));
        }
    }

    /** Compares the stored names with the layout's in place; on a match the cursor is left after the table. */
    private static boolean namesMatch(DecodeCursor cursor, TableLayout layout, int columnCount) {
        int start = cursor.offset();
        byte[][] names = layout.columnNames();
        for (int i = 0; i < columnCount; i++) {
            int length = cursor.readUnsignedShort();
            int at = cursor.offset();
            cursor.skip(length);
            if (length != names[i].length || !equalBytes(cursor, at, names[i])) {
                cursor.offset(start);
                return false;
            }
        }
        return true;
    }

    private static boolean equalBytes(DecodeCursor cursor, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (cursor.buffer().getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] readMapping(DecodeCursor cursor, TableLayout layout, int columnCount) {
        byte[][] stored = new byte[columnCount][];
        for (int i = 0; i < columnCount; i++) {
            stored[i] = cursor.readBytes(cursor.readUnsignedShort());
        }
        return layout.mapColumns(stored);
    }
}
