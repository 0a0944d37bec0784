package io.almanac.loadgen;

/**
 * The intended send times of a fixed-rate phase: the request that starts after {@code pointsBefore} points is due at
 * {@code startNanos + pointsBefore * 1e9 / pointsPerSecond}, whatever happened to earlier requests. Latency is
 * measured from that intended time, not from the moment the request could actually be sent, so a stall of the node
 * (or of the generator) counts against every request it delayed: the correction for coordinated omission of wrk2 and
 * HdrHistogram ("response time = completion - intended start").
 *
 * <pre>
 *   rate 1,000 points/s, 10 points per request:
 *   request    0      1      2      3   ...
 *   intended   0 ms   10 ms  20 ms  30 ms        (a 25 ms stall of request 0 sends 1 and 2 late, at 25 ms;
 *                                                 their latencies start at 10 ms and 20 ms)
 * </pre>
 *
 * <p>The arithmetic is exact integer arithmetic (no drift after billions of points, no overflow below
 * {@code Long.MAX_VALUE} points).
 *
 * <p>Thread safety: immutable.
 */
public final class FixedRateSchedule {

    /** The highest rate, points per second (keeps the arithmetic within a long). */
    public static final long MAX_POINTS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final long pointsPerSecond;

    /**
     * @param startNanos      the intended send time of the first request, {@link NanoClock#nanoTime()} units
     * @param pointsPerSecond the rate, points per second, 1..{@link #MAX_POINTS_PER_SECOND}
     * @throws IllegalArgumentException if the rate is out of range
     */
    public FixedRateSchedule(long startNanos, long pointsPerSecond) {
        if (pointsPerSecond < 1 || pointsPerSecond > MAX_POINTS_PER_SECOND) {
            throw new IllegalArgumentException("rate must be between 1 and " + MAX_POINTS_PER_SECOND
                    + " points per second: " + pointsPerSecond);
        }
        this.startNanos = startNanos;
        this.pointsPerSecond = pointsPerSecond;
    }

    /**
     * @param pointsBefore points carried by all requests before this one
     * @return the intended send time of the request, nanoseconds (rounded down)
     */
    public long intendedStartNanos(long pointsBefore) {
        long wholeSeconds = pointsBefore / pointsPerSecond;
        long remainderPoints = pointsBefore % pointsPerSecond;
        // remainderPoints < pointsPerSecond <= MAX_POINTS_PER_SECOND, so remainderPoints * 1e9 fits in a long
        return startNanos + wholeSeconds * NANOS_PER_SECOND + remainderPoints * NANOS_PER_SECOND / pointsPerSecond;
    }

    /**
     * @param intendedStartNanos the request's intended send time
     * @param completedNanos     when its acknowledgement arrived
     * @return the latency corrected for coordinated omission: completion minus intended start, nanoseconds
     */
    public static long correctedLatencyNanos(long intendedStartNanos, long completedNanos) {
        return completedNanos - intendedStartNanos;
    }
}
