package io.almanac.loadgen;

/**
 * How a phase sends its requests.
 *
 * <ul>
 *   <li>flat out ({@code ratePointsPerSecond = 0}): closed loop, a new request as soon as one of the
 *       {@code concurrency} in flight completes; latency from the send to the completion (service time under
 *       that load, no coordinated-omission correction);</li>
 *   <li>fixed rate: requests are due at {@link FixedRateSchedule} times; at most {@code concurrency} are in flight
 *       (a late request waits for a permit); latency from the intended send time to the completion, corrected for
 *       coordinated omission.</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 *
 * @param concurrency         requests in flight at most, at least 1
 * @param ratePointsPerSecond points (rows) per second, 0 = flat out
 * @param measureLatency      false when completions say nothing about the node (MQTT QoS 0): throughput only
 */
public record Pacing(int concurrency, long ratePointsPerSecond, boolean measureLatency) {

    /**
     * @throws IllegalArgumentException if the concurrency is below 1 or the rate negative
     */
    public Pacing {
        if (concurrency < 1 || ratePointsPerSecond < 0) {
            throw new IllegalArgumentException("concurrency " + concurrency + " must be at least 1 and rate "
                    + ratePointsPerSecond + " at least 0");
        }
    }

    /** @return closed loop with at most {@code concurrency} in flight, latency measured */
    public static Pacing closedLoop(int concurrency) {
        return new Pacing(concurrency, 0, true);
    }

    /** @return whether requests follow a fixed schedule */
    public boolean fixedRate() {
        return ratePointsPerSecond > 0;
    }
}
