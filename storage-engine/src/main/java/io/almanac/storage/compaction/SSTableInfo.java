package io.almanac.storage.compaction;

/**
 * The metadata of one live SSTable that strategies and the TTL sweeper decide on (from its Statistics.db); no
 * strategy ever opens the data itself.
 *
 * @param generation                  the SSTable's generation number within its table directory
 * @param sizeBytes                   on-disk size of all its components, bytes
 * @param partitionCount              partitions in the SSTable
 * @param rowCount                    rows in the SSTable
 * @param minTimestampMicros          smallest cell / marker / deletion timestamp, microseconds since the epoch
 * @param maxTimestampMicros          largest cell / marker / deletion timestamp, microseconds since the epoch
 * @param maxLocalDeletionTimeSeconds latest expiry or deletion second of any cell; {@code Long.MAX_VALUE} when any
 *                                    cell or row marker lives forever
 * @param minToken                    smallest partition token
 * @param maxToken                    largest partition token
 * @param tombstoneCount              tombstones (cell, row and partition deletions)
 */
public record SSTableInfo(long generation, long sizeBytes, long partitionCount, long rowCount,
                          long minTimestampMicros, long maxTimestampMicros, long maxLocalDeletionTimeSeconds,
                          long minToken, long maxToken, long tombstoneCount) {

    /** @return whether the token ranges of the two SSTables overlap */
    public boolean overlaps(SSTableInfo other) {
        return minToken <= other.maxToken && other.minToken <= maxToken;
    }
}
