package io.almanac.ingest.mqtt;

import java.util.Objects;

/**
 * The MQTT ingest endpoint's configuration. The server module fills it from {@code mqtt_port} and
 * {@code mqtt_max_message_size_kb}.
 *
 * @param host                    the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port                    the TCP port; 0 picks a free ephemeral port (tests), see
 *                                {@link MqttIngestServer#boundPort()}
 * @param maxMessageBytes         the largest MQTT packet accepted (remaining length), bytes; a larger one is a
 *                                decoder failure and closes that connection
 * @param connectTimeoutMillis    how long a new connection may take to send CONNECT before it is closed, ms
 * @param backPressureRetryMillis how long a back-pressured connection waits before offering its rows again, ms
 */
public record MqttIngestConfig(String host, int port, int maxMessageBytes, long connectTimeoutMillis,
                               long backPressureRetryMillis) {

    /** Default {@code connectTimeoutMillis}. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Default {@code backPressureRetryMillis}. */
    public static final long DEFAULT_BACK_PRESSURE_RETRY_MILLIS = 1;

    /**
     * @throws IllegalArgumentException naming the key, the value and the rule when a value is invalid
     */
    public MqttIngestConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1 byte, got " + maxMessageBytes);
        }
        if (connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("connectTimeoutMillis must be at least 1 ms, got "
                    + connectTimeoutMillis);
        }
        if (backPressureRetryMillis < 1) {
            throw new IllegalArgumentException("backPressureRetryMillis must be at least 1 ms, got "
                    + backPressureRetryMillis);
        }
    }

    /** @return a configuration with the default connect timeout and back-pressure retry delay */
    public static MqttIngestConfig of(String host, int port, int maxMessageBytes) {
        return new MqttIngestConfig(host, port, maxMessageBytes, DEFAULT_CONNECT_TIMEOUT_MILLIS,
                DEFAULT_BACK_PRESSURE_RETRY_MILLIS);
    }
}
