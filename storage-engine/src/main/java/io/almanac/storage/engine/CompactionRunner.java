package io.almanac.storage.engine;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
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
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * throttled to {@code compaction_throughput}, and swaps it in atomically.
 *
 * <p>Thread safety: {@link #schedule()} from any thread; the work runs on the one compaction thread.
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
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private volatile boolean stopping;

    CompactionRunner(Map<UUID, TableStore> tables, Map<String, CompactionStrategyProvider> providers,
                     ScheduledExecutorService executor, Clock clock, ToLongFunction<UUID> minMemtableTimestampMicros,
                     AtomicLong blocksDecompressed, ErrorHandler errorHandler, int throughputMebibytesPerSecond) {
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
                    errorHandler.onError(e);
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
            compact(store, inputs, task.get().description());
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
     */
    void compact(TableStore store, List<SSTableReader> inputs, String description) {
        List<SSTableReader> others = new ArrayList<>(store.acquireLive());
        List<SSTableReader> referenced = new ArrayList<>(others);
        others.removeAll(inputs);
        long nowSeconds = clock.nowSeconds();
        CompactionPurger purger = new CompactionPurger(others,
                minMemtableTimestampMicros.applyAsLong(store.layout().table().id()), nowSeconds,
                store.layout().table().params().gcGraceSeconds());
        long expectedPartitions = inputs.stream().mapToLong(r -> r.info().partitionCount()).sum();
        List<SSTableReader> outputs;
        try (SplitSSTableWriter writer = new SplitSSTableWriter(store, outputSplitter(store), expectedPartitions,
                blocksDecompressed)) {
            mergePartitions(store, inputs, purger, writer);
            outputs = writer.finish();
        } finally {
            TableStore.releaseAll(referenced);
        }
        store.replace(inputs, outputs);
        completed.incrementAndGet();
        LOG.info("Compacted {} SSTables of {} into {} ({}): {} partitions", inputs.size(), store.layout().table(),
                outputs.isEmpty() ? "nothing" : outputs, description,
                outputs.stream().mapToLong(r -> r.info().partitionCount()).sum());
    }

    private void mergePartitions(TableStore store, List<SSTableReader> inputs, CompactionPurger purger,
                                 SplitSSTableWriter writer) {
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
            List<Iterator<Row>> sources = new ArrayList<>();
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && heads[i].key().equals(smallest)) {
                    deletion = DeletionTime.latest(deletion, heads[i].deletion());
                    sources.add(heads[i].rows(Slice.ALL, false, store.layout().comparator()));
                    positions[i]++;
                    heads[i] = positions[i] < inputs.get(i).partitionCount() ? inputs.get(i).partition(positions[i])
                            : null;
                }
            }
            Iterator<Row> rows = new MergingRowIterator(sources, store.layout().comparator());
            throttle.acquire(purger.writePartition(smallest, deletion, rows, writer));
        }
        throw new IllegalStateException("compaction stopped: the engine is closing");
    }
}
