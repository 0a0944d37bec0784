package io.almanac.storage.engine;

import io.almanac.storage.compaction.CompactionProgress;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.write.PartitionUpdate;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One node's storage: the schema, the one write path (ring buffer -> shard writer -> commit log -> memtable),
 * reads that merge memtables and SSTables, flushes and the SSTable set that compaction and the TTL sweeper work on.
 * See ARCHITECTURE.md "One write path" and "Read path".
 *
 * <p>Thread safety: every method is safe from any thread. Writes to one partition are applied in the order they were
 * accepted (one shard owns each partition).
 */
public interface StorageEngine extends AutoCloseable {

    // ---- schema ----

    /** @return the current schema snapshot */
    Schema schema();

    /**
     * Creates a keyspace and persists the schema before returning.
     *
     * @return true if created, false if it existed and {@code ifNotExists}
     * @throws io.almanac.storage.schema.AlreadyExistsException if it exists and not {@code ifNotExists}
     */
    boolean createKeyspace(KeyspaceMetadata keyspace, boolean ifNotExists);

    /**
     * Drops a keyspace, its tables and their data.
     *
     * @return true if dropped, false if absent and {@code ifExists}
     * @throws io.almanac.storage.schema.InvalidRequestException if absent and not {@code ifExists}
     */
    boolean dropKeyspace(String keyspace, boolean ifExists);

    /**
     * Creates a table; its compaction options are validated by the registered strategy provider.
     *
     * @return true if created, false if it existed and {@code ifNotExists}
     * @throws io.almanac.storage.schema.AlreadyExistsException if it exists and not {@code ifNotExists}
     * @throws io.almanac.storage.schema.InvalidRequestException if the keyspace does not exist
     * @throws io.almanac.storage.schema.ConfigurationException if an option is invalid
     */
    boolean createTable(TableMetadata table, boolean ifNotExists);

    /**
     * Drops a table and its data.
     *
     * @return true if dropped, false if absent and {@code ifExists}
     * @throws io.almanac.storage.schema.InvalidRequestException if absent and not {@code ifExists}
     */
    boolean dropTable(String keyspace, String table, boolean ifExists);

    /**
     * Creates a user-defined type in its keyspace ({@code CREATE TYPE}). Thread safety: DDL is serialized.
     *
     * @param type the type (stored non-frozen; its field types may use only existing types of its keyspace)
     * @return true if created, false if it existed and {@code ifNotExists}
     * @throws io.almanac.storage.schema.InvalidRequestException if the keyspace does not exist, or the type exists
     *         and not {@code ifNotExists}
     */
    boolean createType(io.almanac.storage.schema.UserType type, boolean ifNotExists);

    /**
     * Replaces the definition of an existing user-defined type ({@code ALTER TYPE}: a field added or renamed); the
     * columns of tables and the fields of types that use it take the new definition. Stored values are unchanged
     * (a value with fewer fields than its type reads the missing ones as null).
     *
     * @throws io.almanac.storage.schema.InvalidRequestException if the keyspace or the type does not exist
     */
    void alterType(io.almanac.storage.schema.UserType type);

    /**
     * Drops a user-defined type ({@code DROP TYPE}).
     *
     * @return true if dropped, false if absent and {@code ifExists}
     * @throws io.almanac.storage.schema.InvalidRequestException if absent and not {@code ifExists}, or still used by
     *         a table or another type
     */
    boolean dropType(String keyspace, String type, boolean ifExists);

    /**
     * Replaces a keyspace's replication and durable_writes (ALTER KEYSPACE); its tables and types stay as they are.
     *
     * @param keyspace the new definition; its {@code tables} and {@code types} are ignored
     * @throws io.almanac.storage.schema.InvalidRequestException if the keyspace does not exist
     */
    void alterKeyspace(KeyspaceMetadata keyspace);

    /**
     * Replaces a table's definition (ALTER TABLE) and persists the schema before returning: columns added or dropped
     * (the primary key columns keep their types and order; RENAME may change their names), options changed.
     * Existing data stays where it is and is read under the new definition by column name; cells of a column
     * written at or before its drop ({@link TableMetadata#droppedColumns()}) are never read again, even when a
     * column of that name is added back. A changed compaction strategy or option takes
     * effect for the next compaction.
     *
     * @param table the new definition, with the same keyspace, name and id as the existing table
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist, its id differs or its
     *         primary key columns differ in number, type or clustering order
     * @throws io.almanac.storage.schema.ConfigurationException if a compaction option is invalid
     */
    void alterTable(TableMetadata table);

