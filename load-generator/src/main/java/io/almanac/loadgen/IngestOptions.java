package io.almanac.loadgen;

import java.util.Objects;

/**
 * How the write phase is driven: the protocol and its settings, the pacing, and whether the rows are counted back.
 *
 * <p>Thread safety: immutable.
 *
 * @param protocol             the write protocol
 * @param httpPort             the node's HTTP ingest port (HTTP mode)
 * @param linesPerRequest      line-protocol lines (points) per HTTP request (HTTP mode)
 * @param gzip                 send HTTP bodies with {@code Content-Encoding: gzip} (HTTP mode)
 * @param mqttPort             the node's MQTT port (MQTT mode)
 * @param connections          MQTT device connections; device {@code i} publishes on connection
 *                             {@code i mod connections} (MQTT mode)
 * @param qos                  MQTT quality of service, 0 or 1 (MQTT mode)
 * @param mqttVersion          MQTT protocol version, 3 (3.1.1) or 5 (MQTT mode)
 * @param ratePointsPerSecond  the fixed write rate, points (rows) per second; 0 = flat out
 * @param verify               after the write phase, count every device's rows over CQL and compare
 */
public record IngestOptions(Protocol protocol, int httpPort, int linesPerRequest, boolean gzip, int mqttPort,
                            int connections, int qos, int mqttVersion, long ratePointsPerSecond, boolean verify) {

    /** The most lines one HTTP request carries; the node's default body limit is far above 100,000 short lines. */
    public static final int MAX_LINES_PER_REQUEST = 100_000;
    /** The most MQTT connections one generator opens. */
    public static final int MAX_CONNECTIONS = 100_000;

    /**
     * @throws IllegalArgumentException naming the option, its value and the rule when a value is out of range
     */
    public IngestOptions {
        Objects.requireNonNull(protocol, "protocol");
        require(httpPort >= 1 && httpPort <= 65_535, "--http-port", httpPort, "must be between 1 and 65535");
        require(linesPerRequest >= 1 && linesPerRequest <= MAX_LINES_PER_REQUEST, "--lines-per-request",
                linesPerRequest, "must be between 1 and " + MAX_LINES_PER_REQUEST);
        require(mqttPort >= 1 && mqttPort <= 65_535, "--mqtt-port", mqttPort, "must be between 1 and 65535");
        require(connections >= 1 && connections <= MAX_CONNECTIONS, "--connections", connections,
                "must be between 1 and " + MAX_CONNECTIONS);
        require(qos == 0 || qos == 1, "--qos", qos, "must be 0 or 1");
        require(mqttVersion == 3 || mqttVersion == 5, "--mqtt-version", mqttVersion, "must be 3 (3.1.1) or 5");
        require(ratePointsPerSecond >= 0 && ratePointsPerSecond <= FixedRateSchedule.MAX_POINTS_PER_SECOND, "--rate",
                ratePointsPerSecond, "must be between 0 (flat out) and " + FixedRateSchedule.MAX_POINTS_PER_SECOND);
    }

    /** @return the defaults: CQL, flat out, no verification (HTTP 8080, 5,000 lines; MQTT 1883, 1,000, QoS 1, v5) */
    public static IngestOptions defaults() {
        return new IngestOptions(Protocol.CQL, 8080, 5_000, false, 1883, 1_000, 1, 5, 0, false);
    }

    /** @return whether the write phase follows a fixed schedule ({@code --rate} given) */
    public boolean fixedRate() {
        return ratePointsPerSecond > 0;
    }

    /** @return whether write latencies are measured: every mode but MQTT QoS 0, which has no acknowledgement */
    public boolean latencyMeasured() {
        return !(protocol == Protocol.MQTT && qos == 0);
    }

    static void require(boolean valid, String option, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for option '" + option + "': " + rule);
        }
    }
}
