package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.CompactionProgress;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.memtable.TableMemtable;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.write.PartitionUpdate;
import io.almanac.storage.write.PendingPartitionUpdate;
import io.almanac.storage.write.MemtableView;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.time.Clock;
import io.almanac.storage.write.OverloadedException;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import io.almanac.storage.write.WriteShard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine: schema, sharded write path, memtables, SSTables, reads and compaction (ARCHITECTURE.md).
 * Partition token {@code t} belongs to shard {@code floorMod(t, shards)}; each shard has a ring buffer, one writer
 * thread (an Agrona agent), a Chronicle Queue commit log and its memtables. Open with {@link #open}.
 *
 * <p>Write allocation per {@link #offer}: nothing beyond the caller's callback (the mutation is encoded straight
 * into claimed ring space, the callback stored in a preallocated slot table). {@link #write(List)} adds one
 * {@link WriteBatchCallback} and its future per request, nothing per mutation. The writer allocates the decoded rows
 * the memtable keeps.
 *
 * <p>Thread safety: every method is safe from any thread; DDL is serialized by one lock ({@link SchemaChanges}).
 */
public final class ShardedStorageEngine implements StorageEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedStorageEngine.class);

    private final EngineResources resources;
    private final SchemaChanges schemaChanges;
    private final Map<UUID, TableStore> tables;
    private volatile boolean closed;

    private ShardedStorageEngine(EngineResources resources, SchemaStore schemaStore, Schema schema,
                                 Map<String, CompactionStrategyProvider> providers, Map<UUID, TableStore> tables) {
        this.resources = resources;
        this.schemaChanges = new SchemaChanges(resources, schemaStore, schema, providers, tables);
        this.tables = tables;
    }

    /**
     * Opens the node's storage under {@code config.dataDirectory()}: loads the schema, opens each table's SSTables
     * (deleting leftovers of interrupted flushes and compactions), replays each shard's commit log after its
     * flushed position, then starts the shard writers, the flush and the compaction threads.
     *
     * @param strategies one provider per compaction strategy class tables may name
     * @throws java.io.UncheckedIOException if the directories cannot be read or created
     * @throws io.almanac.storage.sstable.CorruptSSTableException if an SSTable fails its checks
     */
    public static ShardedStorageEngine open(StorageConfig config, Clock clock,
                                            List<CompactionStrategyProvider> strategies) {
        Map<String, CompactionStrategyProvider> providers = new LinkedHashMap<>();
        for (CompactionStrategyProvider provider : strategies) {
            providers.put(provider.className(), provider);
        }
        SchemaStore schemaStore = new SchemaStore(config.files(), config.dataDirectory());
        Schema schema = schemaStore.load();
        Map<UUID, TableStore> tables = new ConcurrentHashMap<>();
        EngineResources resources = new EngineResources(config, clock, tables, providers);
        try {
            resources.removeOrphanedDirectories(schema);
            for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
                for (TableMetadata table : keyspace.tables().values()) {
                    tables.put(table.id(), resources.openTable(table));
                }
            }
            resources.startShards();
        } catch (RuntimeException | Error e) {
            resources.close(false);
            throw e;
        }
        LOG.info("Storage engine open at {}: {} tables, {} shards, replayed {} mutations ({} of dropped tables)",
                config.dataDirectory(), tables.size(), config.shards(), resources.replayedMutations(),
                resources.skippedReplayMutations());
        return new ShardedStorageEngine(resources, schemaStore, schema, providers, tables);
    }

    // ---- schema ----

    @Override
    public Schema schema() {
        return schemaChanges.schema();
    }

    @Override
    public boolean createKeyspace(KeyspaceMetadata keyspace, boolean ifNotExists) {
        return schemaChanges.createKeyspace(keyspace, ifNotExists);
    }

    @Override
    public boolean dropKeyspace(String keyspace, boolean ifExists) {
        return schemaChanges.dropKeyspace(keyspace, ifExists);
    }

    @Override
    public boolean createTable(TableMetadata table, boolean ifNotExists) {
        return schemaChanges.createTable(table, ifNotExists);
    }

    @Override
    public void alterKeyspace(KeyspaceMetadata keyspace) {
        schemaChanges.alterKeyspace(keyspace);
    }

    @Override
    public void alterTable(TableMetadata table) {
        schemaChanges.alterTable(table);
    }

    @Override
    public boolean dropTable(String keyspace, String table, boolean ifExists) {
        return schemaChanges.dropTable(keyspace, table, ifExists);
    }

    @Override
    public boolean createType(io.almanac.storage.schema.UserType type, boolean ifNotExists) {
        return schemaChanges.createType(type, ifNotExists);
    }

    @Override
    public void alterType(io.almanac.storage.schema.UserType type) {
        schemaChanges.alterType(type);
    }

    @Override
    public boolean dropType(String keyspace, String type, boolean ifExists) {
        return schemaChanges.dropType(keyspace, type, ifExists);
    }

    // ---- writes ----

    @Override
    public WriteResult offer(Mutation mutation, WriteCallback callback) {
        return offer(mutation, callback, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the table must still exist and the mutation is encoded as for {@link #offer}; only
     * {@link MutationValidator}'s structural and size checks are skipped.
     */
    @Override
    public WriteResult offerTrusted(Mutation mutation, WriteCallback callback) {
        return offer(mutation, callback, false);
    }

    private WriteResult offer(Mutation mutation, WriteCallback callback, boolean validate) {
        if (closed) {
            throw new IllegalStateException("The storage engine is closed");
        }
        TableStore store = tables.get(mutation.table().id());
        if (store == null) {
            throw new InvalidRequestException("table " + mutation.table().name() + " does not exist");
        }
        TableLayout layout = store.layout();
        if (validate) {
            // a mutation built under an older version of an altered table is checked against that version
            MutationValidator.validate(mutation, mutation.table());
        }
        byte[][] columnNames = mutation.table() == layout.table() || mutation.table().equals(layout.table())
                ? layout.columnNames() : TableLayout.of(mutation.table()).columnNames();
        return resources.shardOf(mutation.key().token()).offer(mutation, columnNames, callback);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every mutation is validated ({@link #offer}). Allocation per request: one {@link WriteBatchCallback} (with its
     * future) that every mutation registers; per mutation nothing beyond {@link #offer}'s.
     */
    @Override
    public CompletableFuture<Void> write(List<Mutation> mutations) {
        WriteBatchCallback batch = new WriteBatchCallback();
        for (int i = 0; i < mutations.size(); i++) {
            Mutation mutation = mutations.get(i);
            batch.accepting();
            WriteResult result;
            try {
                result = offer(mutation, batch);
            } catch (RuntimeException e) {
                batch.notAccepted(e);
                break;
            }
            if (result == WriteResult.BACK_PRESSURED) {
                batch.notAccepted(new OverloadedException("Write shard for token " + mutation.key().token()
                        + " is full; " + i + " of " + mutations.size() + " mutations were accepted"));
                break;
            }
        }
        batch.offeringDone();
        return batch.future();
    }

    @Override
    public <R> CompletableFuture<R> readModifyWrite(TableMetadata table, DecoratedKey key, Slice slice,
                                                    PartitionUpdate<R> update) {
        if (closed) {
            throw new IllegalStateException("The storage engine is closed");
        }
        TableStore store = requireStore(table);
        WriteShard shard = resources.shardOf(key.token());
        TableMetadata current = store.layout().table();
        PendingPartitionUpdate<R> pending = new PendingPartitionUpdate<>(current, key,
                nowSeconds -> PartitionReader.read(new ReadCommand(current, key, slice, false, Integer.MAX_VALUE,
                        nowSeconds), store, shard.view(), resources.counters()),
                mutation -> {
                    MutationValidator.validate(mutation, current);
                    return mutation.table() == current || mutation.table().equals(current)
                            ? store.layout().columnNames() : TableLayout.of(mutation.table()).columnNames();
                }, update);
        if (shard.offerUpdate(pending) == WriteResult.BACK_PRESSURED) {
            return CompletableFuture.failedFuture(new OverloadedException("Write shard " + shard.id() + " has "
                    + WriteShard.MAX_PENDING_UPDATES + " read-modify-writes waiting"));
        }
        return pending.future();
    }

    // ---- reads ----

    @Override
    public List<Row> read(ReadCommand command) {
        TableStore store = tables.get(command.table().id());
        if (store == null) {
            throw new InvalidRequestException("table " + command.table().name() + " does not exist");
        }
        WriteShard shard = resources.shardOf(command.key().token());
        return PartitionReader.read(command, store, shard.view(), resources.counters());
    }

    @Override
    public List<PartitionRows> readRange(RangeReadCommand command) {
        TableStore store = requireStore(command.table());
        List<MemtableView> views = new ArrayList<>();
        for (WriteShard shard : resources.shards()) {
            views.add(shard.view());
        }
        return RangeReader.read(command, store, views);
    }

    @Override
    public CompletableFuture<Void> truncate(TableMetadata table) {
        TableStore store = requireStore(table);
        // Flush so the commit log no longer holds the table's data, then remove its SSTables on the compaction thread:
        // no compaction can be holding them or be about to install a merge of them, so their files go at once
        // (unless a read holds one for a moment) and none survives to come back at the next start.
        return flush().thenCompose(flushed -> resources.onCompactionThread(store::truncate)).thenAccept(removed ->
                LOG.info("Truncated {}: {} SSTables removed", table, removed.size()));
    }

    private TableStore requireStore(TableMetadata table) {
        TableStore store = tables.get(table.id());
        if (store == null) {
            throw new InvalidRequestException("table " + table.name() + " does not exist");
        }
        return store;
    }

    // ---- flush, SSTables, compaction ----

    @Override
    public CompletableFuture<Void> flush() {
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (WriteShard shard : resources.shards()) {
            flushes.add(shard.requestFlush());
        }
        return CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> flush(Collection<TableMetadata> tables) {
        Set<UUID> tableIds = new HashSet<>();
        for (TableMetadata table : tables) {
            requireStore(table);
            tableIds.add(table.id());
        }
        if (tableIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (WriteShard shard : resources.shards()) {
            flushes.add(shard.requestFlush(tableIds));
        }
        return CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<SSTableInfo> sstables(TableMetadata table) {
        TableStore store = tables.get(table.id());
        return store == null ? List.of() : store.live().stream().map(SSTableReader::info).toList();
    }

    @Override
    public List<SSTableInfo> dropSSTables(TableMetadata table, Collection<SSTableInfo> sstables, String reason) {
        TableStore store = tables.get(table.id());
        if (store == null) {
            return List.of();
        }
        Set<Long> generations = new HashSet<>();
        sstables.forEach(info -> generations.add(info.generation()));
        List<SSTableInfo> dropped = store.drop(generations).stream().map(SSTableReader::info).toList();
        if (!dropped.isEmpty()) {
            LOG.info("Dropped {} SSTables of {} ({}): generations {}", dropped.size(), table, reason,
                    dropped.stream().map(SSTableInfo::generation).toList());
        }
        return dropped;
    }

    @Override
    public long minMemtableTimestampMicros(TableMetadata table) {
        return resources.minMemtableTimestampMicros(table.id());
    }

    /** @return Data.db blocks decompressed by reads and compactions since open (for tests and metrics) */
    public long blocksDecompressed() {
        return resources.blocksDecompressed().get();
    }

    /** @return mutations replayed from the commit logs at open */
    public long replayedMutations() {
        return resources.replayedMutations();
    }

    /** @return mutations skipped at replay because their table is no longer in the schema */
    public long skippedReplayMutations() {
        return resources.skippedReplayMutations();
    }

    @Override
    public CompletableFuture<List<SSTableInfo>> compact(TableMetadata table, OptionalLong windowTimestampMicros) {
        return resources.compaction().major(requireStore(table), windowTimestampMicros);
    }

    @Override
    public List<CompactionProgress> activeCompactions() {
        return resources.compaction().active();
    }

    @Override
    public int pendingCompactions() {
        return resources.compaction().pendingMajorCompactions();
    }

    @Override
    public long completedCompactions() {
        return resources.compaction().completedCompactions();
    }

    @Override
    public long compactionBytesWritten() {
        return resources.compaction().bytesWritten();
    }

    @Override
    public long flushBytesWritten() {
        return resources.counters().flushBytesWritten();
    }

    @Override
    public long compactionBytesRead() {
        return resources.counters().compactionBytesRead();
    }

    @Override
    public long compactionNanos() {
        return resources.counters().compactionNanos();
    }

    @Override
    public long partitionReads() {
        return resources.counters().partitionReads();
    }

    @Override
    public long partitionReadSSTables() {
        return resources.counters().partitionReadSSTables();
    }

    @Override
    public List<SSTableInfo> sstablesContaining(TableMetadata table, DecoratedKey key) {
        TableStore store = tables.get(table.id());
        if (store == null) {
            return List.of();
        }
        List<SSTableReader> readers = store.acquireLive();
        try {
            return readers.stream().filter(reader -> reader.find(key) != null).map(SSTableReader::info)
                    .sorted(Comparator.comparingLong(SSTableInfo::generation)).toList();
        } finally {
            TableStore.releaseAll(readers);
        }
    }

    @Override
    public List<Path> sstableFiles(TableMetadata table, long generation) {
        TableStore store = tables.get(table.id());
        if (store == null) {
            return List.of();
        }
        for (SSTableReader reader : store.live()) {
            if (reader.info().generation() == generation) {
                List<Path> files = new ArrayList<>(reader.descriptor().existingFiles(store.files()));
                Path data = reader.descriptor().component(io.almanac.storage.sstable.SSTableFormat.DATA);
                files.remove(data);
                files.add(0, data);
                return files;
            }
        }
        return List.of();
    }

    /** @return the engine threads' error counts */
    public DistinctErrorHandler errors() {
        return resources.errors();
    }

    /** Runs a compaction round now (also runs after every flush and every minute); completes when done. */
    public CompletableFuture<Void> compactNow() {
        return resources.compactNow();
    }

    /** @return the id of the shard owning {@code token} */
    public int shardOf(long token) {
        return resources.shardOf(token).id();
    }

    /** @return rows of {@code table} in the memtables of all shards, current and flushing (tests, metrics) */
    public long memtableRowCount(TableMetadata table) {
        long rows = 0;
        for (WriteShard shard : resources.shards()) {
            for (Memtable memtable : shard.view().all()) {
                TableMemtable part = memtable.table(table.id());
                rows += part == null ? 0 : part.rowCount();
            }
        }
        return rows;
    }

    /**
     * Drains the rings, flushes every memtable (so the next open replays nothing), stops the threads and closes
     * commit logs and SSTables.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close(true);
    }

    /**
     * Simulates a process crash (kill -9) for tests: stops the writer threads without flushing memtables or draining
     * the rings and closes the files. Acknowledged writes are in the commit log and come back on the next open.
     */
    public void halt() {
        if (closed) {
            return;
        }
        closed = true;
        resources.halt();
    }
}