    // ---- writes ----

    /**
     * Offers a mutation to the write path without blocking.
     *
     * <p>Allocation: the mutation's serialized form is written straight into the shard's ring buffer; one callback
     * registration per mutation.
     *
     * @return {@link WriteResult#ACCEPTED} (the callback will be called once, on a writer thread) or
     *         {@link WriteResult#BACK_PRESSURED} (nothing written, the callback is never called)
     * @throws io.almanac.storage.schema.InvalidRequestException if the mutation is invalid for its table (the
     *         callback is never called)
     */
    WriteResult offer(Mutation mutation, WriteCallback callback);

    /**
     * The trusted path: as {@link #offer}, without the engine's structural and size checks of the mutation, for
     * frontends whose mapper builds every mutation so that it already holds (and documents so). The caller
     * guarantees, for every row: a non-empty partition key whose components are at most 65535 bytes; exactly the
     * table's number of clustering values, none null, each at most 65535 bytes (or the static row
     * {@code Clustering.STATIC}, holding static cells only and no row marker); at most
     * {@code regularColumns().size()} cells; every TTL in [0, {@code TableParams.MAX_TTL_SECONDS}]; no range
     * tombstones, or only valid ones. A mutation breaking these is undefined behaviour for the write path; CQL
     * statements and anything built from unchecked input use {@link #offer}.
     *
     * <p>The default implementation validates anyway.
     *
     * @return as {@link #offer}
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist (the callback is never
     *         called)
     */
    default WriteResult offerTrusted(Mutation mutation, WriteCallback callback) {
        return offer(mutation, callback);
    }

    /**
     * Writes mutations; the future completes when all are committed, or fails with
     * {@link io.almanac.storage.write.OverloadedException} when a shard refused one (the others may be written).
     */
    CompletableFuture<Void> write(List<Mutation> mutations);

    /**
     * Runs a read-modify-write of one partition on the partition's shard writer (Cassandra's lightweight
     * transactions, counters and collection element updates go through this): the writer reads the live rows of
     * {@code slice} (memtables and SSTables merged as {@link #read} does), calls {@code update}, and appends the
     * mutation it returns to the commit log and memtable before it applies anything else to the shard. So two
     * updates of one partition never interleave: linearizable per partition on this node. Each update costs a
     * partition read on the writer thread; keep {@code slice} as narrow as the update needs.
     *
     * @param slice the clustering slice {@code update} needs to see, in storage order
     * @return completes with the update's result once its mutation (if any) is committed per
     *         {@code commitlog_sync}; fails with {@link io.almanac.storage.write.OverloadedException} when the
     *         shard's update queue is full, with {@link io.almanac.storage.schema.InvalidRequestException} when the
     *         update refuses or returns an invalid mutation (nothing written then)
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist
     */
    <R> CompletableFuture<R> readModifyWrite(TableMetadata table, DecoratedKey key, Slice slice,
                                             PartitionUpdate<R> update);

    // ---- reads ----

    /**
     * Reads live rows of one partition: memtables and SSTables merged, last write wins, deleted and expired data
     * removed. Each returned row holds only live cells (and its live marker, if any).
     *
     * @throws io.almanac.storage.sstable.CorruptSSTableException naming file and offset if a checksum fails
     */
    List<Row> read(ReadCommand command);

    /**
     * Reads live rows across partitions in ring order (token, then key bytes): every shard's memtables and all
     * SSTables of the table merged as {@link #read} merges one partition. Partitions without a live row in the slice
     * are left out. See {@link RangeReadCommand} for the token range, resume position and limits.
     *
     * @return the partitions read, each with at least one row; fewer than {@code rowLimit} rows in all means the
     *         range holds no more
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist
     * @throws io.almanac.storage.sstable.CorruptSSTableException naming file and offset if a checksum fails
     */
    List<PartitionRows> readRange(RangeReadCommand command);

    /**
     * Removes all data of a table (CQL TRUNCATE): flushes every shard so the commit log no longer replays the
     * table's data, then removes all its SSTables from the live set; their files are deleted once no read or
     * compaction holds them. Writes that race with the truncation may survive it.
     *
     * @return completes when the data is no longer visible to reads
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist
     */
    CompletableFuture<Void> truncate(TableMetadata table);

    // ---- flush, SSTables, compaction ----

    /** Flushes every shard's memtable (all tables) to SSTables; completes when they are durable. */
    CompletableFuture<Void> flush();

