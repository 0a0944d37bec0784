package io.almanac.ttl;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops fully expired SSTables whole, so expiry costs a file delete instead of a rewrite (ARCHITECTURE.md
 * "Compaction and expiry"). For each table of the schema that {@link SweepPolicy} selects, every
 * {@code expired_sstable_check_frequency_seconds} (by the node's {@link Clock}) it applies
 * {@link FullyExpiredSSTables} to the table's live SSTables and memtables and asks the engine to drop the result.
 *
 * <pre>
 *   scheduler tick (every tickIntervalSeconds)
 *     for each table in scope whose check is due:
 *       minMemtable = engine.minMemtableTimestampMicros(t)   first: a flush in between shows up in the SSTables
 *       live        = engine.sstables(t)
 *       drops       = FullyExpiredSSTables.evaluate(live, minMemtable, now, gc_grace_seconds, aggressive)
 *       engine.dropSSTables(t, drops)                         skips SSTables compacting or already gone
 *       log + report each SSTable actually dropped
 * </pre>
 *
 * <p>Thread safety: safe from any thread; sweeps are serialized (one at a time), the report is guarded by the
 * sweeper. Errors of one table are counted and logged once per distinct error; they never stop the schedule.
 */
public final class TtlSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

    private final StorageEngine engine;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final TtlSweeperConfig config;
    private final Map<UUID, Long> lastCheckSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> distinctErrors = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();

    // guarded by this
    private final ArrayDeque<DropRecord> recentDrops = new ArrayDeque<>();
    private final Map<String, List<FullyExpiredSSTables.Blocked>> blockedByTable = new HashMap<>();
    private long droppedSSTables;
    private long droppedBytes;
    private ScheduledFuture<?> schedule;

    /**
     * @param engine    the node's storage
     * @param clock     the node's clock; "now" for expiry and for when a table is due
     * @param scheduler runs the periodic tick; owned by the caller (not shut down by {@link #close()})
     * @param config    the sweeper's settings
     */
    public TtlSweeper(StorageEngine engine, Clock clock, ScheduledExecutorService scheduler, TtlSweeperConfig config) {
        this.engine = engine;
        this.clock = clock;
        this.scheduler = scheduler;
        this.config = config;
    }

    /**
     * Starts the periodic tick.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (schedule != null) {
            throw new IllegalStateException("TTL sweeper already started");
        }
        schedule = scheduler.scheduleWithFixedDelay(this::tick, config.tickIntervalSeconds(),
                config.tickIntervalSeconds(), TimeUnit.SECONDS);
    }

    /** Stops the periodic tick; a sweep in progress finishes. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void tick() {
        try {
            sweepDue(clock.nowSeconds());
        } catch (RuntimeException | Error e) {
            onError(e);
        }
    }

    /**
     * Sweeps every table in scope whose {@code expired_sstable_check_frequency_seconds} has passed since its last
     * sweep (the scheduled path).
     *
     * @param nowSeconds now, seconds since the epoch
     * @return the SSTables dropped
     */
    public synchronized List<DropRecord> sweepDue(long nowSeconds) {
        return sweep(nowSeconds, false);
    }

    /**
     * Sweeps every table in scope now, whatever their check frequency (tests and admin commands).
     *
     * @param nowSeconds now, seconds since the epoch
     * @return the SSTables dropped
     */
    public synchronized List<DropRecord> sweepOnce(long nowSeconds) {
        return sweep(nowSeconds, true);
    }

    private List<DropRecord> sweep(long nowSeconds, boolean force) {
        List<DropRecord> dropped = new ArrayList<>();
        Set<UUID> present = new HashSet<>();
        Set<String> presentNames = new HashSet<>();
        for (KeyspaceMetadata keyspace : engine.schema().keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                present.add(table.id());
                presentNames.add(table.toString());
                Optional<SweepPolicy> policy = SweepPolicy.of(table, config);
                if (policy.isEmpty() || !(force || isDue(table, policy.get(), nowSeconds))) {
                    continue;
                }
                lastCheckSeconds.put(table.id(), nowSeconds);
                try {
                    dropped.addAll(sweepTable(table, policy.get(), nowSeconds));
                } catch (RuntimeException e) {
                    onError(e);
                }
            }
        }
        lastCheckSeconds.keySet().retainAll(present);
        blockedByTable.keySet().retainAll(presentNames);
        return dropped;
    }

    private boolean isDue(TableMetadata table, SweepPolicy policy, long nowSeconds) {
        Long last = lastCheckSeconds.get(table.id());
        return last == null || nowSeconds - last >= policy.checkFrequencySeconds();
    }

    private List<DropRecord> sweepTable(TableMetadata table, SweepPolicy policy, long nowSeconds) {
        long minMemtableMicros = engine.minMemtableTimestampMicros(table);
        List<SSTableInfo> live = engine.sstables(table);
        FullyExpiredSSTables.Result result = FullyExpiredSSTables.evaluate(live, minMemtableMicros, nowSeconds,
                policy.gcGraceSeconds(), policy.unsafeAggressive());
        blockedByTable.put(table.toString(), result.blocked());
        if (!result.blocked().isEmpty()) {
            LOG.debug("{}: {} fully expired SSTables blocked by older overlapping data: {}", table,
                    result.blocked().size(), result.blocked());
        }
        if (result.drops().isEmpty()) {
            return List.of();
        }
        Map<Long, String> reasons = new HashMap<>();
        List<SSTableInfo> wanted = new ArrayList<>();
        for (FullyExpiredSSTables.Drop drop : result.drops()) {
            reasons.put(drop.sstable().generation(), drop.reason());
            wanted.add(drop.sstable());
        }
        List<SSTableInfo> done = engine.dropSSTables(table, wanted, "TTL sweeper: fully expired");
        List<DropRecord> records = new ArrayList<>(done.size());
        for (SSTableInfo sstable : done) {
            DropRecord record = new DropRecord(table.keyspace(), table.name(), sstable.generation(),
                    sstable.sizeBytes(), sstable.maxTimestampMicros(), sstable.maxLocalDeletionTimeSeconds(),
                    nowSeconds, reasons.get(sstable.generation()));
            LOG.info("TTL sweeper dropped SSTable {} of {}: {} bytes, max timestamp {} ({}); {}",
                    sstable.generation(), table, sstable.sizeBytes(), sstable.maxTimestampMicros(),
                    instantOfMicros(sstable.maxTimestampMicros()), record.reason());
            remember(record);
            records.add(record);
        }
        return records;
    }

    private static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private void remember(DropRecord record) {
        if (recentDrops.size() == config.reportCapacity()) {
            recentDrops.removeFirst();
        }
        recentDrops.addLast(record);
        droppedSSTables++;
        droppedBytes += record.sizeBytes();
    }

    private void onError(Throwable error) {
        errors.incrementAndGet();
        String key = error.getClass().getName() + ": " + error.getMessage();
        AtomicLong count = distinctErrors.computeIfAbsent(key, k -> new AtomicLong());
        if (count.getAndIncrement() == 0) {
            LOG.warn("TTL sweeper error (logged once, counted after): {}", key, error);
        }
    }

    /** @return the most recent drops, oldest first, at most {@code reportCapacity} */
    public synchronized List<DropRecord> recentDrops() {
        return List.copyOf(recentDrops);
    }

    /** @return per table ({@code ks.table}), the fully expired SSTables its last sweep had to keep, and why */
    public synchronized Map<String, List<FullyExpiredSSTables.Blocked>> blockedSSTables() {
        return Map.copyOf(blockedByTable);
    }

    /** @return SSTables dropped since start */
    public synchronized long droppedSSTables() {
        return droppedSSTables;
    }

    /** @return bytes freed by drops since start */
    public synchronized long droppedBytes() {
        return droppedBytes;
    }

    /** @return errors met by sweeps since start (each distinct error is logged once) */
    public long errorCount() {
        return errors.get();
    }
}
