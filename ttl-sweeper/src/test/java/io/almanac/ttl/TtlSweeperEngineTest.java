package io.almanac.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweeper against the real engine ({@link ShardedStorageEngine}) in a temporary directory, time driven by a
 * {@link ManualClock}: TTL'd data written with explicit (USING TIMESTAMP-like) cell timestamps is flushed to its own
 * SSTable, the clock moves past ttl + gc_grace_seconds, and a sweep deletes the SSTable's files.
 */
class TtlSweeperEngineTest {

    private static final long T0_SECONDS = 1_767_225_600L;
    private static final long T0_MICROS = T0_SECONDS * 1_000_000L;
    private static final int TTL_SECONDS = 600;
    private static final int GC_GRACE_SECONDS = 3_600;

    @TempDir
    Path directory;

    private ManualClock clock;
    private StorageEngine engine;
    private TableMetadata table;
    private ScheduledExecutorService scheduler;
    private TtlSweeper sweeper;

    /**
     * Registered under the TWCS class name so the sweeper's default scope applies; it never compacts, which keeps the
     * SSTable set still so these tests see the sweeper alone (the TWCS module's own tests cover compaction).
     */
    private static final class StillCompactionStrategyProvider implements CompactionStrategyProvider {
        private static final Set<String> KNOWN = Set.of("class", "expired_sstable_check_frequency_seconds",
                "compaction_window_unit", "compaction_window_size");

        @Override
        public String className() {
            return SweepPolicy.TIME_WINDOW_CLASS;
        }

        @Override
        public void validateOptions(Map<String, String> options) {
            for (String key : options.keySet()) {
                if (!KNOWN.contains(key)) {
                    throw new ConfigurationException("Properties specified [" + key + "] are not understood");
                }
            }
        }

        @Override
        public CompactionStrategy create(TableMetadata metadata) {
            return (live, nowSeconds) -> Optional.empty();
        }
    }