    /**
     * Flushes only the named tables' data: each shard's memtable part of each table (Cassandra's
     * {@code nodetool flush <keyspace> <tables>}); the other tables stay in their memtables. The commit log is only
     * trimmed past what every table has flushed, so the named tables' mutations stay in it until the next flush of
     * whole memtables; a restart before that replays them again over their SSTables, which changes nothing.
     *
     * @param tables the tables to flush (none: completes at once)
     * @return completes when everything of those tables written before the call is in durable SSTables
     * @throws io.almanac.storage.schema.InvalidRequestException if a table does not exist
     */
    CompletableFuture<Void> flush(Collection<TableMetadata> tables);

    /** @return the live SSTables of a table */
    List<SSTableInfo> sstables(TableMetadata table);

    /**
     * Removes whole SSTables from the live set and deletes their files once no reader uses them (the TTL sweeper's
     * drop). SSTables no longer live (already compacted or dropped) are skipped.
     *
     * @param reason logged with the drop
     * @return the SSTables actually dropped
     */
    List<SSTableInfo> dropSSTables(TableMetadata table, Collection<SSTableInfo> sstables, String reason);

    /**
     * @return the smallest timestamp of any data of {@code table} still in a memtable, microseconds, or
     *         {@code Long.MAX_VALUE} when the memtables hold none (for the fully-expired rule)
     */
    long minMemtableTimestampMicros(TableMetadata table);

    /**
     * Runs a major compaction (Cassandra's {@code nodetool compact}): merges all live SSTables of {@code table} that
     * no compaction uses, or only those whose max timestamp lies in the same compaction window as
     * {@code windowTimestampMicros} (windows as the table's strategy splits its output), through the compaction
     * thread: throttled to {@code compaction_throughput}, written one SSTable per window when the strategy splits by
     * time (so windows stay apart), swapped in atomically. It starts after the compactions queued before it.
     *
     * @param windowTimestampMicros a timestamp in the one window to compact, in the table's timestamp resolution
     *                              (microseconds since the epoch by default), or empty for all SSTables
     * @return the SSTables written (empty when there was nothing to compact); fails with
     *         {@link io.almanac.storage.schema.InvalidRequestException} for a window on a table whose strategy does
     *         not split by time, with {@link IllegalStateException} when the engine closes meanwhile
     * @throws io.almanac.storage.schema.InvalidRequestException if the table does not exist
     */
    CompletableFuture<List<SSTableInfo>> compact(TableMetadata table, OptionalLong windowTimestampMicros);

    /** @return the compactions running now, with their progress in bytes (empty when none runs) */
    List<CompactionProgress> activeCompactions();

    /** @return compactions requested ({@link #compact}) that have not started yet */
    int pendingCompactions();

    /** @return compactions (background and major) completed since open */
    long completedCompactions();

    /** @return bytes of SSTables (all components) written by compactions since open */
    long compactionBytesWritten();

    /** @return bytes of SSTables (all components) written by memtable flushes since open */
    long flushBytesWritten();

    /**
     * @return bytes of the input SSTables (all components) of the compactions (background and major) run since
     *         open, counted when each compaction ends, including those that failed
     */
    long compactionBytesRead();

    /**
     * @return the summed wall time of the compactions run since open (merging the inputs and writing the outputs,
     *         throttling included), nanoseconds, measured as a duration ({@code System.nanoTime}), not from the
     *         node's clock
     */
    long compactionNanos();

    /** @return single-partition reads ({@link #read}) since open */
    long partitionReads();

    /**
     * @return SSTables consulted by the {@link #partitionReads} since open: those whose partition index held the
     *         key read (Cassandra's SSTables-per-read, as a sum); divided by {@link #partitionReads}, the mean
     */
    long partitionReadSSTables();

    /**
     * The live SSTables that hold {@code key} (Cassandra's {@code getsstables}): those whose token range and bloom
     * filter admit the key and whose partition index holds it, so the answer has no bloom filter false positives.
     * An SSTable holding only the partition's deletion counts.
     *
     * @return the SSTables in generation order; empty when none holds the key or the table does not exist
     */
    List<SSTableInfo> sstablesContaining(TableMetadata table, DecoratedKey key);

    /**
     * @return the files of a live SSTable of {@code table}, Data.db first and TOC.txt last; empty when that
     *         generation is no longer live
     */
    List<Path> sstableFiles(TableMetadata table, long generation);

    /** Stops the writers (draining accepted mutations), closes the commit logs and SSTables. */
    @Override
    void close();
}
