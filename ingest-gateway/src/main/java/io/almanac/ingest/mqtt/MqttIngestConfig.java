package io.almanac.ingest.mqtt;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT ingest endpoint's configuration. The server module fills it from {@code mqtt_port} (or
 * {@code mqtt_port_ssl} with the TLS context of {@code client_encryption_options}), {@code mqtt_max_message_size_kb},
 * {@code mqtt_topic_mappings}, {@code mqtt_max_session_expiry_seconds} and {@code mqtt_back_pressure_max_wait_ms}.
 *
 * @param host                    the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port                    the TCP port; 0 picks a free ephemeral port (tests), see
 *                                {@link MqttIngestServer#boundPort()}
 * @param maxMessageBytes         the largest MQTT packet accepted (remaining length), bytes; a larger one is a
 *                                decoder failure and closes that connection
 * @param connectTimeoutMillis    how long a new connection may take to send CONNECT before it is closed, ms
 * @param backPressureRetryMillis how long a back-pressured connection waits before offering its rows again, ms
 * @param receiveMaximum          MQTT 5 Receive Maximum announced in CONNACK: QoS 1/2 PUBLISHes a client may have
 *                                unacknowledged; one more is a protocol error (DISCONNECT 0x93). 1..65535
 * @param backPressureMaxWaitMillis how long an MQTT 5 PUBLISH may wait for the write path before it is refused with
 *                                PUBACK 0x97 (quota exceeded), ms; 0 = wait as long as it takes (MQTT 3.1.1 always
 *                                waits: it has no way to say "refused, try later")
 * @param topicMappings           configured topic-to-table mappings, tried in order before the default
 *                                {@code almanac/{keyspace}/{table}} (see {@link MqttTopicMapping})
 * @param maxSessionExpirySeconds how long a persistent session outlives its connection at most, seconds: the
 *                                expiry of an MQTT 3.1.1 session with Clean Session 0, and the cap of an MQTT 5
 *                                Session Expiry Interval (a larger one is answered with this value in CONNACK);
 *                                0 = no persistent sessions (every session ends with its connection);
 *                                at most 4294967295 (MQTT 5's four-byte interval)
 * @param sslContext              the server TLS context: connections must start with a TLS handshake; null =
 *                                plaintext
 */
public record MqttIngestConfig(String host, int port, int maxMessageBytes, long connectTimeoutMillis,
                               long backPressureRetryMillis, int receiveMaximum, long backPressureMaxWaitMillis,
                               List<MqttTopicMapping> topicMappings, long maxSessionExpirySeconds,
                               SslContext sslContext) {

    /** Default {@code connectTimeoutMillis}. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Default {@code backPressureRetryMillis}. */
    public static final long DEFAULT_BACK_PRESSURE_RETRY_MILLIS = 1;
    /** Default {@code receiveMaximum}. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 1_024;
    /** Default {@code backPressureMaxWaitMillis}. */
    public static final long DEFAULT_BACK_PRESSURE_MAX_WAIT_MILLIS = 10_000;
    /** Default {@code maxSessionExpirySeconds}: one day. */
    public static final long DEFAULT_MAX_SESSION_EXPIRY_SECONDS = 86_400;
    /** The largest MQTT 5 Session Expiry Interval (four bytes; 0xFFFFFFFF means "never" in MQTT 5), seconds. */
    public static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

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
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum must be between 1 and 65535, got " + receiveMaximum);
        }
        if (backPressureMaxWaitMillis < 0) {
            throw new IllegalArgumentException("backPressureMaxWaitMillis must be 0 (no limit) or more ms, got "
                    + backPressureMaxWaitMillis);
        }
        topicMappings = List.copyOf(Objects.requireNonNull(topicMappings, "topicMappings"));
        if (maxSessionExpirySeconds < 0 || maxSessionExpirySeconds > MAX_SESSION_EXPIRY_SECONDS) {
            throw new IllegalArgumentException("maxSessionExpirySeconds must be between 0 and "
                    + MAX_SESSION_EXPIRY_SECONDS + " seconds, got " + maxSessionExpirySeconds);
        }
    }

    /** The configuration before MQTT 5 and topic mappings: their defaults, and no configured mapping. */
    public MqttIngestConfig(String host, int port, int maxMessageBytes, long connectTimeoutMillis,
                            long backPressureRetryMillis) {
        this(host, port, maxMessageBytes, connectTimeoutMillis, backPressureRetryMillis, DEFAULT_RECEIVE_MAXIMUM,
                DEFAULT_BACK_PRESSURE_MAX_WAIT_MILLIS, List.of(), DEFAULT_MAX_SESSION_EXPIRY_SECONDS, null);
    }

    /** @return this configuration with {@code topicMappings} instead of its own */
    public MqttIngestConfig withTopicMappings(List<MqttTopicMapping> mappings) {
        return new MqttIngestConfig(host, port, maxMessageBytes, connectTimeoutMillis, backPressureRetryMillis,
                receiveMaximum, backPressureMaxWaitMillis, mappings, maxSessionExpirySeconds, sslContext);
    }

    /** @return this configuration with another {@code maxSessionExpirySeconds} (0 = no persistent sessions) */
    public MqttIngestConfig withMaxSessionExpirySeconds(long seconds) {
        return new MqttIngestConfig(host, port, maxMessageBytes, connectTimeoutMillis, backPressureRetryMillis,
                receiveMaximum, backPressureMaxWaitMillis, topicMappings, seconds, sslContext);
    }

    /**
     * @param millis how long an MQTT 5 PUBLISH may wait for the write path before PUBACK 0x97, ms; 0 = no limit
     * @return this configuration with another {@code backPressureMaxWaitMillis}
     * @throws IllegalArgumentException when {@code millis} is negative
     */
    public MqttIngestConfig withBackPressureMaxWaitMillis(long millis) {
        return new MqttIngestConfig(host, port, maxMessageBytes, connectTimeoutMillis, backPressureRetryMillis,
                receiveMaximum, millis, topicMappings, maxSessionExpirySeconds, sslContext);
    }

    /**
     * @param tlsPort    the TLS listener's port (0 = any free port)
     * @param sslContext the server TLS context (e.g. the one CQL's {@code client_encryption_options} builds)
     * @return this configuration for an MQTT-over-TLS listener on {@code tlsPort}
     */
    public MqttIngestConfig withTls(int tlsPort, SslContext sslContext) {
        return new MqttIngestConfig(host, tlsPort, maxMessageBytes, connectTimeoutMillis, backPressureRetryMillis,
                receiveMaximum, backPressureMaxWaitMillis, topicMappings, maxSessionExpirySeconds,
                Objects.requireNonNull(sslContext, "sslContext"));
    }

    /** @return a configuration with the default connect timeout and back-pressure retry delay */
    public static MqttIngestConfig of(String host, int port, int maxMessageBytes) {
        return new MqttIngestConfig(host, port, maxMessageBytes, DEFAULT_CONNECT_TIMEOUT_MILLIS,
                DEFAULT_BACK_PRESSURE_RETRY_MILLIS);
    }
}
