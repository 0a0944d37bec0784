package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.data.Clustering;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Where the next page of a SELECT resumes; opaque to clients, which send it back unchanged
 * (native_protocol_v4.spec §8). Two layouts, told apart by the first byte:
 *
 * <pre>
 *   stored table (version 1): resume in partition #partition, clustering slice #slice, strictly after the row
 *   whose clustering is given (count = -1: at the start of that slice)
 *   +------+----------------+------------+----------------+------------+----------------------------------+
 *   | 0x01 | partition: i32 | slice: i32 | remaining: i32 | count: i16 | count x (length: i32, bytes)     |
 *   +------+----------------+------------+----------------+------------+----------------------------------+
 *
 *   virtual table (version 2): resume at the offset-th matching row
 *   +------+-------------+----------------+
 *   | 0x02 | offset: i32 | remaining: i32 |
 *   +------+-------------+----------------+
 * </pre>
 *
 * {@code remaining} is the number of rows LIMIT still allows ({@link Integer#MAX_VALUE} without LIMIT).
 *
 * @param partition     index of the partition to resume in, among the query's partitions
 * @param slice         index of the clustering slice to resume in (in read order)
 * @param lastClustering the clustering of the last row returned, or null to start at the slice's beginning
 * @param offset        virtual tables: rows already returned
 * @param remaining     rows LIMIT still allows
 * @param virtual       which layout
 */
record PagingState(int partition, int slice, Clustering lastClustering, int offset, int remaining,
                   boolean virtual) {

    private static final byte STORED = 1;
    private static final byte VIRTUAL = 2;

    static PagingState stored(int partition, int slice, Clustering lastClustering, int remaining) {
        return new PagingState(partition, slice, lastClustering, 0, remaining, false);
    }

    static PagingState virtualTable(int offset, int remaining) {
        return new PagingState(0, 0, null, offset, remaining, true);
    }

    byte[] serialize() {
        if (virtual) {
            return ByteBuffer.allocate(9).put(VIRTUAL).putInt(offset).putInt(remaining).array();
        }
        int size = 1 + 4 + 4 + 4 + 2;
        int count = lastClustering == null ? -1 : lastClustering.size();
        for (int i = 0; i < count; i++) {
            size += 4 + lastClustering.get(i).length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).put(STORED).putInt(partition).putInt(slice).putInt(remaining)
                .putShort((short) count);
        for (int i = 0; i < count; i++) {
            buffer.putInt(lastClustering.get(i).length).put(lastClustering.get(i));
        }
        return buffer.array();
    }

    /**
     * @param virtualTable whether the query reads a virtual table (the state must be of that layout)
     * @throws CqlException 0x000A "Invalid value for the paging state" for anything this node did not write
     */
    static PagingState deserialize(byte[] bytes, boolean virtualTable) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            PagingState state;
            if (version == VIRTUAL && virtualTable) {
                state = virtualTable(buffer.getInt(), buffer.getInt());
            } else if (version == STORED && !virtualTable) {
                state = storedState(buffer);
            } else {
                throw invalid();
            }
            if (buffer.hasRemaining() || state.partition < 0 || state.slice < 0 || state.offset < 0
                    || state.remaining <= 0) {
                throw invalid();
            }
            return state;
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
            throw invalid();
        }
    }

    private static PagingState storedState(ByteBuffer buffer) {
        int partition = buffer.getInt();
        int slice = buffer.getInt();
        int remaining = buffer.getInt();
        int count = buffer.getShort();
        if (count < -1) {
            throw invalid();
        }
        Clustering last = null;
        if (count >= 0) {
            byte[][] values = new byte[count][];
            for (int i = 0; i < count; i++) {
                values[i] = new byte[buffer.getInt()];
                buffer.get(values[i]);
            }
            last = Clustering.of(values);
        }
        return stored(partition, slice, last, remaining);
    }

    private static CqlException invalid() {
        return new CqlException(CqlException.PROTOCOL_ERROR, "Invalid value for the paging state");
    }
}
