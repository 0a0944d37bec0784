package io.almanac.storage.write;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.DecodedMutation;
import io.almanac.storage.codec.MutationCodec;
import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

/**
 * The single writer of one {@link WriteShard}, with {@code commitlog_sync} PERIODIC ({@code groupCommit} false) or
 * GROUP (true). Each duty cycle it drains up to {@link #BATCH_LIMIT} records from
 * the ring; for each it appends the record's bytes to the commit log and applies the decoded mutation to the
 * current memtable; then it acknowledges the batch per {@code commitlog_sync}:
 * <ul>
 *   <li>PERIODIC: right after the batch (the appends are in the memory-mapped queue, which survives kill -9); the
 *       queue is forced to disk every {@code commitLogSyncPeriodMillis} of the node clock.</li>
 *   <li>GROUP (cassandra.yaml's {@code commitlog_sync: group} with {@code commitlog_sync_group_window}): after the
 *       msync that covers the record. The queue is synced at most once per {@code commitLogSyncPeriodMillis} (the
 *       group window) of the node clock: the first write after a quiet window is synced at once, and under load
 *       every write that arrives within one window waits for, and shares, the next msync. Acknowledgement latency
 *       is therefore at most one window plus one msync; an msync that fails fails every write it was to cover.</li>
 * </ul>
 * It then serves flush requests (switch memtable at the current commit log index, hand the old one to the
 * {@link MemtableFlusher}; or, for a flush of some tables only, split their parts off the memtable and flush those
 * without a commit log position), switches on its own when the memtable passes the flush threshold, and deletes
 * commit log cycles a finished flush covers. While two flushes are pending it stops draining, so a full ring pushes back on
 * producers instead of memtables piling up.
 *
 * <p>Between ring batches it serves the shard's queued read-modify-writes ({@link PendingPartitionUpdate}: LWT,
 * counters, collection element updates): it reads the partition's current rows (memtables plus the SSTables whose
 * partition index holds the key, limited to the update's clustering slice: an update costs one partition read on
 * the writer, and the shard writes nothing else meanwhile), lets the update decide, then appends the decided mutation
 * to the commit log and applies it before serving the next record. The update's future completes with the batch,
 * per {@code commitlog_sync}; its mutation is replayed like any other.
 *
 * <p>Allocation per record: the decoded key, rows, cells and value copies the memtable keeps, plus memtable map
 * nodes; nothing else (decoder, cursor and batch arrays are reused).
 *
 * <p>Thread safety: runs on its own thread (AgentRunner); owns the shard's memtable writes and commit log appender.
 */
public final class ShardWriterAgent implements Agent, MessageHandler {

    /** Most records drained per duty cycle (and acknowledged together). */
    static final int BATCH_LIMIT = 1024;
    /** Most read-modify-writes served per duty cycle (each costs a partition read). */
    static final int UPDATE_LIMIT = 256;
    private static final int MAX_PENDING_FLUSHES = 2;

    private final WriteShard shard;
    private final TableResolver tables;
    private final MemtableFlusher flusher;
    private final Clock clock;
    private final boolean groupCommit;
    private final long syncPeriodMillis;
    private final long flushThresholdBytes;
    private final ErrorHandler errorHandler;
    private final AtomicLong droppedTableMutations;
    private final DecodeCursor cursor = new DecodeCursor();
    private final DecodedMutation decoded = new DecodedMutation();
    /** Encodes the mutations of read-modify-writes for the commit log; grows to the largest one. */
    private final org.agrona.ExpandableArrayBuffer updateBuffer = new org.agrona.ExpandableArrayBuffer(1024);
    /** The timestamp given to the last read-modify-write, microseconds (updates get strictly increasing ones). */
    private long lastUpdateTimestampMicros = Long.MIN_VALUE;
    /** Callbacks of appended records not yet acknowledged: one drained batch, or (GROUP) every record since the
     *  last msync; grows (doubling) only in GROUP mode under load. */
    private WriteCallback[] batch = new WriteCallback[BATCH_LIMIT];
    private int batchSize;
    private long lastSyncMillis;
    private boolean unsynced;
    private volatile boolean halted;
    private CompletableFuture<Void> lastFlush = CompletableFuture.completedFuture(null);

    public ShardWriterAgent(WriteShard shard, TableResolver tables, MemtableFlusher flusher, Clock clock,
                            boolean groupCommit, long syncPeriodMillis, long flushThresholdBytes,
                            ErrorHandler errorHandler, AtomicLong droppedTableMutations) {
        this.shard = shard;
        this.tables = tables;
        this.flusher = flusher;
        this.clock = clock;
        this.groupCommit = groupCommit;
        this.syncPeriodMillis = syncPeriodMillis;
        this.flushThresholdBytes = flushThresholdBytes;
        this.errorHandler = errorHandler;
        this.droppedTableMutations = droppedTableMutations;
    }

    @Override
    public String roleName() {
        return "almanac-shard-writer-" + shard.id();
    }

