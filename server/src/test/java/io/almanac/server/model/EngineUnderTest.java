package io.almanac.server.model;

import io.almanac.compaction.twcs.SizeTieredCompactionStrategyProvider;
import io.almanac.compaction.twcs.TimeWindowCompactionStrategyProvider;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import io.almanac.ttl.TtlSweeper;
import io.almanac.ttl.TtlSweeperConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real storage engine with the real STCS/TWCS strategies and the real TTL sweeper, on one data directory, driven
 * by a {@link ManualClock}; restartable cleanly ({@code close} + open) or after a simulated crash ({@code halt} +
 * open). The sweeper's own schedule is never started: the test sweeps explicitly.
 *
 * <p>Thread safety: confined to the test thread (the engine's own threads work behind it).
 */
final class EngineUnderTest implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final StorageConfig config;
    private final ManualClock clock;
    private final ScheduledExecutorService unusedScheduler = Executors.newSingleThreadScheduledExecutor();
    private ShardedStorageEngine engine;
    private TtlSweeper sweeper;

    EngineUnderTest(Path directory, ManualClock clock, List<ModelTable> tables) {
        // 2 shards, a small memtable so size-triggered flushes happen too; periodic sync: halt() keeps acknowledged
        // writes (the commit log is appended before the write is acknowledged)
        this.config = new StorageConfig(directory, 2, 1 << 20, 32 << 10, CommitLogSync.PERIODIC, 10_000, 0);
        this.clock = clock;
        open();
        engine.createKeyspace(ModelTable.keyspace(), false);
        for (ModelTable table : tables) {
            engine.createTable(table.metadata(), false);
        }
    }

    private void open() {
        engine = ShardedStorageEngine.open(config, clock, List.of(new SizeTieredCompactionStrategyProvider(),
                new TimeWindowCompactionStrategyProvider()));
        sweeper = new TtlSweeper(engine, clock, unusedScheduler, new TtlSweeperConfig(
                TtlSweeperConfig.SweepScope.ALL_TABLES, false, 10, 100));
    }

    ShardedStorageEngine engine() {
        return engine;
    }

    /** Writes the mutations and waits until every one is acknowledged. */
    void write(List<Mutation> mutations) {
        join(engine.write(mutations));
    }

    /**
     * Offers one mutation (retrying while the shard answers back-pressure, up to the timeout) and waits for its
     * callback: the path the CQL frontend takes.
     */
    void offer(Mutation mutation) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        WriteCallback callback = new WriteCallback() {
            @Override
            public void onCommitted() {
                committed.complete(null);
            }

            @Override
            public void onFailed(Throwable cause) {
                committed.completeExceptionally(cause);
            }
        };
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (engine.offer(mutation, callback) == WriteResult.BACK_PRESSURED) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("write path still back-pressured after " + TIMEOUT_SECONDS + " s");
            }
            Thread.onSpinWait();
        }
        join(committed);
    }

    void flush() {
        join(engine.flush());
    }

    /** @return the number of SSTables the major compaction wrote */
    int compact(TableMetadata table, OptionalLong windowTimestampMicros) {
        return join(engine.compact(table, windowTimestampMicros)).size();
    }

    /** Runs background compaction rounds until the strategies find nothing more to do (bounded). */
    void settleCompactions() {
        for (int round = 0; round < 50; round++) {
            long before = engine.completedCompactions();
            join(engine.compactNow());
            if (engine.completedCompactions() == before && engine.activeCompactions().isEmpty()
                    && engine.pendingCompactions() == 0) {
                return;
            }
        }
        throw new AssertionError("background compaction did not settle within 50 rounds");
    }

    /** @return the number of SSTables the sweeper dropped */
    int sweep() {
        return sweeper.sweepOnce(clock.nowSeconds()).size();
    }

    /** Closes cleanly (memtables flushed) and opens again on the same directory. */
    void restart() {
        checkNoErrors();
        sweeper.close();
        engine.close();
        open();
    }

    /** Halts like kill -9 (no flush, no drain) and opens again; the commit log replays acknowledged writes. */
    void crash() {
        checkNoErrors();
        sweeper.close();
        engine.halt();
        open();
    }

    /** @throws AssertionError when an engine thread (flush, compaction) or the sweeper reported an error */
    void checkNoErrors() {
        if (engine.errors().totalErrors() != 0 || sweeper.errorCount() != 0) {
            throw new AssertionError("engine errors " + engine.errors().counts() + ", sweeper errors "
                    + sweeper.errorCount());
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("engine operation failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("engine operation did not complete within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (sweeper != null) {
                sweeper.close();
            }
            if (engine != null) {
                engine.close();
            }
        } finally {
            unusedScheduler.shutdownNow();
        }
    }
}
