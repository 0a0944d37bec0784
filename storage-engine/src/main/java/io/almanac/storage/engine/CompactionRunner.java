package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.CompactionProgress;
import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.MergingRowIterator;
import io.almanac.storage.read.Slice;
import io.almanac.storage.sstable.SSTablePartition;
import io.almanac.storage.sstable.SSTableReader;
import io.almanac.storage.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs compactions on the single compaction thread: after each flush and every minute it asks each table's
 * strategy ({@link CompactionStrategyProvider#create}, cached per table) for a task over the live SSTables no
 * compaction uses, merges the inputs partition by partition into new SSTables, one per split key of the strategy's
 * {@link OutputSplitter} ({@link SplitSSTableWriter}; {@link CompactionPurger} drops shadowed and purgeable data),
 * throttled to {@code compaction_throughput}, and swaps it in atomically. Major compactions ({@link #major}) run
 * on the same thread through the same merge, so they are throttled, split and swapped alike.
 *
 * <p>Thread safety: {@link #schedule()}, {@link #major}, {@link #active()} and the counters from any thread; the
 * work runs on the one compaction thread.
 */
final class CompactionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CompactionRunner.class);
    /** Most tasks run for one table in one round (a strategy that keeps asking cannot starve the others). */
    private static final int MAX_TASKS_PER_TABLE_PER_ROUND = 16;

    private final Map<UUID, TableStore> tables;
    private final Map<String, CompactionStrategyProvider> providers;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final ToLongFunction<UUID> minMemtableTimestampMicros;
    private final AtomicLong blocksDecompressed;
    private final ErrorHandler errorHandler;
    private final long throughputBytesPerSecond;
    private final EngineCounters counters;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicInteger pendingMajor = new AtomicInteger();
    private final List<RunningCompaction> running = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    CompactionRunner(Map<UUID, TableStore> tables, Map<String, CompactionStrategyProvider> providers,
                     ScheduledExecutorService executor, Clock clock, ToLongFunction<UUID> minMemtableTimestampMicros,
                     AtomicLong blocksDecompressed, ErrorHandler errorHandler, int throughputMebibytesPerSecond,
                     EngineCounters counters) {
        this.counters = counters;
        this.tables = tables;
        this.providers = providers;
        this.executor = executor;
        this.clock = clock;
        this.minMemtableTimestampMicros = minMemtableTimestampMicros;
        this.blocksDecompressed = blocksDecompressed;
        this.errorHandler = errorHandler;
        this.throughputBytesPerSecond = throughputMebibytesPerSecond * 1024L * 1024L;
    }

    /** Starts the periodic check (every {@code periodSeconds}). */
    void start(long periodSeconds) {
        executor.scheduleWithFixedDelay(this::schedule, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    /** Asks for a compaction round soon (coalesced: at most one round queued). */
    void schedule() {
        if (!stopping && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::runRound);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    /** Stops starting new compactions; a running merge stops at the next partition. */
    void stop() {
        stopping = true;
    }

    /** @return compactions completed since open */
    long completedCompactions() {
        return completed.get();
    }

    /** @return bytes of SSTables written by compactions since open */
    long bytesWritten() {
        return bytesWritten.get();
    }

    /** @return major compactions requested and not yet started */
    int pendingMajorCompactions() {
        return pendingMajor.get();
    }

    /** @return a snapshot of the compactions running now (at most one: there is one compaction thread) */
    List<CompactionProgress> active() {
        return running.stream().map(RunningCompaction::snapshot).toList();
    }

    /**
     * Queues a major compaction of {@code store}: every live SSTable, or only those whose max timestamp has the
     * same split key as {@code windowTimestampMicros}, merged on the compaction thread after the work queued
     * before it. SSTables no compaction uses when it starts are taken (none are in use then: one thread).
     *
     * @param windowTimestampMicros a timestamp in the window to compact (the table's timestamp resolution), or
     *                              empty for all SSTables
     * @return the new SSTables (empty when there was nothing to compact); fails with
     *         {@link io.almanac.storage.schema.InvalidRequestException} when a window is given for a table whose
     *         strategy does not split by time, or with {@link IllegalStateException} when the engine closes
     */
    CompletableFuture<List<SSTableInfo>> major(TableStore store, OptionalLong windowTimestampMicros) {
        CompletableFuture<List<SSTableInfo>> done = new CompletableFuture<>();
        OutputSplitter splitter = outputSplitter(store);
        if (windowTimestampMicros.isPresent() && splitter == null) {
            done.completeExceptionally(new io.almanac.storage.schema.InvalidRequestException("Table "
                    + store.layout().table() + " does not split its SSTables by time window; compact it without"
                    + " a window"));
            return done;
        }
        pendingMajor.incrementAndGet();
        try {
            executor.execute(() -> {
                pendingMajor.decrementAndGet();
                try {
                    done.complete(runMajor(store, splitter, windowTimestampMicros));
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            pendingMajor.decrementAndGet();
            done.completeExceptionally(new IllegalStateException("the storage engine is closing", e));
        }
        return done;
    }

    private List<SSTableInfo> runMajor(TableStore store, OutputSplitter splitter, OptionalLong windowTimestampMicros) {
        if (stopping || store.isDropped()) {
            throw new IllegalStateException("table " + store.layout().table() + " was dropped or the engine closes");
        }
        List<SSTableReader> inputs = new ArrayList<>(store.notCompacting());
        String description = "major compaction";
        if (windowTimestampMicros.isPresent()) {
            long window = splitter.splitKeyOf(windowTimestampMicros.getAsLong());
            inputs.removeIf(r -> splitter.splitKeyOf(r.info().maxTimestampMicros()) != window);
            description = "major compaction of window " + java.time.Instant.ofEpochMilli(window);
        }
        if (inputs.isEmpty() || !store.markCompacting(inputs)) {
            return List.of();
        }
        try {
            return compact(store, inputs, description, CompactionProgress.Kind.MAJOR_COMPACTION).stream()
                    .map(SSTableReader::info).toList();
        } finally {
            store.unmarkCompacting(inputs);
        }
    }

    /** Runs one compaction round on the calling (compaction) thread. */
    void runRound() {
        scheduled.set(false);
        for (TableStore store : tables.values()) {
            for (int i = 0; i < MAX_TASKS_PER_TABLE_PER_ROUND && !stopping && !store.isDropped(); i++) {
                try {
                    if (!runNext(store)) {
                        break;
                    }
                } catch (RuntimeException | Error e) {
                    if (stopping) {
                        LOG.info("Compaction of {} stopped: the engine is closing ({})", store.layout().table(),
                                e.getMessage());
                    } else {
                        errorHandler.onError(e);
                    }
                    break;
                }
            }
        }
    }

    private boolean runNext(TableStore store) {
        CompactionStrategy strategy = strategy(store);
        if (strategy == null) {
            return false;
        }
        List<SSTableReader> free = store.notCompacting();
        List<SSTableInfo> infos = free.stream().map(SSTableReader::info).toList();
        Optional<CompactionTask> task = strategy.nextBackgroundTask(infos, clock.nowSeconds());
        if (task.isEmpty()) {
            return false;
        }
        List<SSTableReader> inputs = new ArrayList<>();
        for (SSTableInfo wanted : task.get().inputs()) {
            free.stream().filter(r -> r.info().generation() == wanted.generation()).findFirst().ifPresent(inputs::add);
        }
        if (inputs.isEmpty() || !store.markCompacting(inputs)) {
            return false;
        }
        try {
            compact(store, inputs, task.get().description(), CompactionProgress.Kind.COMPACTION);
        } finally {
            store.unmarkCompacting(inputs);
        }
        return true;
    }

    private CompactionStrategy strategy(TableStore store) {
        if (store.strategy() == null) {
            String className = store.layout().table().params().compactionClass();
            CompactionStrategyProvider provider = providers.get(className);
            if (provider == null) {
                return null;
            }
            store.strategy(provider.create(store.layout().table()));
        }
        return store.strategy();
    }

    /**
     * The table's output splitter: made once per table from a strategy instance of its own (the splitter is a pure
     * function, so the flush thread may use it while the compaction thread uses the cached strategy).
     *
     * <p>Thread safety: any thread.
     *
     * @return the splitter, or null when the strategy writes one SSTable per flush or compaction (or is unknown)
     */
    OutputSplitter outputSplitter(TableStore store) {
        Optional<OutputSplitter> cached = store.outputSplitter();
        if (cached == null) {
            CompactionStrategyProvider provider = providers.get(store.layout().table().params().compactionClass());
            cached = provider == null ? Optional.empty() : provider.create(store.layout().table()).outputSplitter();
            store.outputSplitter(cached);
        }
        return cached.orElse(null);
    }

    /**
     * Merges {@code inputs} (marked compacting) into new SSTables, one per split key of the table's
     * {@link #outputSplitter} (one when it does not split), and swaps them in.
     *
     * @return the SSTables swapped in; empty when nothing survived or the inputs were truncated meanwhile
     */
    List<SSTableReader> compact(TableStore store, List<SSTableReader> inputs, String description,
                                CompactionProgress.Kind kind) {
        long startNanos = System.nanoTime(); // a duration, not "now"
        List<SSTableReader> others = new ArrayList<>(store.acquireLive());
        List<SSTableReader> referenced = new ArrayList<>(others);
        others.removeAll(inputs);
        long nowSeconds = clock.nowSeconds();
        CompactionPurger purger = new CompactionPurger(others, store.layout().comparator(),
                minMemtableTimestampMicros.applyAsLong(store.layout().table().id()), nowSeconds,
                store.layout().table().params().gcGraceSeconds());
        long expectedPartitions = inputs.stream().mapToLong(r -> r.info().partitionCount()).sum();
        List<SSTableReader> outputs;
        RunningCompaction progress = new RunningCompaction(store, inputs, kind, description);
        running.add(progress);
        TableLayout layout = store.layout();
        try (SplitSSTableWriter writer = new SplitSSTableWriter(store, layout, outputSplitter(store),
                expectedPartitions, blocksDecompressed, nowSeconds)) {
            mergePartitions(layout, inputs, purger, writer, progress);
            outputs = writer.finish();
        } finally {
            running.remove(progress);
            TableStore.releaseAll(referenced);
            counters.compacted(inputs.stream().mapToLong(r -> r.info().sizeBytes()).sum(),
                    System.nanoTime() - startNanos);
        }
        recordInputsObsolete(store, inputs, outputs);
        List<SSTableInfo> outputInfos = outputs.stream().map(SSTableReader::info).toList();
        if (!store.replace(inputs, outputs)) {
            return List.of();
        }
        completed.incrementAndGet();
        bytesWritten.addAndGet(outputInfos.stream().mapToLong(SSTableInfo::sizeBytes).sum());
        LOG.info("Compacted {} SSTables of {} into {} ({}): {} partitions", inputs.size(), store.layout().table(),
                outputs.isEmpty() ? "nothing" : outputs, description,
                outputInfos.stream().mapToLong(SSTableInfo::partitionCount).sum());
        return outputs;
    }

    /**
     * Records the inputs obsolete now that the outputs are durable (a crash while they are deleted must not leave
     * some of them next to outputs that purged tombstones). If that fails the outputs are deleted, unless the record
     * may have reached the disk: then they must stay, since the next start deletes the inputs.
     */
    private static void recordInputsObsolete(TableStore store, List<SSTableReader> inputs,
                                             List<SSTableReader> outputs) {
        if (store.isDropped()) {
            return; // its directory is gone; the swap below discards the outputs
        }
        try {
            store.recordObsolete(inputs);
        } catch (ObsoleteSSTablesLog.RecordFailedException e) {
            if (e.mayBeOnDisk()) {
                TableStore.releaseAll(outputs);
            } else {
                outputs.forEach(SSTableReader::markObsolete);
            }
            throw e;
        }
    }

    private void mergePartitions(TableLayout layout, List<SSTableReader> inputs, CompactionPurger purger,
                                 SplitSSTableWriter writer, RunningCompaction progress) {
        int[] positions = new int[inputs.size()];
        SSTablePartition[] heads = new SSTablePartition[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            heads[i] = inputs.get(i).partitionCount() > 0 ? inputs.get(i).partition(0) : null;
        }
        Throttle throttle = new Throttle(throughputBytesPerSecond);
        while (!stopping) {
            DecoratedKey smallest = null;
            for (SSTablePartition head : heads) {
                if (head != null && (smallest == null || head.key().compareTo(smallest) < 0)) {
                    smallest = head.key();
                }
            }
            if (smallest == null) {
                return;
            }
            DeletionTime deletion = null;
            List<RangeTombstone> tombstones = new ArrayList<>();
            List<Iterator<Row>> sources = new ArrayList<>();
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && heads[i].key().equals(smallest)) {
                    deletion = DeletionTime.latest(deletion, heads[i].deletion());
                    tombstones.addAll(heads[i].rangeTombstones());
                    sources.add(layout.adapt(heads[i].rows(Slice.ALL, false, layout.comparator()),
                            inputs.get(i).layout()));
                    positions[i]++;
                    heads[i] = positions[i] < inputs.get(i).partitionCount() ? inputs.get(i).partition(positions[i])
                            : null;
                }
            }
            Iterator<Row> rows = new MergingRowIterator(sources, layout.comparator());
            throttle.acquire(purger.writePartition(smallest, deletion, tombstones, rows, writer));
            progress.update(positions);
        }
        throw new IllegalStateException("compaction stopped: the engine is closing");
    }

    /**
     * The progress of the compaction running on the compaction thread.
     *
     * <p>Thread safety: {@link #update} from the compaction thread; {@link #snapshot} from any thread (the
     * completed byte count is volatile).
     */
    private static final class RunningCompaction {
        private final UUID id = UUID.randomUUID();
        private final TableStore store;
        private final CompactionProgress.Kind kind;
        private final String description;
        private final long[] dataBytes;
        private final long[] partitions;
        private final long totalBytes;
        private volatile long completedBytes;

        RunningCompaction(TableStore store, List<SSTableReader> inputs, CompactionProgress.Kind kind,
                          String description) {
            this.store = store;
            this.kind = kind;
            this.description = description;
            this.dataBytes = new long[inputs.size()];
            this.partitions = new long[inputs.size()];
            long total = 0;
            for (int i = 0; i < inputs.size(); i++) {
                dataBytes[i] = inputs.get(i).statistics().dataLength();
                partitions[i] = inputs.get(i).partitionCount();
                total += dataBytes[i];
            }
            this.totalBytes = total;
        }

        /** @param consumed partitions of each input merged so far */
        void update(int[] consumed) {
            long bytes = 0;
            for (int i = 0; i < consumed.length; i++) {
                bytes += partitions[i] == 0 ? dataBytes[i]
                        : (long) ((double) dataBytes[i] * consumed[i] / partitions[i]);
            }
            completedBytes = bytes;
        }

        CompactionProgress snapshot() {
            return new CompactionProgress(id, store.layout().table().keyspace(), store.layout().table().name(), kind,
                    description, completedBytes, totalBytes);
        }
    }
}
