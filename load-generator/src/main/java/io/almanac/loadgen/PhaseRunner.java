package io.almanac.loadgen;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one phase: issues requests asynchronously with at most {@code concurrency} in flight (a semaphore permit per
 * request, released on completion), flat out or on a fixed schedule ({@link Pacing}), records each request's latency
 * and prints a progress line every second.
 *
 * <pre>
 *   flat out:   loop: take permit -> build next request -> t0 = now -> execute() ... completion:
 *                     record(now - t0), release permit
 *   fixed rate: loop: build next request -> t0 = schedule.intendedStartNanos(points so far) -> wait until t0
 *                     -> take permit -> execute() ... completion: record(now - t0), release permit
 *   end:        take all permits (every request completed) -> summary
 * </pre>
 *
 * <p>Thread safety: {@link #run} is called by one thread at a time; completions arrive on any thread.
 */
public final class PhaseRunner {

    /** One request, built before its timing starts. */
    public interface Request {
        /** @return the points (rows) the request writes, which advance a fixed-rate schedule; 1 for a read */
        long points();

        /**
         * Sends the request.
         *
         * @param recorder the phase's recorder, for retries the request makes on its own (e.g. after HTTP 503)
         * @return completes with the rows the request wrote or returned, or exceptionally with its failure
         */
        CompletionStage<Long> execute(PhaseRecorder recorder);

        /** @return a request of {@code points} points sent by {@code send} */
        static Request of(long points, Function<PhaseRecorder, CompletionStage<Long>> send) {
            return new Request() {
                @Override
                public long points() {
                    return points;
                }

                @Override
                public CompletionStage<Long> execute(PhaseRecorder recorder) {
                    return send.apply(recorder);
                }
            };
        }
    }

    private final PrintWriter out;
    private final long progressIntervalMillis;
    private final NanoClock clock;

    /**
     * @param out                    where progress lines go
     * @param progressIntervalMillis milliseconds between progress lines
     * @param clock                  measures latencies and waits for scheduled send times
     */
    public PhaseRunner(PrintWriter out, long progressIntervalMillis, NanoClock clock) {
        this.out = out;
        this.progressIntervalMillis = progressIntervalMillis;
        this.clock = clock;
    }

    /** A runner on {@link NanoClock#system()}. */
    public PhaseRunner(PrintWriter out, long progressIntervalMillis) {
        this(out, progressIntervalMillis, NanoClock.system());
    }

    /** Runs the phase closed loop, at most {@code concurrency} in flight ({@link #run(String, Iterator, Pacing)}). */
    public PhaseResult run(String phase, Iterator<? extends Request> requests, int concurrency)
            throws InterruptedException {
        return run(phase, requests, Pacing.closedLoop(concurrency));
    }

    /**
     * Runs the phase to completion: every request is sent and has completed (or failed) when this returns.
     *
     * @param phase    the phase name
     * @param requests the requests, built lazily in order
     * @param pacing   requests in flight at most, the rate, and whether latency means anything
     * @return the phase totals
     * @throws InterruptedException if interrupted while waiting; requests in flight are abandoned
     */
    public PhaseResult run(String phase, Iterator<? extends Request> requests, Pacing pacing)
            throws InterruptedException {
        long startNanos = clock.nanoTime();
        PhaseRecorder recorder = new PhaseRecorder(phase, startNanos);
        Semaphore inFlight = new Semaphore(pacing.concurrency());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadgen-progress-" + phase);
            thread.setDaemon(true);
            return thread;
        });
        try {
            progress.scheduleAtFixedRate(() -> printProgress(recorder), progressIntervalMillis,
                    progressIntervalMillis, TimeUnit.MILLISECONDS);
            FixedRateSchedule schedule = pacing.fixedRate()
                    ? new FixedRateSchedule(startNanos, pacing.ratePointsPerSecond()) : null;
            long pointsSent = 0;
            while (requests.hasNext()) {
                Request request = requests.next();
                long intendedNanos = -1;
                if (schedule != null) {
                    intendedNanos = schedule.intendedStartNanos(pointsSent);
                    clock.parkUntil(intendedNanos);
                }
                inFlight.acquire();
                send(request, schedule == null ? clock.nanoTime() : intendedNanos, pacing.measureLatency(),
                        recorder, inFlight);
                pointsSent += request.points();
            }
            inFlight.acquire(pacing.concurrency());
            inFlight.release(pacing.concurrency());
        } finally {
            progress.shutdownNow();
            progress.awaitTermination(10, TimeUnit.SECONDS);
        }
        return recorder.finish(clock.nanoTime() - startNanos);
    }

    private void printProgress(PhaseRecorder recorder) {
        out.println(SummaryFormatter.progressLine(recorder.sample(clock.nanoTime())));
        out.flush();
    }

    private void send(Request request, long latencyStartNanos, boolean measureLatency, PhaseRecorder recorder,
                      Semaphore inFlight) {
        CompletionStage<Long> completion;
        try {
            completion = request.execute(recorder);
        } catch (RuntimeException e) {
            recorder.recordFailure(e);
            inFlight.release();
            return;
        }
        completion.whenComplete((rows, error) -> {
            if (error != null) {
                recorder.recordFailure(error);
            } else if (measureLatency) {
                recorder.recordSuccess(FixedRateSchedule.correctedLatencyNanos(latencyStartNanos, clock.nanoTime()),
                        rows);
            } else {
                recorder.recordUnmeasuredSuccess(rows);
            }
            inFlight.release();
        });
    }
}
