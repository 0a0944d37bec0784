package io.almanac.server;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The operations {@code ./almanac nodetool} reaches through the {@link AdminServer}; implemented by the running node.
 *
 * <p>Thread safety: implementations are called from the admin thread and must be safe alongside the node's work.
 */
interface NodeAdmin {

    /**
     * Flushes memtables to SSTables as Cassandra's {@code nodetool flush [<keyspace> [<tables>...]]}: every table
     * (and the commit log is trimmed), the keyspace's tables, or the named tables of the keyspace.
     *
     * @param keyspace the keyspace to flush, or null for every table
     * @param tables   tables of {@code keyspace} to flush; empty for all of them
     * @return a future completed when the SSTables are durable
     * @throws IllegalArgumentException "Keyspace [x] does not exist." / "Unknown table y in keyspace x", as nodetool;
     *                                  nothing is flushed then
     */
    CompletableFuture<Void> flush(String keyspace, List<String> tables);

    /** @return the node's state for {@code nodetool status} */
    NodeStatus status();

    /**
     * @param keyspace only this keyspace, or null for all
     * @param table    only this table of {@code keyspace}, or null for all
     * @throws IllegalArgumentException for an unknown keyspace or table
     */
    List<TableStats> tableStats(String keyspace, String table);

    /**
     * Major compaction ({@code nodetool compact}) of the named tables, one after another.
     *
     * @param keyspace a keyspace, or null for all
     * @param table    a table of {@code keyspace}, or null for all of them
     * @param window   an instant inside the one compaction window to compact, or null for all SSTables; when no
     *                 table is named, tables whose strategy has no windows are skipped
     * @return completes when every compaction is done, with the SSTables written
     * @throws IllegalArgumentException for an unknown keyspace or table
     */
    CompletableFuture<List<SSTableLocation>> compact(String keyspace, String table, Instant window);

    /** @return the running compactions and counters for {@code nodetool compactionstats} */
    CompactionStats compactionStats();

    /**
     * The live SSTables holding a partition ({@code nodetool getsstables}).
     *
     * @param key the partition key as text: one column's value unquoted, composite keys joined with ':'
     * @throws IllegalArgumentException for an unknown keyspace or table
     * @throws io.almanac.storage.schema.InvalidRequestException when the key does not parse
     */
    List<SSTableLocation> sstablesContaining(String keyspace, String table, String key);
}