    @BeforeEach
    void open() {
        clock = new ManualClock(T0_MICROS);
        engine = ShardedStorageEngine.open(new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC,
                10_000, 0), clock, List.of(new StillCompactionStrategyProvider()));
        engine.createKeyspace(new KeyspaceMetadata("ks", Map.of("class", "SimpleStrategy", "replication_factor", "1"),
                true, Map.of()), false);
        TableParams defaults = TableParams.DEFAULT;
        table = new TableMetadata("ks", "sensor", UUID.nameUUIDFromBytes("ks.sensor".getBytes()), List.of(
                new ColumnMetadata("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                new TableParams("", Map.of("class", SweepPolicy.TIME_WINDOW_CLASS, "compaction_window_unit", "HOURS",
                        "compaction_window_size", "1", "expired_sstable_check_frequency_seconds", "60"),
                        defaults.compression(), defaults.caching(), 0, GC_GRACE_SECONDS, 0.01, 1.0, 0, "99p"));
        engine.createTable(table, false);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        sweeper = new TtlSweeper(engine, clock, scheduler, TtlSweeperConfig.defaults());
    }

    @AfterEach
    void close() throws InterruptedException {
        sweeper.close();
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        engine.close();
    }

    /** Rows ts 0..rows-1 of {@code device} with cells at {@code timestampMicros}, TTL'd when {@code ttl > 0}. */
    private void write(String device, int rows, long timestampMicros, int ttlSeconds) {
        List<Row> updates = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Cell marker = Cell.live(timestampMicros, ttlSeconds, clock.nowSeconds(), Row.MARKER_VALUE);
            Cell value = Cell.live(timestampMicros, ttlSeconds, clock.nowSeconds(),
                    NativeType.DOUBLE.encode(20.0 + i));
            updates.add(new Row(Clustering.of(NativeType.TIMESTAMP.encode((long) i * 1_000)), marker, null,
                    new Cell[] {value}));
        }
        join(engine.write(List.of(Mutation.of(table, key(device), updates))));
    }

    private static DecoratedKey key(String device) {
        return DecoratedKey.of(NativeType.TEXT.encode(device));
    }

    private SSTableInfo flushAndGetNewest() {
        List<Long> before = engine.sstables(table).stream().map(SSTableInfo::generation).toList();
        join(engine.flush());
        List<SSTableInfo> added = engine.sstables(table).stream()
                .filter(s -> !before.contains(s.generation())).toList();
        assertThat(added).hasSize(1);
        return added.get(0);
    }

    private List<Row> read(String device) {
        return engine.read(new ReadCommand(table, key(device), Slice.ALL, false, Integer.MAX_VALUE,
                clock.nowSeconds()));
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    private List<Path> filesOf(long generation) {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().startsWith("sensor-"))
                    .filter(p -> p.getFileName().toString().startsWith(generation + "-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s", what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void aFullyExpiredSSTableIsDroppedWholeOnceGcGraceHasPassed() {
        write("old", 10, T0_MICROS - 3_600_000_000L, TTL_SECONDS);
        SSTableInfo expiring = flushAndGetNewest();
        write("new", 5, T0_MICROS, 0);
        SSTableInfo live = flushAndGetNewest();
        assertThat(expiring.maxLocalDeletionTimeSeconds()).isEqualTo(T0_SECONDS + TTL_SECONDS);
        assertThat(filesOf(expiring.generation())).isNotEmpty();

        clock.setMicros((T0_SECONDS + TTL_SECONDS + GC_GRACE_SECONDS) * 1_000_000L);
        assertThat(sweeper.sweepOnce(clock.nowSeconds())).as("gc grace ends this second, not before").isEmpty();
        assertThat(read("old")).isEmpty();

        clock.advanceSeconds(1);
        List<DropRecord> drops = sweeper.sweepOnce(clock.nowSeconds());
        assertThat(drops).singleElement().satisfies(drop -> {
            assertThat(drop.generation()).isEqualTo(expiring.generation());
            assertThat(drop.keyspace() + "." + drop.table()).isEqualTo("ks.sensor");
            assertThat(drop.sizeBytes()).isEqualTo(expiring.sizeBytes());
            assertThat(drop.maxTimestampMicros()).isEqualTo(T0_MICROS - 3_600_000_000L);
            assertThat(drop.reason()).contains("fully expired");
        });
        assertThat(engine.sstables(table)).extracting(SSTableInfo::generation).containsExactly(live.generation());
        awaitTrue("the dropped SSTable's files to be deleted", () -> filesOf(expiring.generation()).isEmpty());
        assertThat(filesOf(live.generation())).isNotEmpty();
        assertThat(read("old")).isEmpty();
        assertThat(read("new")).hasSize(5);
        assertThat(sweeper.recentDrops()).isEqualTo(drops);
        assertThat(sweeper.droppedBytes()).isEqualTo(expiring.sizeBytes());
        assertThat(sweeper.sweepOnce(clock.nowSeconds())).isEmpty();
    }

    @Test
    void olderLiveDataOfTheSamePartitionBlocksTheDrop() {
        write("d", 1, T0_MICROS - 7_200_000_000L, 0);
        SSTableInfo older = flushAndGetNewest();
        // overwrites row ts 0 with a newer, expiring value: once expired it still shadows the older value
        write("d", 10, T0_MICROS - 3_600_000_000L, TTL_SECONDS);
        SSTableInfo expiring = flushAndGetNewest();
        clock.advanceSeconds(TTL_SECONDS + GC_GRACE_SECONDS + 1);
        assertThat(read("d")).isEmpty();

        assertThat(sweeper.sweepOnce(clock.nowSeconds())).as("dropping it would resurrect row 0").isEmpty();
        assertThat(sweeper.blockedSSTables().get("ks.sensor")).singleElement().satisfies(blocked -> {
            assertThat(blocked.sstable().generation()).isEqualTo(expiring.generation());
            assertThat(blocked.blockerGenerations()).containsExactly(older.generation());
        });
        assertThat(filesOf(expiring.generation())).isNotEmpty();
        assertThat(read("d")).isEmpty();
    }

    @Test
    void olderDataInTheMemtableBlocksTheDropUntilItIsFlushedElsewhere() {
        write("a", 10, T0_MICROS - 3_600_000_000L, TTL_SECONDS);
        SSTableInfo expiring = flushAndGetNewest();
        clock.advanceSeconds(TTL_SECONDS + GC_GRACE_SECONDS + 1);
        write("b", 3, T0_MICROS - 7_200_000_000L, 0);

        assertThat(sweeper.sweepOnce(clock.nowSeconds())).isEmpty();
        assertThat(sweeper.blockedSSTables().get("ks.sensor")).singleElement()
                .satisfies(blocked -> assertThat(blocked.blockedByMemtable()).isTrue());

        SSTableInfo flushed = flushAndGetNewest();
        assertThat(flushed.overlaps(expiring)).as("different partitions, different tokens").isFalse();
        assertThat(sweeper.sweepOnce(clock.nowSeconds())).extracting(DropRecord::generation)
                .containsExactly(expiring.generation());
        assertThat(read("b")).hasSize(3);
    }

    @Test
    void dueSweepsHonourTheTablesCheckFrequency() {
        write("a", 10, T0_MICROS - 3_600_000_000L, TTL_SECONDS);
        SSTableInfo expiring = flushAndGetNewest();
        long droppableFrom = T0_SECONDS + TTL_SECONDS + GC_GRACE_SECONDS + 1;
        assertThat(sweeper.sweepDue(droppableFrom - 1)).as("first look: gc grace not over").isEmpty();
        assertThat(sweeper.sweepDue(droppableFrom + 58)).as("looked 59 s ago; frequency 60 s").isEmpty();
        assertThat(filesOf(expiring.generation())).isNotEmpty();
        assertThat(sweeper.sweepDue(droppableFrom + 59)).extracting(DropRecord::generation)
                .containsExactly(expiring.generation());
    }

    @Test
    void theSchedulerSweepsOnItsOwn() throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TtlSweeper scheduled = new TtlSweeper(engine, clock, scheduler,
                new TtlSweeperConfig(TtlSweeperConfig.SweepScope.ALL_TABLES, false, 1, 10))) {
            write("a", 10, T0_MICROS - 3_600_000_000L, TTL_SECONDS);
            SSTableInfo expiring = flushAndGetNewest();
            clock.advanceSeconds(TTL_SECONDS + GC_GRACE_SECONDS + 1);
            scheduled.start();
            awaitTrue("the scheduled sweep", () -> scheduled.droppedSSTables() == 1);
            assertThat(scheduled.recentDrops()).extracting(DropRecord::generation)
                    .containsExactly(expiring.generation());
            assertThat(scheduled.errorCount()).isZero();
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
