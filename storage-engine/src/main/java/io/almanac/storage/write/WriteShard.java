package io.almanac.storage.write;

import io.almanac.storage.codec.MutationCodec;
import io.almanac.storage.commitlog.CommitLog;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One write shard: the many-to-one ring buffer producers encode mutations into, the callback table, the commit log
 * and the memtables of the partitions whose token maps to this shard. The shard's single writer is a
 * {@link ShardWriterAgent}.
 *
 * <p>Callback table: an array of {@code WriteCallback} slots sized to more than twice the number of the smallest
 * records the ring can hold. A producer takes correlation id {@code n} from a counter, CASes its callback into slot
 * {@code n & mask} (an occupied slot is back-pressure, like a full ring), then claims ring space, encodes the
 * mutation (with {@code n}) in place and commits. The writer completes and clears the slot.
 *
 * <p>Allocation per {@link #offer}: none (the caller's callback object is stored as is).
 *
 * <p>Thread safety: {@link #offer} is safe from any number of threads; {@link #view()} from any thread; the rest is
 * for the shard writer and the flush executor as documented per method.
 */
public final class WriteShard {

    /** The ring record type of an encoded mutation. */
    static final int MUTATION_MESSAGE_TYPE = 1;
    /** Smallest possible encoded mutation plus the ring's record header, bytes (sizes the callback table). */
    private static final int MIN_RECORD_BYTES = 48;
    /** Most read-modify-writes queued per shard before {@link #offerUpdate} pushes back. */
    public static final int MAX_PENDING_UPDATES = 4096;

    private final int id;
    private final ManyToOneRingBuffer ring;
    private final AtomicReferenceArray<WriteCallback> callbacks;
    private final int callbackMask;
    private final AtomicLong nextCorrelationId = new AtomicLong();
    private final CommitLog commitLog;
    private final AtomicReference<MemtableView> view;
    private final Queue<CompletableFuture<Void>> flushRequests = new ConcurrentLinkedQueue<>();
    private final Queue<TableFlushRequest> tableFlushRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong trimRequest = new AtomicLong(-1);
    private final Queue<PendingPartitionUpdate<?>> updates = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger pendingUpdates =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param ringBufferBytes ring capacity, bytes (a power of two)
     * @param commitLog       the shard's commit log (already replayed into {@code memtable})
     * @param memtable        the memtable to write to (holds the replayed mutations)
     */
    public WriteShard(int id, int ringBufferBytes, CommitLog commitLog, Memtable memtable) {
        this.id = id;
        int totalBytes = ringBufferBytes + RingBufferDescriptor.TRAILER_LENGTH;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(totalBytes)));
        int slots = BitUtil.findNextPositivePowerOfTwo(Math.max(64, 2 * ringBufferBytes / MIN_RECORD_BYTES));
        this.callbacks = new AtomicReferenceArray<>(slots);
        this.callbackMask = slots - 1;
        this.commitLog = commitLog;
        this.view = new AtomicReference<>(new MemtableView(memtable, java.util.List.of()));
    }

    public int id() {
        return id;
    }

    /**
     * Encodes {@code mutation} into the ring without blocking.
     *
     * @param columnNames the UTF-8 names of the regular columns of {@code mutation.table()}
     * @return ACCEPTED, or BACK_PRESSURED when the ring (or the callback table) is full; nothing is written then
     * @throws InvalidRequestException when the mutation is larger than the ring's maximum record
     */
    public WriteResult offer(Mutation mutation, byte[][] columnNames, WriteCallback callback) {
        int length = MutationCodec.encodedSize(mutation, columnNames);
        if (length > ring.maxMsgLength()) {
            throw new InvalidRequestException("Mutation of " + length + " bytes is too large for the maximum size of "
                    + ring.maxMsgLength());
        }
        long correlationId = nextCorrelationId.getAndIncrement();
        int slot = (int) (correlationId & callbackMask);
        if (!callbacks.compareAndSet(slot, null, callback)) {
            return WriteResult.BACK_PRESSURED;
        }
        int index = ring.tryClaim(MUTATION_MESSAGE_TYPE, length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY) {
            callbacks.set(slot, null);
            return WriteResult.BACK_PRESSURED;
        }
        try {
            MutationCodec.encode(ring.buffer(), index, correlationId, mutation, columnNames);
        } catch (RuntimeException | Error e) {
            ring.abort(index);
            callbacks.set(slot, null);
            throw e;
        }
        ring.commit(index);
        return WriteResult.ACCEPTED;
    }

    /**
     * Queues a read-modify-write for the shard writer, which serves the queue after each ring batch (so an update
     * sees every write acknowledged before it was offered).
     *
     * @return ACCEPTED, or BACK_PRESSURED when {@link #MAX_PENDING_UPDATES} updates are already waiting (nothing
     *         queued then; the update's future is left alone)
     */
    public WriteResult offerUpdate(PendingPartitionUpdate<?> update) {
        if (pendingUpdates.incrementAndGet() > MAX_PENDING_UPDATES) {
            pendingUpdates.decrementAndGet();
            return WriteResult.BACK_PRESSURED;
        }
        updates.add(update);
        return WriteResult.ACCEPTED;
    }

    /** Writer: @return the next queued update, or null */
    PendingPartitionUpdate<?> pollUpdate() {
        PendingPartitionUpdate<?> update = updates.poll();
        if (update != null) {
            pendingUpdates.decrementAndGet();
        }
        return update;
    }

    /** After the writer stopped: fails the updates it will never serve. @return how many */
    public int failPendingUpdates(Throwable cause) {
        int failed = 0;
        PendingPartitionUpdate<?> update;
        while ((update = pollUpdate()) != null) {
            update.fail(cause);
            failed++;
        }
        return failed;
    }

    /** @return the memtables a read of this shard must merge */
    public MemtableView view() {
        return view.get();
    }

    /**
     * Asks the writer to switch memtables and flush the old one.
     *
     * @return completes when everything applied before the request is in durable SSTables
     */
    public CompletableFuture<Void> requestFlush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        flushRequests.add(done);
        return done;
    }

    /**
     * Asks the writer to split the named tables' parts off its memtable and flush only those (Cassandra's
     * {@code nodetool flush <keyspace> <tables>}); the other tables stay in the memtable.
     *
     * @param tableIds ids of the tables to flush
     * @return completes when everything of those tables applied before the request is in durable SSTables
     */
    public CompletableFuture<Void> requestFlush(Set<UUID> tableIds) {
        TableFlushRequest request = new TableFlushRequest(Set.copyOf(tableIds), new CompletableFuture<>());
        tableFlushRequests.add(request);
        return request.done();
    }

    /** A request to flush some tables only. */
    record TableFlushRequest(Set<UUID> tableIds, CompletableFuture<Void> done) {
    }

    /** Flush executor: the SSTables of {@code flushed} are live; reads stop looking at it. */
    public void memtableFlushed(Memtable flushed) {
        view.updateAndGet(current -> current.without(flushed));
    }

    /** Flush executor: asks the writer to delete commit log cycles covered by a flush up to {@code index}. */
    public void requestTrim(long index) {
        trimRequest.accumulateAndGet(index, Math::max);
    }

    /** @return bytes waiting in the ring */
    public int pendingRingBytes() {
        return ring.size();
    }

    public CommitLog commitLog() {
        return commitLog;
    }

    ManyToOneRingBuffer ring() {
        return ring;
    }

    /** Writer: takes the callback of the record with {@code correlationId} out of its slot. */
    WriteCallback takeCallback(long correlationId) {
        return callbacks.getAndSet((int) (correlationId & callbackMask), null);
    }

    Queue<CompletableFuture<Void>> flushRequests() {
        return flushRequests;
    }

    Queue<TableFlushRequest> tableFlushRequests() {
        return tableFlushRequests;
    }

    long takeTrimRequest() {
        return trimRequest.getAndSet(-1);
    }

    /** Writer: switches to a fresh memtable; @return the one switched out */
    Memtable switchMemtable() {
        Memtable fresh = new Memtable();
        return view.getAndUpdate(current -> current.switchTo(fresh)).current();
    }

    /** Writer: splits the parts of {@code tableIds} off the current memtable; @return them, now flushing */
    Memtable splitMemtable(Set<UUID> tableIds) {
        Memtable.Split split = view.get().current().split(tableIds);
        view.updateAndGet(current -> current.split(split));
        return split.named();
    }
}