    @Override
    public void onStart() {
        shard.commitLog().startAppending();
        lastSyncMillis = groupCommit ? clock.nowMillis() - syncPeriodMillis : clock.nowMillis();
    }

    @Override
    public int doWork() {
        int work = 0;
        if (shard.view().flushing().size() < MAX_PENDING_FLUSHES) {
            work += drainBatch();
        }
        work += serveFlushRequests();
        if (shard.view().current().estimatedSizeBytes() >= flushThresholdBytes
                && shard.view().flushing().size() < MAX_PENDING_FLUSHES) {
            lastFlush = switchAndFlush();
            work++;
        }
        work += groupCommit ? groupSync() : periodicSync();
        long trimIndex = shard.takeTrimRequest();
        if (trimIndex >= 0) {
            work += shard.commitLog().deleteCyclesFlushedUpTo(trimIndex) + 1;
        }
        return work;
    }

    private int drainBatch() {
        int read = shard.ring().read(this, BATCH_LIMIT);
        read += serveUpdates();
        if (batchSize > 0 && !groupCommit) {
            completeBatch();
        }
        return read;
    }

    @Override
    public void onMessage(int messageTypeId, MutableDirectBuffer buffer, int index, int length) {
        WriteCallback callback = shard.takeCallback(MutationCodec.correlationId(buffer, index));
        try {
            shard.commitLog().append(buffer, index, length);
            unsynced = true;
            apply(shard.view().current(), buffer, index, length);
        } catch (RuntimeException | Error e) {
            errorHandler.onError(e);
            if (callback != null) {
                safelyFail(callback, e);
            }
            return;
        }
        if (callback != null) {
            if (batchSize == batch.length) {
                batch = Arrays.copyOf(batch, batch.length * 2);
            }
            batch[batchSize++] = callback;
        }
    }

    /**
     * Serves up to {@link #UPDATE_LIMIT} queued read-modify-writes: for each, a partition read (memtables and the
     * SSTables holding the key, bounded by the update's clustering slice), the update's decision, then the decided
     * mutation appended to the commit log and applied to the memtable before the next one is read. Acknowledged
     * with the ring batch, per {@code commitlog_sync}.
     */
    private int serveUpdates() {
        int served = 0;
        PendingPartitionUpdate<?> update;
        while (served < UPDATE_LIMIT && (update = shard.pollUpdate()) != null) {
            served++;
            serve(update);
        }
        return served;
    }

    private void serve(PendingPartitionUpdate<?> update) {
        io.almanac.storage.data.Mutation mutation;
        byte[][] columnNames;
        try {
            long nowMicros = clock.nowMicros();
            long nowSeconds = Math.floorDiv(nowMicros, 1_000_000L);
            List<io.almanac.storage.data.Row> current = update.readCurrent(nowSeconds);
            long floorMicros = Math.max(lastUpdateTimestampMicros,
                    PendingPartitionUpdate.maxTimestampMicros(current));
            long timestampMicros = floorMicros == Long.MAX_VALUE ? floorMicros : Math.max(nowMicros, floorMicros + 1);
            lastUpdateTimestampMicros = timestampMicros;
            mutation = update.decide(current, timestampMicros, nowSeconds);
            columnNames = mutation == null ? null : update.columnNamesOf(mutation);
        } catch (RuntimeException e) {
            // the update refused (a client error such as an unmet precondition or a bad value): nothing written
            update.fail(e);
            return;
        } catch (Error e) {
            errorHandler.onError(e);
            update.fail(e);
            return;
        }
        if (mutation != null) {
            try {
                int length = MutationCodec.encodedSize(mutation, columnNames);
                updateBuffer.checkLimit(length);
                MutationCodec.encode(updateBuffer, 0, -1L, mutation, columnNames);
                shard.commitLog().append(updateBuffer, 0, length);
                unsynced = true;
                apply(shard.view().current(), updateBuffer, 0, length);
            } catch (RuntimeException | Error e) {
                errorHandler.onError(e);
                update.fail(e);
                return;
            }
        }
        if (batchSize == batch.length) {
            batch = Arrays.copyOf(batch, batch.length * 2);
        }
        batch[batchSize++] = update.callback();
    }

    /**
     * Replays the shard's commit log after {@code afterIndex} into the current memtable (opening thread, before the
     * agent starts).
     */
    public ReplayStats replay(long afterIndex) {
        long droppedBefore = droppedTableMutations.get();
        long[] applied = new long[1];
        shard.commitLog().replay(afterIndex, (buffer, offset, length, index) -> {
            if (apply(shard.view().current(), buffer, offset, length)) {
                applied[0]++;
            }
        });
        return new ReplayStats(applied[0], droppedTableMutations.get() - droppedBefore);
    }

