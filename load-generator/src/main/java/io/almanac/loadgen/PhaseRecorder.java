package io.almanac.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measurements of one phase (write or read): a latency histogram of successful requests in microseconds, request
 * and row counters, and failures by exception type.
 *
 * <p>Thread safety: {@link #recordSuccess} and {@link #recordFailure} are wait-free and safe from any thread (the
 * driver's I/O threads call them). {@link #sample} and {@link #finish} are synchronized; the progress reporter and the
 * phase's own thread call them.
 *
 * <p>Honesty: {@link PhaseRunner} decides what a latency spans ({@link Pacing}): closed loop, from the send to the
 * completion (service time under that load, no coordinated-omission correction); fixed rate, from the intended send
 * time to the completion (corrected). Retries a request makes on its own (HTTP 503) are inside its latency.
 */
public final class PhaseRecorder {

    private final String phase;
    private final long startNanos;
    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> firstErrorMessages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> retryCounts = new ConcurrentHashMap<>();

    // guarded by this
    private final Histogram total = new Histogram(3);
    private Histogram interval;
    private long lastSampleNanos;
    private long lastSampleRows;

    /**
     * @param phase      the phase name for progress lines and the summary
     * @param startNanos {@code System.nanoTime()} at the phase's start
     */
    public PhaseRecorder(String phase, long startNanos) {
        this.phase = phase;
        this.startNanos = startNanos;
        this.lastSampleNanos = startNanos;
    }

    /** Records a successful request that took {@code latencyNanos} and wrote or returned {@code rowCount} rows. */
    public void recordSuccess(long latencyNanos, long rowCount) {
        latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000L));
        requests.increment();
        rows.add(rowCount);
    }

    /** Records a successful request whose latency means nothing (MQTT QoS 0: no acknowledgement). */
    public void recordUnmeasuredSuccess(long rowCount) {
        requests.increment();
        rows.add(rowCount);
    }

    /**
     * Records that a request was refused for now and will be sent again, e.g. {@code HTTP 503} (back-pressure); the
     * request itself still ends in one success or failure.
     */
    public void recordRetry(String reason) {
        retryCounts.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }

    /**
     * Records a failed request under the simple class name of its cause (completion wrappers unwrapped), or under
     * {@link RequestFailedException#errorType()} (e.g. {@code HTTP 400}).
     */
    public void recordFailure(Throwable error) {
        Throwable cause = unwrap(error);
        String type = cause instanceof RequestFailedException refused ? refused.errorType()
                : cause.getClass().getSimpleName();
        failures.increment();
        errorCounts.computeIfAbsent(type, key -> new LongAdder()).increment();
        firstErrorMessages.putIfAbsent(type, String.valueOf(cause.getMessage()));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Folds the latencies recorded since the last call into the phase total and reports progress.
     *
     * @param nowNanos {@code System.nanoTime()} now
     */
    public synchronized ProgressSample sample(long nowNanos) {
        interval = latencyMicros.getIntervalHistogram(interval);
        total.add(interval);
        long rowsNow = rows.sum();
        long intervalNanos = Math.max(1, nowNanos - lastSampleNanos);
        double rowsPerSecond = (rowsNow - lastSampleRows) * 1e9 / intervalNanos;
        lastSampleNanos = nowNanos;
        lastSampleRows = rowsNow;
        long p99 = total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(99.0);
        return new ProgressSample(phase, nowNanos - startNanos, rowsNow, rowsPerSecond, requests.sum(), p99,
                failures.sum());
    }

    /**
     * Ends the phase: folds the remaining latencies in and returns the totals.
     *
     * @param elapsedNanos the phase's duration, from its first request to the completion of its last
     */
    public synchronized PhaseResult finish(long elapsedNanos) {
        interval = latencyMicros.getIntervalHistogram(interval);
        total.add(interval);
        Map<String, PhaseResult.ErrorSummary> errors = new TreeMap<>();
        errorCounts.forEach((type, count) ->
                errors.put(type, new PhaseResult.ErrorSummary(count.sum(), firstErrorMessages.get(type))));
        Map<String, Long> retries = new TreeMap<>();
        retryCounts.forEach((reason, count) -> retries.put(reason, count.sum()));
        return new PhaseResult(phase, requests.sum(), rows.sum(), failures.sum(), elapsedNanos, total.copy(), errors,
                retries);
    }

    /**
     * A progress line's figures.
     *
     * @param phase          the phase name
     * @param elapsedNanos   time since the phase started
     * @param rows           rows written or returned so far
     * @param rowsPerSecond  rows completed per second since the previous sample
     * @param requests       successful requests so far
     * @param p99MicrosSoFar 99th percentile latency of all successful requests so far, microseconds
     * @param failures       failed requests so far
     */
    public record ProgressSample(String phase, long elapsedNanos, long rows, double rowsPerSecond, long requests,
                                 long p99MicrosSoFar, long failures) {
    }
}
