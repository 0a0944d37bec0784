package io.almanac.ingest.line;

/**
 * The unit of line-protocol timestamps in one write request: InfluxDB's {@code precision} query parameter
 * ({@code ns|us|ms|s} in API v2; v1 also spells {@code n} and {@code u}). CQL {@code timestamp} values are epoch
 * milliseconds, so finer timestamps are truncated towards negative infinity to the millisecond.
 *
 * <p>Thread safety: immutable constants.
 */
public enum TimestampPrecision {
    NANOSECONDS("ns", 1_000_000L),
    MICROSECONDS("us", 1_000L),
    MILLISECONDS("ms", 1L),
    SECONDS("s", -1_000L);

    private final String parameter;
    /** Positive: units per millisecond (divide); negative: milliseconds per unit (multiply). */
    private final long factor;

    TimestampPrecision(String parameter, long factor) {
        this.parameter = parameter;
        this.factor = factor;
    }

    /** @return the query parameter value, e.g. {@code ms} */
    public String parameter() {
        return parameter;
    }

    /**
     * @param text a {@code precision} parameter value: {@code ns}, {@code us}, {@code ms}, {@code s} (or v1's
     *             {@code n}, {@code u})
     * @return the precision, or null when {@code text} names none
     */
    public static TimestampPrecision parse(String text) {
        return switch (text) {
            case "ns", "n" -> NANOSECONDS;
            case "us", "u" -> MICROSECONDS;
            case "ms" -> MILLISECONDS;
            case "s" -> SECONDS;
            default -> null;
        };
    }

    /**
     * @param timestamp a timestamp in this precision's units since the epoch
     * @return milliseconds since the epoch, or {@link Long#MIN_VALUE} when the value does not fit (seconds beyond
     *         about 292 million years)
     */
    public long toMillis(long timestamp) {
        if (factor > 0) {
            return Math.floorDiv(timestamp, factor);
        }
        long millis = timestamp * -factor;
        return millis / -factor == timestamp && millis != Long.MIN_VALUE ? millis : Long.MIN_VALUE;
    }
}
