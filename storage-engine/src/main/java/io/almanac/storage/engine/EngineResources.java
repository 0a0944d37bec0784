package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.commitlog.CommitLog;
import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.memtable.TableMemtable;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.sstable.SSTableDescriptor;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.time.Clock;
import io.almanac.storage.write.ReplayStats;
import io.almanac.storage.write.ShardWriterAgent;
import io.almanac.storage.write.TableResolver;
import io.almanac.storage.write.WriteShard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads and files one engine owns: the write shards with their writer agents and commit logs, the flush
 * executor, the compaction runner, and the counters. Split from {@link ShardedStorageEngine} so that class holds
 * only the API.
 *
 * <p>Thread safety: built and started on the opening thread; accessors from any thread; close once.
 */
final class EngineResources {

    private static final Logger LOG = LoggerFactory.getLogger(EngineResources.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;
    private static final long COMPACTION_CHECK_PERIOD_SECONDS = 60;

    private final StorageConfig config;
    private final Clock clock;
    private final Map<UUID, TableStore> tables;
    private final DistinctErrorHandler errors = new DistinctErrorHandler();
    private final AtomicLong blocksDecompressed = new AtomicLong();
    private final EngineCounters counters = new EngineCounters();
    private final AtomicLong droppedTableMutations = new AtomicLong();
    private final ExecutorService flushExecutor;
    private final ScheduledExecutorService compactionExecutor;
    private final CompactionRunner compaction;
    private final SSTableFlusher flusher;
    private final List<WriteShard> shards = new ArrayList<>();
    private final List<ShardWriterAgent> writers = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private long replayed;
    private long skipped;

    EngineResources(StorageConfig config, Clock clock, Map<UUID, TableStore> tables,
                    Map<String, CompactionStrategyProvider> providers) {
        this.config = config;
        this.clock = clock;
        this.tables = tables;
        this.flushExecutor = Executors.newSingleThreadExecutor(daemon("almanac-flush"));
        this.compactionExecutor = Executors.newSingleThreadScheduledExecutor(daemon("almanac-compaction"));
        this.compaction = new CompactionRunner(tables, providers, compactionExecutor, clock,
                this::minMemtableTimestampMicros, blocksDecompressed, errors,
                config.compactionThroughputMebibytesPerSecond(), counters);
        this.flusher = new SSTableFlusher(tables, flushExecutor, blocksDecompressed, errors, compaction::schedule,
                config.shards(), compaction::outputSplitter, clock, counters);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Opens a table's SSTables (removing leftovers without a TOC); @return its store */
    TableStore openTable(TableMetadata table) {
        TableLayout layout = TableLayout.of(table);
        Path directory = SSTableDescriptor.tableDirectory(config.dataDirectory(), table.keyspace(), table.name(),
                table.id());
        List<SSTableReader> readers = new ArrayList<>();
        long nextGeneration = 1;
        try {
            ObsoleteSSTablesLog.apply(config.files(), directory);
            for (SSTableDescriptor descriptor : SSTableDescriptor.listAndCleanUp(config.files(), directory)) {
                readers.add(SSTableReader.open(config.files(), descriptor, layout, blocksDecompressed));
                nextGeneration = Math.max(nextGeneration, descriptor.generation() + 1);
            }
        } catch (RuntimeException e) {
            TableStore.releaseAll(readers);
            throw e;
        }
        return new TableStore(layout, directory, config.files(), readers, nextGeneration);
    }

    /** Creates each shard, replays its commit log and starts its writer. */
    void startShards() {
        TableResolver resolver = (most, least) -> {
            TableStore store = tables.get(new UUID(most, least));
            return store == null ? null : store.layout();
        };
        boolean groupCommit = config.commitLogSync() == CommitLogSync.GROUP;
        Path commitLogDirectory = config.dataDirectory().resolve("commitlog");
        for (int i = 0; i < config.shards(); i++) {
            CommitLog commitLog = new CommitLog(config.files(), commitLogDirectory, i, clock);
            WriteShard shard = new WriteShard(i, config.ringBufferBytes(), commitLog, new Memtable());
            shards.add(shard);
            ShardWriterAgent writer = new ShardWriterAgent(shard, resolver, flusher, clock, groupCommit,
                    config.commitLogSyncPeriodMillis(), config.memtableFlushThresholdBytes(), errors,
                    droppedTableMutations);
            writers.add(writer);
            ReplayStats stats = writer.replay(commitLog.readFlushedPosition());
            replayed += stats.replayed();
            skipped += stats.skipped();
        }
        for (ShardWriterAgent writer : writers) {
            AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1)), errors, null, writer);
            runners.add(runner);
            AgentRunner.startOnThread(runner, daemon(writer.roleName()));
        }
        compaction.start(COMPACTION_CHECK_PERIOD_SECONDS);
    }

    WriteShard shardOf(long token) {
        return shards.get(Math.floorMod(token, shards.size()));
    }

    List<WriteShard> shards() {
        return shards;
    }

    long minMemtableTimestampMicros(UUID tableId) {
        long min = Long.MAX_VALUE;
        for (WriteShard shard : shards) {
            for (Memtable memtable : shard.view().all()) {
                TableMemtable table = memtable.table(tableId);
                if (table != null) {
                    min = Math.min(min, table.minTimestampMicros());
                }
            }
        }
        return min;
    }

    /**
     * Deletes the table directories under {@code data/} that no table of {@code schema} owns, and keyspace
     * directories left empty: what a crash during DROP TABLE / DROP KEYSPACE leaves after the schema change.
     *
     * @throws java.io.UncheckedIOException if a directory cannot be listed or deleted
     */
    void removeOrphanedDirectories(io.almanac.storage.schema.Schema schema) {
        StorageFiles files = config.files();
        Path data = config.dataDirectory().resolve("data");
        if (!files.isDirectory(data)) {
            return;
        }
        java.util.Set<Path> owned = new java.util.HashSet<>();
        schema.keyspaces().values().forEach(keyspace -> keyspace.tables().values().forEach(table -> owned.add(
                SSTableDescriptor.tableDirectory(config.dataDirectory(), table.keyspace(), table.name(), table.id())
                        .toAbsolutePath().normalize())));
        DurableFiles durable = new DurableFiles(files);
        try {
            for (Path keyspaceDirectory : files.list(data)) {
                if (!files.isDirectory(keyspaceDirectory)) {
                    continue;
                }
                for (Path tableDirectory : files.list(keyspaceDirectory)) {
                    if (files.isDirectory(tableDirectory)
                            && !owned.contains(tableDirectory.toAbsolutePath().normalize())) {
                        LOG.info("Removing {}: no table of the schema owns it (interrupted DROP)", tableDirectory);
                        durable.deleteRecursively(tableDirectory);
                    }
                }
                if (schema.keyspace(keyspaceDirectory.getFileName().toString()) == null) {
                    deleteKeyspaceDirectory(keyspaceDirectory.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot clean up " + data, e);
        }
    }

    void deleteKeyspaceDirectory(String keyspace) {
        Path directory = config.dataDirectory().resolve("data").resolve(keyspace);
        try {
            if (config.files().isDirectory(directory) && config.files().list(directory).isEmpty()) {
                config.files().delete(directory);
                config.files().syncDirectory(directory.getParent());
            }
        } catch (IOException e) {
            LOG.debug("Keyspace directory {} not removed: {}", directory, e.toString());
        }
    }

    AtomicLong blocksDecompressed() {
        return blocksDecompressed;
    }

    EngineCounters counters() {
        return counters;
    }

    long replayedMutations() {
        return replayed;
    }

    long skippedReplayMutations() {
        return skipped;
    }

    CompactionRunner compaction() {
        return compaction;
    }

    DistinctErrorHandler errors() {
        return errors;
    }

    CompletableFuture<Void> compactNow() {
        return onCompactionThread(() -> {
            compaction.runRound();
            return null;
        });
    }

    /**
     * Runs {@code work} on the one compaction thread, after any compaction already running or queued, so it never
     * overlaps a compaction (TRUNCATE uses this so that no compaction holds, or later installs, truncated data).
     */
    <T> CompletableFuture<T> onCompactionThread(java.util.function.Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        compactionExecutor.execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Orderly close: drain the rings, flush if asked, stop threads, close files. */
    void close(boolean flush) {
        if (flush && !runners.isEmpty()) {
            awaitRingsDrained();
            List<CompletableFuture<Void>> flushes = new ArrayList<>();
            shards.forEach(shard -> flushes.add(shard.requestFlush()));
            try {
                CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new))
                        .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                LOG.error("Flush at close failed; the commit log will be replayed at the next open", e);
            }
        }
        compaction.stop();
        shutdown(compactionExecutor, false);
        runners.forEach(AgentRunner::close);
        failPendingUpdates();
        shutdown(flushExecutor, false);
        closeFiles();
    }

    /** Crash simulation: stop everything now, no drain, no flush. */
    void halt() {
        writers.forEach(ShardWriterAgent::halt);
        compaction.stop();
        runners.forEach(AgentRunner::close);
        failPendingUpdates();
        shutdown(compactionExecutor, true);
        shutdown(flushExecutor, true);
        closeFiles();
    }

    /** Fails the read-modify-writes the stopped writers never served. */
    private void failPendingUpdates() {
        IllegalStateException closed = new IllegalStateException("The storage engine closed before the update ran");
        shards.forEach(shard -> shard.failPendingUpdates(closed));
    }

    private void closeFiles() {
        for (WriteShard shard : shards) {
            shard.commitLog().close();
        }
        tables.values().forEach(TableStore::closeAll);
    }

    private void awaitRingsDrained() {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
        for (WriteShard shard : shards) {
            while (shard.pendingRingBytes() > 0 && System.nanoTime() < deadlineNanos) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static void shutdown(ExecutorService executor, boolean now) {
        if (now) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
