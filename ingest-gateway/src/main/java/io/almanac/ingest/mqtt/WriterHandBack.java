package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestMetrics;
import io.netty.util.concurrent.EventExecutor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands write outcomes from the shard writer threads back to one connection's event loop, coalesced: however many
 * mutations of the connection a writer completes in one drained batch, the event loop runs one settle task (which
 * sends every PUBACK/PUBREC that became due with one flush), not one task per mutation. A task is scheduled only when
 * none is pending; the task clears the flag before it reads the outcomes, so an outcome counted after that read
 * schedules the next task and is never left waiting.
 *
 * <pre>
 *   writer thread                           event loop
 *   pending.settled++ (and failed, if so)
 *   scheduled false -> true ? execute(task) task: scheduled = false
 *                                                 failures: forget, count, log
 *                                                 acknowledge complete heads in order, one flush
 * </pre>
 *
 * A committed QoS 0 row wakes nobody: nothing is acknowledged; accepted rows are counted on the writer thread
 * ({@link IngestMetrics} is thread-safe). A failure is queued with its cause (rare: one small object each).
 *
 * <p>Allocation per row: none on success; one queue node and holder per failed row.
 *
 * <p>Thread safety: {@link #committed}, {@link #failed} and {@link #wake} are called from any writer thread;
 * {@link #startSettling} and {@link #pollFailure} only on the connection's event loop.
 */
final class WriterHandBack {

    /** A failed row's outcome, for the event loop's bookkeeping. */
    record Failure(PendingPublish pending, Throwable cause) {
    }

    private final EventExecutor eventLoop;
    private final IngestMetrics metrics;
    private final Runnable settleTask;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

    /**
     * @param eventLoop  the connection's event loop
     * @param settleTask runs on the event loop: calls {@link #startSettling}, handles failures, acknowledges
     */
    WriterHandBack(EventExecutor eventLoop, IngestMetrics metrics, Runnable settleTask) {
        this.eventLoop = eventLoop;
        this.metrics = metrics;
        this.settleTask = settleTask;
    }

    /** Writer thread: a row of {@code pending} committed (already counted in its {@code settled}). */
    void committed(PendingPublish pending) {
        metrics.rowsAccepted(1);
        if (pending.qos > 0) {
            wake();
        }
    }

    /** Writer thread: a row of {@code pending} failed; queued before it is counted settled. */
    void failed(PendingPublish pending, Throwable cause) {
        failures.add(new Failure(pending, cause));
    }

    /** Any thread: makes sure a settle task runs after this call. */
    void wake() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(settleTask);
            } catch (RejectedExecutionException e) {
                // the event loop is shut down: the connection is gone and nobody waits for the answer
            }
        }
    }

    /** Event loop, first thing in the settle task: outcomes counted from now on schedule another task. */
    void startSettling() {
        scheduled.set(false);
    }

    /** Event loop: @return the oldest failure not accounted for yet, or null */
    Failure pollFailure() {
        return failures.poll();
    }
}