    /** Decodes one record and applies it to {@code memtable}; @return false when its table no longer exists */
    private boolean apply(Memtable memtable, org.agrona.DirectBuffer buffer, int index, int length) {
        cursor.wrap(buffer, index, length);
        MutationCodec.decodeHeader(cursor, decoded);
        TableLayout layout = tables.layout(decoded.tableIdMostSignificantBits(),
                decoded.tableIdLeastSignificantBits());
        if (layout == null) {
            droppedTableMutations.incrementAndGet();
            return false;
        }
        MutationCodec.decodeRows(cursor, layout, decoded);
        memtable.apply(layout, decoded.key(), decoded.partitionDeletion(), List.copyOf(decoded.rows()),
                List.copyOf(decoded.rangeTombstones()), length);
        return true;
    }

    private void completeBatch() {
        for (int i = 0; i < batchSize; i++) {
            WriteCallback callback = batch[i];
            batch[i] = null;
            try {
                callback.onCommitted();
            } catch (RuntimeException e) {
                errorHandler.onError(e);
            }
        }
        batchSize = 0;
    }

    private void safelyFail(WriteCallback callback, Throwable cause) {
        try {
            callback.onFailed(cause);
        } catch (RuntimeException e) {
            errorHandler.onError(e);
        }
    }

    /**
     * Serves the queued flush requests with one flush: of the whole memtable if any request is for every table,
     * else of the named tables' parts only ({@link #splitAndFlush}).
     */
    private int serveFlushRequests() {
        if (shard.flushRequests().isEmpty() && shard.tableFlushRequests().isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        CompletableFuture<Void> request;
        while ((request = shard.flushRequests().poll()) != null) {
            requests.add(request);
        }
        boolean everyTable = !requests.isEmpty();
        Set<UUID> tableIds = new HashSet<>();
        WriteShard.TableFlushRequest tableRequest;
        while ((tableRequest = shard.tableFlushRequests().poll()) != null) {
            requests.add(tableRequest.done());
            tableIds.addAll(tableRequest.tableIds());
        }
        Memtable current = shard.view().current();
        CompletableFuture<Void> flushed;
        if (everyTable) {
            flushed = current.isEmpty() ? lastFlush : switchAndFlush();
        } else {
            boolean holdsAny = tableIds.stream().anyMatch(id -> current.table(id) != null);
            flushed = holdsAny ? splitAndFlush(tableIds) : lastFlush;
        }
        lastFlush = flushed;
        for (CompletableFuture<Void> waiting : requests) {
            flushed.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    waiting.completeExceptionally(failure);
                } else {
                    waiting.complete(null);
                }
            });
        }
        return requests.size();
    }

    /**
     * Flushes the parts of {@code tableIds} only; the writer continues in a memtable holding the other tables'
     * parts. No commit log position is recorded and nothing is trimmed, since the other tables still need the log up
     * to here: the named tables' mutations stay in the log until the shard's next whole flush, and a restart before
     * it replays them over their SSTables, which changes nothing (the same cells with the same timestamps). Cassandra
     * instead keeps a commit log interval per table (CommitLogSegment's dirty/clean intervals).
     */
    private CompletableFuture<Void> splitAndFlush(Set<UUID> tableIds) {
        return flusher.flush(shard, shard.splitMemtable(tableIds), -1);
    }

    private CompletableFuture<Void> switchAndFlush() {
        long commitLogIndex = shard.commitLog().lastIndex();
        Memtable old = shard.switchMemtable();
        return flusher.flush(shard, old, commitLogIndex);
    }

    /** GROUP: msyncs once the group window since the last msync has passed, then acknowledges what it covered. */
    private int groupSync() {
        if (!unsynced && batchSize == 0) {
            return 0;
        }
        long nowMillis = clock.nowMillis();
        if (nowMillis - lastSyncMillis < syncPeriodMillis) {
            return 0;
        }
        try {
            shard.commitLog().sync();
        } catch (RuntimeException | Error e) {
            errorHandler.onError(e);
            failBatch(e);
            return 1;
        } finally {
            lastSyncMillis = nowMillis;
        }
        unsynced = false;
        completeBatch();
        return 1;
    }

    private void failBatch(Throwable cause) {
        for (int i = 0; i < batchSize; i++) {
            WriteCallback callback = batch[i];
            batch[i] = null;
            safelyFail(callback, cause);
        }
        batchSize = 0;
    }

    private int periodicSync() {
        if (!unsynced) {
            return 0;
        }
        long nowMillis = clock.nowMillis();
        if (nowMillis - lastSyncMillis < syncPeriodMillis) {
            return 0;
        }
        shard.commitLog().sync();
        lastSyncMillis = nowMillis;
        unsynced = false;
        return 1;
    }

    /** Crash simulation: the next {@link #onClose()} neither drains the ring nor syncs. */
    public void halt() {
        halted = true;
    }

    /** Drains what producers committed before the stop, acknowledges it and closes the appender. */
    @Override
    public void onClose() {
        if (halted) {
            shard.commitLog().closeAppender();
            return;
        }
        try {
            while (drainBatch() > 0) {
                continue;
            }
            shard.commitLog().sync();
            completeBatch();
        } finally {
            shard.commitLog().closeAppender();
        }
    }
}
