package io.almanac.server;

import io.almanac.compaction.twcs.CompactionWindow;
import io.almanac.compaction.twcs.TimeWindowOptions;
import io.almanac.storage.compaction.CompactionProgress;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.Clock;
import io.almanac.ttl.DropRecord;
import io.almanac.ttl.TtlSweeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's {@link NodeAdmin}: reads the engine's SSTable metadata and the sweeper's report; changes nothing but
 * memtables (flush) and the SSTable set through the engine's compaction (compact).
 *
 * <p>Thread safety: stateless apart from its collaborators, which are thread-safe.
 */
final class NodeAdministration implements NodeAdmin {

    private static final String TWCS_CLASS = "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy";

    private final StorageEngine engine;
    private final TtlSweeper sweeper;
    private final NodeConfig config;
    private final NodeIdentity identity;
    private final Clock clock;

    /** @param clock "now" for the droppable-tombstone estimates (now - gc_grace_seconds) */
    NodeAdministration(StorageEngine engine, TtlSweeper sweeper, NodeConfig config, NodeIdentity identity,
                       Clock clock) {
        this.engine = engine;
        this.clock = clock;
        this.sweeper = sweeper;
        this.config = config;
        this.identity = identity;
    }

    @Override
    public CompletableFuture<Void> flush(String keyspace, List<String> tables) {
        if (keyspace == null) {
            return engine.flush();
        }
        List<TableMetadata> named = new ArrayList<>();
        if (tables.isEmpty()) {
            named.addAll(tables(keyspace, null));
        }
        for (String table : tables) {
            named.addAll(tables(keyspace, table));
        }
        return engine.flush(named);
    }

