package io.almanac.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The operations {@code ./almanac nodetool} reaches through the {@link AdminServer}; implemented by the running node.
 *
 * <p>Thread safety: implementations are called from the admin thread and must be safe alongside the node's work.
 */
interface NodeAdmin {

    /**
     * Flushes memtables to SSTables (every table: memtables are per shard, not per table).
     *
     * @param keyspace a keyspace to check exists, or null
     * @param table    a table of {@code keyspace} to check exists, or null
     * @return a future completed when the SSTables are durable
     * @throws IllegalArgumentException "Keyspace [x] does not exist." / "Unknown table y in keyspace x", as nodetool
     */
    CompletableFuture<Void> flush(String keyspace, String table);

    /** @return the node's state for {@code nodetool status} */
    NodeStatus status();

    /**
     * @param keyspace only this keyspace, or null for all
     * @param table    only this table of {@code keyspace}, or null for all
     * @throws IllegalArgumentException for an unknown keyspace or table
     */
    List<TableStats> tableStats(String keyspace, String table);
}
