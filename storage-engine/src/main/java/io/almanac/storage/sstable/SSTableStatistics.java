package io.almanac.storage.sstable;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.compaction.TombstoneHistogram;
import io.almanac.storage.data.Clustering;
import java.nio.charset.StandardCharsets;
import io.almanac.storage.io.StorageFiles;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The content of {@code <gen>-Statistics.db} (grammar in {@link SSTableFormat}): what strategies, the TTL sweeper
 * and the read path decide on without opening the data.
 *
 * @param tableId                     the table the SSTable belongs to
 * @param partitionCount              partitions
 * @param rowCount                    rows
 * @param minTimestampMicros          smallest timestamp (cells, markers, deletions), microseconds
 * @param maxTimestampMicros          largest timestamp, microseconds
 * @param maxLocalDeletionTimeSeconds latest expiry/deletion second; Long.MAX_VALUE if anything lives forever
 * @param minToken                    smallest partition token
 * @param maxToken                    largest partition token
 * @param tombstoneCount              cell tombstones, row, range and partition deletions
 * @param dataLength                  length of Data.db, bytes (detects truncation)
 * @param blockCount                  Data.db blocks
 * @param minClustering               smallest row clustering in storage order, or null without rows
 * @param maxClustering               largest row clustering in storage order, or null without rows
 * @param clusteringColumnCount       clustering columns of the table when written
 * @param columnNames                 the column-name table (UTF-8), indexed by a cell's column reference
 * @param columnTypes                 the CQL type of each column when written (UTF-8), for tools
 * @param cellCount                   cells, row markers, row and partition deletions (see {@link SSTableInfo})
 * @param creationTimeSeconds         when written, seconds since the epoch from the node's clock
 * @param tombstoneDropTimes          local deletion times of tombstones and expiring cells
 */
public record SSTableStatistics(UUID tableId, long partitionCount, long rowCount, long minTimestampMicros,
                                long maxTimestampMicros, long maxLocalDeletionTimeSeconds, long minToken,
                                long maxToken, long tombstoneCount, long dataLength, int blockCount,
                                Clustering minClustering, Clustering maxClustering, int clusteringColumnCount,
                                byte[][] columnNames, byte[][] columnTypes, long cellCount,
                                long creationTimeSeconds, TombstoneHistogram tombstoneDropTimes) {

    /** @return the strategy-facing metadata of generation {@code generation}, {@code sizeBytes} on disk */
    public SSTableInfo toInfo(long generation, long sizeBytes) {
        return new SSTableInfo(generation, sizeBytes, partitionCount, rowCount, minTimestampMicros,
                maxTimestampMicros, maxLocalDeletionTimeSeconds, minToken, maxToken, tombstoneCount, cellCount,
                creationTimeSeconds, tombstoneDropTimes);
    }

    void write(ComponentWriter out) {
        out.putLong(tableId.getMostSignificantBits());
        out.putLong(tableId.getLeastSignificantBits());
        for (long value : new long[] {partitionCount, rowCount, minTimestampMicros, maxTimestampMicros,
                maxLocalDeletionTimeSeconds, minToken, maxToken, tombstoneCount, dataLength}) {
            out.putLong(value);
        }
        out.putInt(blockCount);
        out.putByte(minClustering != null ? 1 : 0);
        if (minClustering != null) {
            writeClustering(out, minClustering);
            writeClustering(out, maxClustering);
        }
        out.putShort(clusteringColumnCount);
        out.putShort(columnNames.length);
        for (int i = 0; i < columnNames.length; i++) {
            out.putShort(columnNames[i].length);
            out.putBytes(columnNames[i], 0, columnNames[i].length);
            out.putShort(columnTypes[i].length);
            out.putBytes(columnTypes[i], 0, columnTypes[i].length);
        }
        out.putLong(cellCount);
        out.putLong(creationTimeSeconds);
        out.putShort(tombstoneDropTimes.binCount());
        for (int i = 0; i < tombstoneDropTimes.binCount(); i++) {
            out.putLong(tombstoneDropTimes.pointSeconds(i));
            out.putLong(tombstoneDropTimes.count(i));
        }
    }

    static void writeClustering(ComponentWriter out, Clustering clustering) {
        out.putShort(clustering.size());
        for (int i = 0; i < clustering.size(); i++) {
            byte[] value = clustering.get(i);
            out.putInt(value.length);
            out.putBytes(value, 0, value.length);
        }
    }

    /** @throws CorruptSSTableException when the component fails its checks */
    static SSTableStatistics read(StorageFiles files, Path file) {
        DecodeCursor cursor = SSTableFormat.readComponent(files, file, SSTableFormat.STATISTICS);
        try {
            UUID tableId = new UUID(cursor.readLong(), cursor.readLong());
            long[] values = new long[9];
            for (int i = 0; i < values.length; i++) {
                values[i] = cursor.readLong();
            }
            int blockCount = cursor.readInt();
            boolean hasBounds = cursor.readByte() != 0;
            Clustering min = hasBounds ? RowCodec.readClustering(cursor) : null;
            Clustering max = hasBounds ? RowCodec.readClustering(cursor) : null;
            int clusteringColumns = cursor.readUnsignedShort();
            int columnCount = cursor.readUnsignedShort();
            byte[][] names = new byte[columnCount][];
            byte[][] types = new byte[columnCount][];
            for (int i = 0; i < columnCount; i++) {
                names[i] = cursor.readBytes(cursor.readUnsignedShort());
                types[i] = cursor.readBytes(cursor.readUnsignedShort());
            }
            long cellCount = cursor.readLong();
            long creationTimeSeconds = cursor.readLong();
            TombstoneHistogram dropTimes = readHistogram(file, cursor);
            return new SSTableStatistics(tableId, values[0], values[1], values[2], values[3], values[4], values[5],
                    values[6], values[7], values[8], blockCount, min, max, clusteringColumns, names, types, cellCount,
                    creationTimeSeconds, dropTimes);
        } catch (MalformedDataException e) {
            throw SSTableFormat.corrupt(file, e);
        }
    }

    private static TombstoneHistogram readHistogram(Path file, DecodeCursor cursor) {
        int at = cursor.offset();
        int bins = cursor.readUnsignedShort();
        if (bins > TombstoneHistogram.MAX_BINS) {
            throw new CorruptSSTableException(file, at, bins + " tombstone histogram bins, at most "
                    + TombstoneHistogram.MAX_BINS);
        }
        long[] points = new long[bins];
        long[] counts = new long[bins];
        for (int i = 0; i < bins; i++) {
            points[i] = cursor.readLong();
            counts[i] = cursor.readLong();
        }
        try {
            return TombstoneHistogram.of(points, counts);
        } catch (IllegalArgumentException e) {
            throw new CorruptSSTableException(file, at, e.getMessage());
        }
    }

    @Override
    public String toString() {
        StringBuilder columns = new StringBuilder();
        for (byte[] name : columnNames) {
            columns.append(columns.length() == 0 ? "" : ",").append(new String(name, StandardCharsets.UTF_8));
        }
        return "SSTableStatistics(table=" + tableId + ", partitions=" + partitionCount + ", rows=" + rowCount
                + ", columns=" + columns + ")";
    }
}
