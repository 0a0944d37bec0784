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
 *   +------+----------------+------------+----------------+--------------------+------------+------------------+
 *   | 0x01 | partition: i32 | slice: i32 | remaining: i32 | partitionRows: i32 | count: i16 | count x (length: |
 *   |      |                |            |                |                    |            | i32, bytes)      |
 *   +------+----------------+------------+----------------+--------------------+------------+------------------+
 *
 *   virtual table (version 2): resume at the offset-th matching row
 *   +------+-------------+----------------+
 *   | 0x02 | offset: i32 | remaining: i32 |
 *   +------+-------------+----------------+
 *
 *   range scan (version 3): resume in ring order strictly after the row of partition key {@code key} whose
 *   clustering is given (count = -1: after the whole partition)
 *   +------+----------------+--------------------+-----------------+-----------+------------+-------------------+
 *   | 0x03 | remaining: i32 | partitionRows: i32 | key length: i32 | key bytes | count: i16 | count x (length:  |
 *   |      |                |                    |                 |           |            | i32, bytes)       |
 *   +------+----------------+--------------------+-----------------+-----------+------------+-------------------+
 * </pre>
 *
 * A state of one layout sent with a query of another is refused as invalid.
 *
 * {@code remaining} is the number of rows LIMIT still allows ({@link Integer#MAX_VALUE} without LIMIT);
 * {@code partitionRows} the rows already returned from the partition the next page resumes in (for PER PARTITION
 * LIMIT).
 *
 * @param partition     index of the partition to resume in, among the query's partitions
 * @param slice         index of the clustering slice to resume in (in read order)
 * @param lastClustering the clustering of the last row returned, or null to start at the slice's beginning
 * @param offset        virtual tables: rows already returned
 * @param remaining     rows LIMIT still allows
 * @param virtual       which layout
 * @param lastKey       range scans: the serialized partition key of the last row returned; null otherwise
 * @param partitionRows rows already returned from the partition to resume in
 */
record PagingState(int partition, int slice, Clustering lastClustering, int offset, int remaining,
                   boolean virtual, byte[] lastKey, int partitionRows) {

    private static final byte STORED = 1;
    private static final byte VIRTUAL = 2;
    private static final byte RANGE = 3;

    static PagingState stored(int partition, int slice, Clustering lastClustering, int remaining,
                              int partitionRows) {
        return new PagingState(partition, slice, lastClustering, 0, remaining, false, null, partitionRows);
    }

    static PagingState virtualTable(int offset, int remaining) {
        return new PagingState(0, 0, null, offset, remaining, true, null, 0);
    }

    /** @param lastClustering the last row's clustering, or null to resume after the whole partition */
    static PagingState range(byte[] lastKey, Clustering lastClustering, int remaining, int partitionRows) {
        return new PagingState(0, 0, lastClustering, 0, remaining, false, lastKey, partitionRows);
    }

    byte[] serialize() {
        if (virtual) {
            return ByteBuffer.allocate(9).put(VIRTUAL).putInt(offset).putInt(remaining).array();
        }
        if (lastKey != null) {
            ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + 4 + 4 + lastKey.length + clusteringSize())
                    .put(RANGE).putInt(remaining).putInt(partitionRows).putInt(lastKey.length).put(lastKey);
            putClustering(buffer);
            return buffer.array();
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + 4 + 4 + 4 + clusteringSize()).put(STORED)
                .putInt(partition).putInt(slice).putInt(remaining).putInt(partitionRows);
        putClustering(buffer);
        return buffer.array();
    }

    private int clusteringSize() {
        int size = 2;
        int count = lastClustering == null ? -1 : lastClustering.size();
        for (int i = 0; i < count; i++) {
            size += 4 + lastClustering.get(i).length;
        }
        return size;
    }

    private void putClustering(ByteBuffer buffer) {
        int count = lastClustering == null ? -1 : lastClustering.size();
        buffer.putShort((short) count);
        for (int i = 0; i < count; i++) {
            buffer.putInt(lastClustering.get(i).length).put(lastClustering.get(i));
        }
    }

    /**
     * @param virtualTable whether the query reads a virtual table (the state must be of that layout)
     * @throws CqlException 0x000A "Invalid value for the paging state" for anything this node did not write
     */
    static PagingState deserialize(byte[] bytes, boolean virtualTable) {
        return deserialize(bytes, virtualTable ? VIRTUAL : STORED);
    }

    /**
     * @return a range-scan state (layout 3)
     * @throws CqlException 0x000A "Invalid value for the paging state" for anything else
     */
    static PagingState deserializeRange(byte[] bytes) {
        return deserialize(bytes, RANGE);
    }

    private static PagingState deserialize(byte[] bytes, byte expected) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            PagingState state;
            if (version != expected) {
                throw invalid();
            } else if (version == VIRTUAL) {
                state = virtualTable(buffer.getInt(), buffer.getInt());
            } else if (version == STORED) {
                state = storedState(buffer);
            } else if (version == RANGE) {
                state = rangeState(buffer);
            } else {
                throw invalid();
            }
            if (buffer.hasRemaining() || state.partition < 0 || state.slice < 0 || state.offset < 0
                    || state.remaining <= 0 || state.partitionRows < 0) {
                throw invalid();
            }
            return state;
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
            throw invalid();
        }
    }

    private static PagingState rangeState(ByteBuffer buffer) {
        int remaining = buffer.getInt();
        int partitionRows = buffer.getInt();
        byte[] key = new byte[buffer.getInt()];
        buffer.get(key);
        if (key.length == 0) {
            throw invalid();
        }
        return range(key, readClustering(buffer), remaining, partitionRows);
    }

    private static PagingState storedState(ByteBuffer buffer) {
        int partition = buffer.getInt();
        int slice = buffer.getInt();
        int remaining = buffer.getInt();
        int partitionRows = buffer.getInt();
        return stored(partition, slice, readClustering(buffer), remaining, partitionRows);
    }

    private static Clustering readClustering(ByteBuffer buffer) {
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
        return last;
    }

    private static CqlException invalid() {
        return new CqlException(CqlException.PROTOCOL_ERROR, "Invalid value for the paging state");
    }
}
