package io.almanac.compaction.twcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real engine and SizeTieredCompactionStrategy, driven by a manual clock: an old SSTable whose rows were
 * mostly deleted is rewritten alone by background compaction once gc_grace_seconds and
 * tombstone_compaction_interval have passed, and its tombstones are purged; the engine's counters see the flushes,
 * the compaction and the reads.
 */
class TombstoneCompactionEngineTest {

    private static final long START_MICROS = 1_767_225_600_000_000L;
    private static final int DEVICES = 10;
    private static final int ROWS_PER_DEVICE = 20;
    /** Of each device's rows, those with ts below this are deleted. */
    private static final int DELETED_PER_DEVICE = 16;

    @TempDir
    Path directory;

    private static TableMetadata table() {
        TableParams params = new TableParams("", Map.of("class", SizeTieredCompactionStrategyProvider.CLASS_NAME,
                "tombstone_compaction_interval", "3600"), TableParams.DEFAULT.compression(),
                TableParams.DEFAULT.caching(), 0, 60, 0.01, 1.0, 0, "99p");
        return new TableMetadata("ks", "readings", UUID.nameUUIDFromBytes("ks.readings".getBytes()), List.of(
                new ColumnMetadata("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                params);
    }

    private static DecoratedKey key(String device) {
        return DecoratedKey.of(NativeType.TEXT.encode(device));
    }

    private static Row row(long ts, long timestampMicros) {
        long nowSeconds = timestampMicros / 1_000_000L;
        return new Row(Clustering.of(NativeType.BIGINT.encode(ts)), Cell.live(timestampMicros, 0, nowSeconds,
                Row.MARKER_VALUE), null, new Cell[] {Cell.live(timestampMicros, 0, nowSeconds,
                NativeType.DOUBLE.encode(ts * 1.5))});
    }

    private static Row deletion(long ts, long timestampMicros) {
        return new Row(Clustering.of(NativeType.BIGINT.encode(ts)), null,
                new DeletionTime(timestampMicros, timestampMicros / 1_000_000L), new Cell[1]);
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private ShardedStorageEngine open(ManualClock clock, TableMetadata table) {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 16, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        ShardedStorageEngine engine = ShardedStorageEngine.open(config, clock,
                List.of(new SizeTieredCompactionStrategyProvider()));
        engine.createKeyspace(new KeyspaceMetadata("ks", Map.of("class", "SimpleStrategy", "replication_factor", "1"),
                true, Map.of()), false);
        engine.createTable(table, false);
        return engine;
    }

    /** Writes every device's rows at START, then (at START + 1 s) deletes the first DELETED_PER_DEVICE of each. */
    private static void writeAndDelete(ShardedStorageEngine engine, ManualClock clock, TableMetadata table,
                                       boolean flushBetween) throws Exception {
        List<Mutation> writes = new ArrayList<>();
        List<Mutation> deletes = new ArrayList<>();
        for (int device = 0; device < DEVICES; device++) {
            List<Row> rows = new ArrayList<>();
            List<Row> deletions = new ArrayList<>();
            for (int ts = 0; ts < ROWS_PER_DEVICE; ts++) {
                rows.add(row(ts, START_MICROS));
                if (ts < DELETED_PER_DEVICE) {
                    deletions.add(deletion(ts, START_MICROS + 1_000_000L));
                }
            }
            writes.add(Mutation.of(table, key("d" + device), rows));
            deletes.add(Mutation.of(table, key("d" + device), deletions));
        }
        join(engine.write(writes));
        if (flushBetween) {
            join(engine.flush());
        }
        clock.setMicros(START_MICROS + 1_000_000L);
        join(engine.write(deletes));
        join(engine.flush());
        // a newer SSTable of another partition: it overlaps in tokens but the deletions cannot shadow its data
        clock.setMicros(START_MICROS + 10_000_000L);
        join(engine.write(List.of(Mutation.of(table, key("late"), List.of(row(1, START_MICROS + 10_000_000L))))));
        join(engine.flush());
    }

    private static List<SSTableInfo> sstables(ShardedStorageEngine engine, TableMetadata table) {
        return engine.sstables(table).stream().sorted(java.util.Comparator.comparingLong(SSTableInfo::generation))
                .toList();
    }

    private static List<Row> read(ShardedStorageEngine engine, TableMetadata table, String device, long nowSeconds) {
        return engine.read(new ReadCommand(table, key(device), Slice.ALL, false, Integer.MAX_VALUE, nowSeconds));
    }

    @Test
    void anOldSSTableOfDeletedRowsIsCompactedAloneAndItsTombstonesPurged() throws Exception {
        ManualClock clock = new ManualClock(START_MICROS);
        TableMetadata table = table();
        try (ShardedStorageEngine engine = open(clock, table)) {
            writeAndDelete(engine, clock, table, false);
            List<SSTableInfo> before = sstables(engine, table);
            assertThat(before).hasSize(2);
            assertThat(engine.flushBytesWritten()).isEqualTo(before.stream().mapToLong(SSTableInfo::sizeBytes).sum());
            SSTableInfo deleted = before.get(0);
            SSTableInfo late = before.get(1);
            assertThat(deleted.tombstoneCount()).isEqualTo(DEVICES * DELETED_PER_DEVICE);
            assertThat(deleted.creationTimeSeconds()).isEqualTo(START_MICROS / 1_000_000L + 1);

            // one hour later gc_grace_seconds (60) has passed, tombstone_compaction_interval (3600) not quite
            clock.setMicros(START_MICROS + 3_600_000_000L);
            join(engine.compactNow());
            assertThat(sstables(engine, table)).isEqualTo(before);
            assertThat(deleted.droppableTombstoneRatio(clock.nowSeconds() - 60)).isGreaterThan(0.2);

            clock.setMicros(START_MICROS + 3_602_000_000L);
            join(engine.compactNow());
            List<SSTableInfo> after = engine.sstables(table);
            assertThat(engine.completedCompactions()).isEqualTo(1);
            assertThat(engine.compactionBytesRead()).isEqualTo(deleted.sizeBytes());
            assertThat(engine.compactionNanos()).isPositive();
            assertThat(after).hasSize(2).contains(late).doesNotContain(deleted);
            SSTableInfo rewritten = after.stream().filter(s -> !s.equals(late)).findFirst().orElseThrow();
            assertThat(rewritten.tombstoneCount()).isZero();
            assertThat(rewritten.rowCount()).isEqualTo(DEVICES * (ROWS_PER_DEVICE - DELETED_PER_DEVICE));
            assertThat(rewritten.creationTimeSeconds()).isEqualTo(clock.nowSeconds());
            assertThat(rewritten.droppableTombstoneRatio(Long.MAX_VALUE)).isZero();

            for (int device = 0; device < DEVICES; device++) {
                assertThat(read(engine, table, "d" + device, clock.nowSeconds()))
                        .hasSize(ROWS_PER_DEVICE - DELETED_PER_DEVICE);
            }
            assertThat(engine.partitionReads()).isEqualTo(DEVICES);
            assertThat(engine.partitionReadSSTables()).isEqualTo(DEVICES);

            // the rewritten SSTable has nothing to drop: no further compaction, however late
            clock.setMicros(START_MICROS + 30 * 86_400_000_000L);
            join(engine.compactNow());
            assertThat(engine.completedCompactions()).isEqualTo(1);
        }
    }

    @Test
    void deletionsOverOlderDataInAnotherSSTableAreNotCompactedAlone() throws Exception {
        ManualClock clock = new ManualClock(START_MICROS);
        TableMetadata table = table();
        try (ShardedStorageEngine engine = open(clock, table)) {
            writeAndDelete(engine, clock, table, true);
            List<SSTableInfo> before = sstables(engine, table);
            assertThat(before).hasSize(3);
            assertThat(before.get(1).droppableTombstoneRatio(Long.MAX_VALUE)).isEqualTo(1.0);

            // purging them would resurrect the rows of the older SSTable: the overlap check refuses
            clock.setMicros(START_MICROS + 2 * 3_600_000_000L);
            join(engine.compactNow());
            assertThat(sstables(engine, table)).isEqualTo(before);
            assertThat(engine.completedCompactions()).isZero();
            assertThat(read(engine, table, "d0", clock.nowSeconds())).hasSize(ROWS_PER_DEVICE - DELETED_PER_DEVICE);
            assertThat(engine.partitionReadSSTables()).isEqualTo(2);
        }
    }
}
