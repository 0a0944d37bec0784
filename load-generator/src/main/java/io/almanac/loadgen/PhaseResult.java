package io.almanac.loadgen;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The totals of one finished phase.
 *
 * @param phase         the phase name ({@code write}, {@code read})
 * @param requests      successful requests
 * @param rows          rows written (write phase) or returned (read phase) by the successful requests
 * @param failures      failed requests
 * @param elapsedNanos  from the phase's first request to the completion of its last, nanoseconds
 * @param latencyMicros latencies of the successful requests, microseconds; not modified after construction
 * @param errors        failures by type (exception simple class name, or e.g. {@code HTTP 400}), sorted by type
 * @param retries       refusals the requests retried (e.g. {@code HTTP 503}) by reason, sorted by reason
 */
public record PhaseResult(String phase, long requests, long rows, long failures, long elapsedNanos,
                          Histogram latencyMicros, Map<String, ErrorSummary> errors, Map<String, Long> retries) {

    public PhaseResult {
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        retries = Collections.unmodifiableMap(new TreeMap<>(retries));
    }

    /** A result without retries. */
    public PhaseResult(String phase, long requests, long rows, long failures, long elapsedNanos,
                       Histogram latencyMicros, Map<String, ErrorSummary> errors) {
        this(phase, requests, rows, failures, elapsedNanos, latencyMicros, errors, Map.of());
    }

    /**
     * @param count        failed requests of this type
     * @param firstMessage the message of the first one, for diagnosis
     */
    public record ErrorSummary(long count, String firstMessage) {
    }

    /** @return whether every request succeeded */
    public boolean succeeded() {
        return failures == 0;
    }

    /** @return successful requests per second over the phase */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests * 1e9 / elapsedNanos;
    }

    /** @return rows per second over the phase */
    public double rowsPerSecond() {
        return elapsedNanos == 0 ? 0 : rows * 1e9 / elapsedNanos;
    }
}
