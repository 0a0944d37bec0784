package io.almanac.server.bench;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers mutations to the engine's write path as a frontend does: a full ring buffer
 * ({@link WriteResult#BACK_PRESSURED}) is waited out and the mutation offered again, never dropped; the
 * acknowledgements are counted so {@link #awaitAll} can wait until every accepted mutation is committed.
 *
 * <p>Thread safety: {@link #offer} and {@link #awaitAll} from one thread; the callbacks run on the shard writers.
 */
final class MutationWriter implements WriteCallback {

    private static final long BACK_OFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final StorageEngine engine;
    private final long timeoutNanos;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long mutations;

    /** @param timeoutNanos the longest a ring may stay full, or {@link #awaitAll} may wait, nanoseconds */
    MutationWriter(StorageEngine engine, long timeoutNanos) {
        this.engine = engine;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Offers {@code mutation} until a shard accepts it.
     *
     * @throws IllegalStateException if a write failed earlier or the ring stayed full past the timeout
     */
    void offer(Mutation mutation) {
        throwIfFailed();
        outstanding.incrementAndGet();
        long deadline = System.nanoTime() + timeoutNanos;
        while (engine.offer(mutation, this) == WriteResult.BACK_PRESSURED) {
            if (System.nanoTime() - deadline > 0) {
                outstanding.decrementAndGet();
                throw new IllegalStateException("the write path stayed full for "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
            }
            LockSupport.parkNanos(BACK_OFF_NANOS);
        }
        mutations++;
    }

    /**
     * Waits until every accepted mutation is committed.
     *
     * @throws IllegalStateException if a write failed or the acknowledgements did not come within the timeout
     */
    void awaitAll() {
        long deadline = System.nanoTime() + timeoutNanos;
        while (outstanding.get() > 0) {
            throwIfFailed();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(outstanding.get() + " mutations not acknowledged within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
            }
            LockSupport.parkNanos(BACK_OFF_NANOS);
        }
        throwIfFailed();
    }

    /** @return mutations accepted so far */
    long mutations() {
        return mutations;
    }

    @Override
    public void onCommitted() {
        outstanding.decrementAndGet();
    }

    @Override
    public void onFailed(Throwable cause) {
        failure.compareAndSet(null, cause);
        outstanding.decrementAndGet();
    }

    private void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new IllegalStateException("a write failed: " + cause, cause);
        }
    }
}
