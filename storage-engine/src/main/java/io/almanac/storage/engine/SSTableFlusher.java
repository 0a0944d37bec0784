package io.almanac.storage.engine;

import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.data.Row;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.memtable.TableMemtable;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.sstable.SSTableWriter;
import io.almanac.storage.sstable.compress.SSTableCompression;
import io.almanac.storage.write.MemtableFlusher;
import io.almanac.storage.write.WriteShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import io.almanac.storage.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.agrona.ErrorHandler;

/**
 * Flushes switched-out memtables on the flush executor: per table one SSTable per split key of its strategy's
 * {@link OutputSplitter} ({@link MemtableSplit}; one SSTable when the strategy does not split), made live, then
 * "flushed up to L" recorded for the shard, the memtable retired from reads and the commit log trimmed.
 *
 * <p>Invariants: a shard's flushes run in switch order (single-threaded executor), so its recorded position only
 * grows. If a flush fails, the shard stops recording positions (its commit log keeps everything since the last good
 * flush, replayed on the next start) and the memtable stays readable.
 *
 * <p>Thread safety: {@link #flush} from the shard writers; the work runs on the single flush thread.
 */
final class SSTableFlusher implements MemtableFlusher {

    private final Map<UUID, TableStore> tables;
    private final ExecutorService executor;
    private final AtomicLong blocksDecompressed;
    private final ErrorHandler errorHandler;
    private final Runnable afterFlush;
    private final boolean[] shardFailed;  // written and read by the flush thread
    private final Function<TableStore, OutputSplitter> splitters;
    private final Clock clock;
    private final EngineCounters counters;

    /**
     * @param splitters the output splitter of a table (null result: one SSTable per flush); called on the flush
     *                  thread
     * @param clock     stamps each SSTable's creation time
     * @param counters  counts the bytes flushes write
     */
    SSTableFlusher(Map<UUID, TableStore> tables, ExecutorService executor, AtomicLong blocksDecompressed,
                   ErrorHandler errorHandler, Runnable afterFlush, int shards,
                   Function<TableStore, OutputSplitter> splitters, Clock clock, EngineCounters counters) {
        this.tables = tables;
        this.clock = clock;
        this.counters = counters;
        this.splitters = splitters;
        this.executor = executor;
        this.blocksDecompressed = blocksDecompressed;
        this.errorHandler = errorHandler;
        this.afterFlush = afterFlush;
        this.shardFailed = new boolean[shards];
    }

    @Override
    public CompletableFuture<Void> flush(WriteShard shard, Memtable memtable, long commitLogIndex) {
        return CompletableFuture.runAsync(() -> {
            try {
                flushNow(shard, memtable, commitLogIndex);
            } catch (RuntimeException | Error e) {
                shardFailed[shard.id()] = true;
                errorHandler.onError(e);
                throw e;
            }
        }, executor);
    }

    private void flushNow(WriteShard shard, Memtable memtable, long commitLogIndex) {
        for (TableMemtable table : memtable.tables()) {
            TableStore store = tables.get(table.layout().table().id());
            if (store == null || store.isDropped() || table.partitions().isEmpty()) {
                continue;
            }
            for (SSTableReader reader : write(store, table)) {
                counters.flushed(reader.info().sizeBytes());
                store.add(reader);
            }
        }
        shard.memtableFlushed(memtable);
        if (commitLogIndex >= 0 && !shardFailed[shard.id()]) {
            shard.commitLog().writeFlushedPosition(commitLogIndex);
            shard.requestTrim(commitLogIndex);
        }
        afterFlush.run();
    }

    /**
     * Writes one SSTable per split key (one in all when the table's strategy does not split), in ascending key order,
     * each durably (TOC last). If one fails, those already written are deleted and the memtable stays the only copy.
     *
     * @return the new SSTables, each holding the live set's reference
     */
    private List<SSTableReader> write(TableStore store, TableMemtable table) {
        List<SSTableReader> written = new ArrayList<>();
        try {
            for (List<MemtableSplit.Part> parts : MemtableSplit.byKey(table, splitters.apply(store)).values()) {
                written.add(write(store, table, parts));
            }
            return written;
        } catch (RuntimeException | Error e) {
            for (SSTableReader reader : written) {
                reader.markObsolete();
            }
            throw e;
        }
    }

    private SSTableReader write(TableStore store, TableMemtable table, List<MemtableSplit.Part> parts) {
        double fpChance = table.layout().table().params().bloomFilterFpChance();
        // the table's compression now (an ALTER since the memtable opened applies to this flush)
        SSTableCompression compression = SSTableCompression.forTable(store.layout().table().params());
        try (SSTableWriter writer = new SSTableWriter(store.files(), store.nextDescriptor(), table.layout(),
                parts.size(), fpChance, clock.nowSeconds(), compression)) {
            for (MemtableSplit.Part part : parts) {
                writer.startPartition(part.key(), part.deletion(), part.rangeTombstones());
                for (Row row : part.rows()) {
                    writer.addRow(row);
                }
                writer.endPartition();
            }
            writer.finish();
            return SSTableReader.open(store.files(), writer.descriptor(), store.layout(), blocksDecompressed);
        }
    }

    /** @return ids of shards whose flush failed (their commit log is no longer trimmed) */
    List<Integer> failedShards() {
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < shardFailed.length; i++) {
            if (shardFailed[i]) {
                failed.add(i);
            }
        }
        return failed;
    }
}
