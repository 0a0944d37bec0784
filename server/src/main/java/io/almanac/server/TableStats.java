package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code nodetool tablestats} reports for one table (after Cassandra's, plus what a time-series operator asks
 * first: how the SSTables sit in compaction windows and what the TTL sweeper dropped).
 *
 * @param keyspace                the keyspace
 * @param table                   the table
 * @param compactionClass         the table's compaction strategy class
 * @param sstableCount            live SSTables
 * @param spaceUsedBytes          bytes of all live SSTable components
 * @param partitions              partitions summed over SSTables (a partition in two SSTables counts twice)
 * @param rows                    rows summed over SSTables (an overwritten row counts once per SSTable holding it)
 * @param bytesPerRow             {@code spaceUsedBytes / rows}, 0 without rows
 * @param tombstones              tombstones (cell, row and partition deletions) summed over SSTables
 * @param droppableTombstones     tombstones and expired cells estimated purgeable now (local deletion time before
 *                                now - gc_grace_seconds), summed over SSTables from their Statistics.db histograms
 *                                ({@link io.almanac.storage.compaction.SSTableInfo#estimatedDroppableTombstones})
 * @param droppableTombstoneRatio {@code droppableTombstones} over all cells, markers and deletions of the SSTables
 *                                (Cassandra's "Droppable tombstone ratio"), 0 without SSTables
 * @param windows                 for TimeWindowCompactionStrategy tables, the SSTables in each compaction window
 *                                (oldest first); empty for other strategies
 * @param sweeperDroppedSSTables  SSTables of this table the TTL sweeper dropped whole, among its recent drops
 * @param sweeperDroppedBytes     bytes those SSTables held
 */
public record TableStats(@JsonProperty("keyspace") String keyspace, @JsonProperty("table") String table,
                         @JsonProperty("compaction_class") String compactionClass,
                         @JsonProperty("sstable_count") int sstableCount,
                         @JsonProperty("space_used_bytes") long spaceUsedBytes,
                         @JsonProperty("partitions") long partitions, @JsonProperty("rows") long rows,
                         @JsonProperty("bytes_per_row") double bytesPerRow,
                         @JsonProperty("tombstones") long tombstones,
                         @JsonProperty("droppable_tombstones") long droppableTombstones,
                         @JsonProperty("droppable_tombstone_ratio") double droppableTombstoneRatio,
                         @JsonProperty("windows") List<Window> windows,
                         @JsonProperty("sweeper_dropped_sstables") long sweeperDroppedSSTables,
                         @JsonProperty("sweeper_dropped_bytes") long sweeperDroppedBytes) {

    /**
     * The SSTables of one compaction window.
     *
     * @param start      the window's first instant, ISO-8601 UTC
     * @param sstables   SSTables whose max timestamp falls in the window
     * @param sizeBytes  their bytes
     * @param rows       their rows
     * @param droppableTombstones their tombstones and expired cells estimated purgeable now
     */
    public record Window(@JsonProperty("start") String start, @JsonProperty("sstables") int sstables,
                         @JsonProperty("size_bytes") long sizeBytes, @JsonProperty("rows") long rows,
                         @JsonProperty("droppable_tombstones") long droppableTombstones) {
    }
}
