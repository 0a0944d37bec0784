package io.almanac.loadgen;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one phase: issues requests asynchronously with at most {@code concurrency} in flight (a semaphore permit per
 * request, released on completion), records each request's latency and prints a progress line every second.
 *
 * <pre>
 *   loop: take permit -> build next request -> t0 = nanoTime -> execute() ... completion: record(nanoTime - t0),
 *         release permit
 *   end:  take all permits (every request completed) -> summary
 * </pre>
 *
 * <p>Thread safety: {@link #run} is called by one thread at a time; completions arrive on any thread.
 */
public final class PhaseRunner {

    /** One request, built before its timing starts. */
    @FunctionalInterface
    public interface Request {
        /**
         * Sends the request.
         *
         * @return completes with the rows the request wrote or returned, or exceptionally with its failure
         */
        CompletionStage<Long> execute();
    }

    private final PrintWriter out;
    private final long progressIntervalMillis;

    /**
     * @param out                    where progress lines go
     * @param progressIntervalMillis milliseconds between progress lines
     */
    public PhaseRunner(PrintWriter out, long progressIntervalMillis) {
        this.out = out;
        this.progressIntervalMillis = progressIntervalMillis;
    }

    /**
     * Runs the phase to completion: every request is sent and has completed (or failed) when this returns.
     *
     * @param phase       the phase name
     * @param requests    the requests, built lazily in order
     * @param concurrency requests in flight at most
     * @return the phase totals
     * @throws InterruptedException if interrupted while waiting for a permit; requests in flight are abandoned
     */
    public PhaseResult run(String phase, Iterator<? extends Request> requests, int concurrency)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        PhaseRecorder recorder = new PhaseRecorder(phase, startNanos);
        Semaphore inFlight = new Semaphore(concurrency);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadgen-progress-" + phase);
            thread.setDaemon(true);
            return thread;
        });
        try {
            progress.scheduleAtFixedRate(() -> printProgress(recorder), progressIntervalMillis,
                    progressIntervalMillis, TimeUnit.MILLISECONDS);
            while (requests.hasNext()) {
                inFlight.acquire();
                send(requests.next(), recorder, inFlight);
            }
            inFlight.acquire(concurrency);
            inFlight.release(concurrency);
        } finally {
            progress.shutdownNow();
            progress.awaitTermination(10, TimeUnit.SECONDS);
        }
        return recorder.finish(System.nanoTime() - startNanos);
    }

    private void printProgress(PhaseRecorder recorder) {
        out.println(SummaryFormatter.progressLine(recorder.sample(System.nanoTime())));
        out.flush();
    }

    private static void send(Request request, PhaseRecorder recorder, Semaphore inFlight) {
        long sentNanos = System.nanoTime();
        CompletionStage<Long> completion;
        try {
            completion = request.execute();
        } catch (RuntimeException e) {
            recorder.recordFailure(e);
            inFlight.release();
            return;
        }
        completion.whenComplete((rows, error) -> {
            long latencyNanos = System.nanoTime() - sentNanos;
            if (error == null) {
                recorder.recordSuccess(latencyNanos, rows);
            } else {
                recorder.recordFailure(error);
            }
            inFlight.release();
        });
    }
}