    @Override
    public NodeStatus status() {
        long loadBytes = 0;
        for (KeyspaceMetadata keyspace : engine.schema().keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                loadBytes += engine.sstables(table).stream().mapToLong(SSTableInfo::sizeBytes).sum();
            }
        }
        return new NodeStatus(config.dataCenter(), config.rack(), config.listenAddress(), "UN", loadBytes, 1,
                identity.hostId().toString());
    }

    @Override
    public List<TableStats> tableStats(String keyspace, String table) {
        List<DropRecord> drops = sweeper.recentDrops();
        return tables(keyspace, table).stream().map(t -> stats(t, drops)).toList();
    }

    private TableStats stats(TableMetadata table, List<DropRecord> drops) {
        List<SSTableInfo> sstables = engine.sstables(table);
        long bytes = sstables.stream().mapToLong(SSTableInfo::sizeBytes).sum();
        long rows = sstables.stream().mapToLong(SSTableInfo::rowCount).sum();
        List<DropRecord> dropped = drops.stream()
                .filter(d -> d.keyspace().equals(table.keyspace()) && d.table().equals(table.name())).toList();
        long gcBeforeSeconds = clock.nowSeconds() - table.params().gcGraceSeconds();
        long droppable = droppable(sstables, gcBeforeSeconds);
        long cells = sstables.stream().mapToLong(SSTableInfo::cellCount).sum();
        return new TableStats(table.keyspace(), table.name(), table.params().compactionClass(), sstables.size(),
                bytes, sstables.stream().mapToLong(SSTableInfo::partitionCount).sum(), rows,
                rows == 0 ? 0 : (double) bytes / rows, sstables.stream().mapToLong(SSTableInfo::tombstoneCount).sum(),
                droppable, cells == 0 ? 0 : Math.min(1.0, (double) droppable / cells),
                windows(table, sstables, gcBeforeSeconds), dropped.size(),
                dropped.stream().mapToLong(DropRecord::sizeBytes).sum());
    }

    private static long droppable(List<SSTableInfo> sstables, long gcBeforeSeconds) {
        return sstables.stream().mapToLong(s -> s.estimatedDroppableTombstones(gcBeforeSeconds)).sum();
    }

    @Override
    public CompletableFuture<List<SSTableLocation>> compact(String keyspace, String table, Instant window) {
        List<TableMetadata> named = tables(keyspace, table);
        if (window != null && table == null) {
            named = named.stream().filter(t -> TWCS_CLASS.equals(t.params().compactionClass())).toList();
        }
        CompletableFuture<List<SSTableLocation>> all = CompletableFuture.completedFuture(List.of());
        for (TableMetadata metadata : named) {
            all = all.thenCompose(done -> engine.compact(metadata, windowTimestamp(metadata, window))
                    .thenApply(written -> {
                        List<SSTableLocation> locations = new ArrayList<>(done);
                        locations.addAll(locations(metadata, written));
                        return locations;
                    }));
        }
        return all;
    }

    /** @return {@code window} in the table's {@code timestamp_resolution} (microseconds unless a TWCS says else) */
    private static OptionalLong windowTimestamp(TableMetadata table, Instant window) {
        if (window == null) {
            return OptionalLong.empty();
        }
        long micros = Math.addExact(Math.multiplyExact(window.getEpochSecond(), 1_000_000L), window.getNano() / 1000);
        if (!TWCS_CLASS.equals(table.params().compactionClass())) {
            return OptionalLong.of(micros);
        }
        TimeUnit resolution = TimeWindowOptions.parse(table.params().compaction(), false).timestampResolution();
        return OptionalLong.of(resolution.convert(micros, TimeUnit.MICROSECONDS));
    }

    @Override
    public CompactionStats compactionStats() {
        List<CompactionStats.Active> active = new ArrayList<>();
        long remainingBytes = 0;
        for (CompactionProgress progress : engine.activeCompactions()) {
            double percent = progress.totalBytes() == 0 ? 100.0 : 100.0 * progress.completedBytes()
                    / progress.totalBytes();
            active.add(new CompactionStats.Active(progress.id().toString(), progress.kind().displayName(),
                    progress.keyspace(), progress.table(), progress.completedBytes(), progress.totalBytes(), "bytes",
                    String.format(Locale.ROOT, "%.2f%%", percent), progress.description()));
            remainingBytes += Math.max(0, progress.totalBytes() - progress.completedBytes());
        }
        long bytesPerSecond = config.compactionThroughputMebibytesPerSecond() * 1024L * 1024L;
        String remaining = bytesPerSecond == 0 ? "n/a" : duration(remainingBytes / bytesPerSecond);
        return new CompactionStats(engine.pendingCompactions(), active, remaining, engine.completedCompactions(),
                engine.compactionBytesWritten());
    }

    /** @return Cassandra's remaining-time form, e.g. {@code 0h01m05s} */
    private static String duration(long seconds) {
        return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public List<SSTableLocation> sstablesContaining(String keyspace, String table, String key) {
        if (keyspace == null || table == null || key == null) {
            throw new io.almanac.storage.schema.InvalidRequestException(
                    "getsstables requires keyspace, table and key arguments");
        }
        TableMetadata metadata = tables(keyspace, table).get(0);
        DecoratedKey partition = DecoratedKey.of(PartitionKeys.fromString(
                metadata.partitionKeyColumns().stream().map(ColumnMetadata::type).toList(), key));
        return locations(metadata, engine.sstablesContaining(metadata, partition));
    }

    private List<SSTableLocation> locations(TableMetadata table, List<SSTableInfo> sstables) {
        List<SSTableLocation> locations = new ArrayList<>();
        for (SSTableInfo sstable : sstables) {
            List<Path> files = engine.sstableFiles(table, sstable.generation());
            if (!files.isEmpty()) {
                locations.add(new SSTableLocation(table.keyspace(), table.name(), sstable.generation(),
                        files.get(0).toAbsolutePath().toString(), sstable.sizeBytes(), sstable.minTimestampMicros(),
                        sstable.maxTimestampMicros()));
            }
        }
        return locations;
    }

    /** Groups a TWCS table's SSTables by the window of their max timestamp, as the strategy does. */
    private static List<TableStats.Window> windows(TableMetadata table, List<SSTableInfo> sstables,
                                                   long gcBeforeSeconds) {
        if (!TWCS_CLASS.equals(table.params().compactionClass())) {
            return List.of();
        }
        TimeWindowOptions options = TimeWindowOptions.parse(table.params().compaction(), false);
        Map<CompactionWindow, List<SSTableInfo>> byWindow = new TreeMap<>();
        for (SSTableInfo sstable : sstables) {
            CompactionWindow window = CompactionWindow.of(sstable.maxTimestampMicros(), options.timestampResolution(),
                    options.windowUnit(), options.windowSize());
            byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(sstable);
        }
        List<TableStats.Window> windows = new ArrayList<>();
        byWindow.forEach((window, members) -> windows.add(new TableStats.Window(
                Instant.ofEpochMilli(window.lowerBoundMillis()).toString(), members.size(),
                members.stream().mapToLong(SSTableInfo::sizeBytes).sum(),
                members.stream().mapToLong(SSTableInfo::rowCount).sum(), droppable(members, gcBeforeSeconds))));
        return windows;
    }

    /** @return the tables named (all, one keyspace's, or one), checking that they exist */
    private List<TableMetadata> tables(String keyspace, String table) {
        Schema schema = engine.schema();
        List<TableMetadata> tables = new ArrayList<>();
        for (KeyspaceMetadata metadata : schema.keyspaces().values()) {
            if (keyspace == null || metadata.name().equals(keyspace)) {
                metadata.tables().values().stream().filter(t -> table == null || t.name().equals(table))
                        .forEach(tables::add);
            }
        }
        if (keyspace != null && schema.keyspace(keyspace) == null) {
            throw new IllegalArgumentException("Keyspace [" + keyspace + "] does not exist.");
        }
        if (table != null && tables.isEmpty()) {
            throw new IllegalArgumentException("Unknown table " + table + " in keyspace " + keyspace);
        }
        return tables;
    }
}
