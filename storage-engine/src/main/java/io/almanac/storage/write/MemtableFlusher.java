package io.almanac.storage.write;

import io.almanac.storage.memtable.Memtable;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a switched-out memtable to SSTables (implemented by the engine, run on its flush executor).
 */
@FunctionalInterface
public interface MemtableFlusher {

    /**
     * Starts flushing {@code memtable} of {@code shard}. When its SSTables are durable and live, the implementation
     * records the commit log position, calls {@link WriteShard#memtableFlushed} and {@link WriteShard#requestTrim}.
     *
     * @param commitLogIndex the highest commit log index whose mutation is in {@code memtable}, or -1
     * @return completes when the flush is durable, fails if it could not be written
     */
    CompletableFuture<Void> flush(WriteShard shard, Memtable memtable, long commitLogIndex);
}
