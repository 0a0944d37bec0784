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
 * @param cellCount                   cells (live, expiring or tombstones), row markers, row and partition deletions:
 *                                    everything that carries a timestamp; the denominator of
 *                                    {@link #droppableTombstoneRatio}
 * @param creationTimeSeconds         when the SSTable was written, seconds since the epoch from the node's clock
 *                                    (not the file's mtime)
 * @param tombstoneDropTimes          the local deletion times of its tombstones and expiring cells
 */
public record SSTableInfo(long generation, long sizeBytes, long partitionCount, long rowCount,
                          long minTimestampMicros, long maxTimestampMicros, long maxLocalDeletionTimeSeconds,
                          long minToken, long maxToken, long tombstoneCount, long cellCount,
                          long creationTimeSeconds, TombstoneHistogram tombstoneDropTimes) {

    public SSTableInfo {
        if (tombstoneDropTimes == null) {
            throw new IllegalArgumentException("tombstoneDropTimes is null; use TombstoneHistogram.EMPTY");
        }
    }

    /**
     * Metadata without droppable-tombstone statistics (as written before Statistics.db version 3): cellCount =
     * rows + tombstones, creation time 0 and an empty histogram, so no tombstone compaction ever picks it.
     */
    public SSTableInfo(long generation, long sizeBytes, long partitionCount, long rowCount,
                       long minTimestampMicros, long maxTimestampMicros, long maxLocalDeletionTimeSeconds,
                       long minToken, long maxToken, long tombstoneCount) {
        this(generation, sizeBytes, partitionCount, rowCount, minTimestampMicros, maxTimestampMicros,
                maxLocalDeletionTimeSeconds, minToken, maxToken, tombstoneCount, rowCount + tombstoneCount, 0,
                TombstoneHistogram.EMPTY);
    }

    /**
     * @param gcBeforeSeconds {@code now - gc_grace_seconds}, seconds since the epoch
     * @return the tombstones and expired cells estimated purgeable by then (local deletion time before
     *         {@code gcBeforeSeconds}), ignoring whether other SSTables keep them
     */
    public long estimatedDroppableTombstones(long gcBeforeSeconds) {
        return tombstoneDropTimes.countBefore(gcBeforeSeconds);
    }

    /**
     * Cassandra's {@code SSTableReader.getEstimatedDroppableTombstoneRatio}: estimated droppable tombstones over all
     * timestamped entries ({@link #cellCount}).
     *
     * @param gcBeforeSeconds {@code now - gc_grace_seconds}, seconds since the epoch
     * @return a ratio in [0, 1]; 0 for an SSTable without cells
     */
    public double droppableTombstoneRatio(long gcBeforeSeconds) {
        return cellCount <= 0 ? 0 : Math.min(1.0, (double) estimatedDroppableTombstones(gcBeforeSeconds) / cellCount);
    }

    /** @return whether the token ranges of the two SSTables overlap */
    public boolean overlaps(SSTableInfo other) {
        return minToken <= other.maxToken && other.minToken <= maxToken;
    }
}
