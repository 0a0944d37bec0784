package io.almanac.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Turns measurements into the lines the load generator prints: one progress line per second and a summary per
 * phase. Numbers use {@link Locale#ROOT} with thousands separators, latencies are whole microseconds.
 *
 * <pre>
 *   [write]    3 s  rows 152,340  rows/s 51,200  p99 so far 4,210 us  errors 0
 *
 *   === write summary ===
 *     rows written   100,000
 *     requests       5,000 ok, 0 failed
 *     elapsed        5.123 s
 *     throughput     19,520 rows/s, 976 requests/s
 *     latency (us)   p50 1,234  p99 15,007  p99.9 30,015  max 45,023  (5,000 successful requests)
 *     measured       ...
 *     retried        HTTP 503=12           (only when a request was retried)
 *     errors         none
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class SummaryFormatter {

    private SummaryFormatter() {
    }

    /** @return the progress line of one sample */
    public static String progressLine(PhaseRecorder.ProgressSample sample) {
        return String.format(Locale.ROOT, "[%s] %4d s  rows %,d  rows/s %,.0f  p99 so far %,d us  errors %,d",
                sample.phase(), sample.elapsedNanos() / 1_000_000_000L, sample.rows(), sample.rowsPerSecond(),
                sample.p99MicrosSoFar(), sample.failures());
    }

    /**
     * @param result    the phase totals
     * @param rowsLabel what the rows are, e.g. {@code written} or {@code returned}
     * @param method    how the latency was measured, printed as is
     * @return the multi-line summary, ending with a line break
     */
    public static String summary(PhaseResult result, String rowsLabel, String method) {
        StringBuilder text = new StringBuilder();
        text.append("=== ").append(result.phase()).append(" summary ===\n");
        line(text, "rows " + rowsLabel, String.format(Locale.ROOT, "%,d", result.rows()));
        line(text, "requests", String.format(Locale.ROOT, "%,d ok, %,d failed", result.requests(),
                result.failures()));
        line(text, "elapsed", String.format(Locale.ROOT, "%.3f s", result.elapsedNanos() / 1e9));
        line(text, "throughput", String.format(Locale.ROOT, "%,.0f rows/s, %,.0f requests/s", result.rowsPerSecond(),
                result.requestsPerSecond()));
        boolean unmeasured = result.latencyMicros().getTotalCount() == 0 && result.requests() > 0;
        line(text, "latency (us)", unmeasured ? "not measured" : percentiles(result.latencyMicros()));
        line(text, "measured", method);
        if (!result.retries().isEmpty()) {
            line(text, "retried", retries(result.retries()));
        }
        line(text, "errors", errors(result.errors()));
        return text.toString();
    }

    /**
     * @param latencyMicros a histogram of latencies in microseconds
     * @return {@code p50 a  p99 b  p99.9 c  max d  (n successful requests)}, or a note when it is empty
     */
    public static String percentiles(Histogram latencyMicros) {
        long count = latencyMicros.getTotalCount();
        if (count == 0) {
            return "n/a (no successful requests)";
        }
        return String.format(Locale.ROOT, "p50 %,d  p99 %,d  p99.9 %,d  max %,d  (%,d successful requests)",
                latencyMicros.getValueAtPercentile(50.0), latencyMicros.getValueAtPercentile(99.0),
                latencyMicros.getValueAtPercentile(99.9), latencyMicros.getMaxValue(), count);
    }

    /** @return {@code none}, or {@code Type=count (first: message); ...} sorted by type */
    public static String errors(Map<String, PhaseResult.ErrorSummary> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(errors).forEach((type, summary) -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(type).append('=').append(String.format(Locale.ROOT, "%,d", summary.count()))
                    .append(" (first: ").append(summary.firstMessage()).append(')');
        });
        return text.toString();
    }

    /** @return {@code reason=count; ...} sorted by reason, e.g. {@code HTTP 503=12} */
    public static String retries(Map<String, Long> retries) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(retries).forEach((reason, count) -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(reason).append('=').append(String.format(Locale.ROOT, "%,d", count));
        });
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "  %-14s %s\n", label, value));
    }
}
