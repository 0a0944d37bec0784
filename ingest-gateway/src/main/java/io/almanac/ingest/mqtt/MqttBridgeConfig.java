package io.almanac.ingest.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MQTT bridge's configuration ({@link MqttBridge}): which broker to subscribe to, as whom, to which topic filters,
 * and how to reconnect. The server fills it from the {@code mqtt_bridge} section of its YAML configuration
 * ({@link #fromConfig}); the topic mappings are the node's {@code mqtt_topic_mappings}, so a bridged message maps
 * exactly as one published to our own endpoint:
 *
 * <pre>
 * mqtt_bridge:
 *   host: broker.example               # required
 *   port: 1883                         # default 1883
 *   client_id: almanac-bridge          # required; the broker keeps the persistent session under it
 *   username: almanac                  # optional
 *   password: secret                   # optional; needs username
 *   mqtt_version: "5"                  # "5" (default) | "3.1.1"
 *   topics:                            # required, at least one; subscribed with QoS 1
 *     - devices/+/telemetry
 *     - $share/almanac/sites/#         # shared subscription (MQTT 5; Mosquitto and EMQX also on 3.1.1)
 *   keep_alive_seconds: 60             # 0..65535, 0 = no keep-alive
 *   session_expiry_seconds: 86400      # MQTT 5: how long the broker keeps the session (and queues QoS 1 messages)
 *                                      #   while we are away; 1..4294967295. MQTT 3.1.1 sessions never expire
 *   receive_maximum: 1024              # MQTT 5: QoS 1 messages the broker may have in flight to us, 1..65535
 *   reconnect_initial_delay_ms: 1000   # first reconnect delay; doubles (with jitter) per failed attempt
 *   reconnect_max_delay_ms: 60000      #   up to this
 *   write_retry_ms: 10                 # first delay before a back-pressured or failed write is retried; doubles
 *                                      #   per attempt up to reconnect_max_delay_ms
 * </pre>
 *
 * Thread safety: immutable.
 *
 * @param host                      the broker's host name or address
 * @param port                      the broker's TCP port, 1..65535
 * @param clientId                  the MQTT client identifier; stable across restarts so the session persists
 * @param username                  the user name to authenticate with, or null
 * @param password                  the password, or null; only with a user name
 * @param version                   the MQTT protocol version spoken to the broker
 * @param topicFilters              the topic filters subscribed to with QoS 1 (MQTT 5.0 §4.7, §4.8.2)
 * @param topicMappings             configured topic-to-table mappings, tried in order before the default
 *                                  {@code almanac/{keyspace}/{table}} (see {@link MqttTopicMapping})
 * @param keepAliveSeconds          the MQTT keep-alive, seconds; 0 = none
 * @param sessionExpirySeconds      MQTT 5 Session Expiry Interval (§3.1.2.11.2), seconds; at least 1
 * @param receiveMaximum            MQTT 5 Receive Maximum (§3.1.2.11.3) announced to the broker, 1..65535
 * @param reconnectInitialDelayMillis the first delay before reconnecting, ms; at least 1
 * @param reconnectMaxDelayMillis   the longest delay between reconnect attempts, ms; at least the initial delay
 * @param writeRetryMillis          the first delay before a refused write is retried, ms; at least 1
 */
public record MqttBridgeConfig(String host, int port, String clientId, String username, String password,
                               MqttVersion version, List<String> topicFilters, List<MqttTopicMapping> topicMappings,
                               int keepAliveSeconds, long sessionExpirySeconds, int receiveMaximum,
                               long reconnectInitialDelayMillis, long reconnectMaxDelayMillis,
                               long writeRetryMillis) {

    /** The YAML keys of the {@code mqtt_bridge} section. */
    public static final Set<String> KEYS = Set.of("host", "port", "client_id", "username", "password",
            "mqtt_version", "topics", "keep_alive_seconds", "session_expiry_seconds", "receive_maximum",
            "reconnect_initial_delay_ms", "reconnect_max_delay_ms", "write_retry_ms");

    /** Default {@code port}. */
    public static final int DEFAULT_PORT = 1883;
    /** Default {@code keepAliveSeconds}. */
    public static final int DEFAULT_KEEP_ALIVE_SECONDS = 60;
    /** Default {@code sessionExpirySeconds}: one day. */
    public static final long DEFAULT_SESSION_EXPIRY_SECONDS = 86_400;
    /** Default {@code receiveMaximum}. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 1_024;
    /** Default {@code reconnectInitialDelayMillis}. */
    public static final long DEFAULT_RECONNECT_INITIAL_DELAY_MILLIS = 1_000;
    /** Default {@code reconnectMaxDelayMillis}. */
    public static final long DEFAULT_RECONNECT_MAX_DELAY_MILLIS = 60_000;
    /** Default {@code writeRetryMillis}. */
    public static final long DEFAULT_WRITE_RETRY_MILLIS = 10;

    private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;
    private static final String SHARE_PREFIX = "$share/";

    /** The MQTT protocol version the bridge speaks to the broker. */
    public enum MqttVersion {
        V3_1_1("3.1.1"), V5("5");

        private final String configName;

        MqttVersion(String configName) {
            this.configName = configName;
        }

        /** @return the name in the YAML configuration: "3.1.1" or "5" */
        public String configName() {
            return configName;
        }
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule when a value is invalid */
    public MqttBridgeConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: is required, got \"" + host + "\"");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535, got " + port);
        }
        if (clientId == null || clientId.isEmpty() || clientId.getBytes(StandardCharsets.UTF_8).length > 65_535) {
            throw new IllegalArgumentException("client_id: must be 1..65535 bytes (a persistent session needs a"
                    + " stable identifier), got \"" + clientId + "\"");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("password: needs a username");
        }
        Objects.requireNonNull(version, "mqtt_version");
        Objects.requireNonNull(topicFilters, "topics");
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("topics: at least one topic filter is required");
        }
        for (String filter : topicFilters) {
            checkSubscriptionFilter(filter);
        }
        topicFilters = List.copyOf(topicFilters);
        topicMappings = List.copyOf(Objects.requireNonNull(topicMappings, "topicMappings"));
        checkRange("keep_alive_seconds", keepAliveSeconds, 0, 65_535);
        checkRange("session_expiry_seconds", sessionExpirySeconds, 1, MAX_SESSION_EXPIRY_SECONDS);
        checkRange("receive_maximum", receiveMaximum, 1, 65_535);
        checkRange("reconnect_initial_delay_ms", reconnectInitialDelayMillis, 1, Long.MAX_VALUE);
        checkRange("reconnect_max_delay_ms", reconnectMaxDelayMillis, reconnectInitialDelayMillis, Long.MAX_VALUE);
        checkRange("write_retry_ms", writeRetryMillis, 1, Long.MAX_VALUE);
    }

    /** @return a configuration with the defaults for everything but the broker, client id, topics and mappings */
    public static MqttBridgeConfig of(String host, int port, String clientId, MqttVersion version,
                                      List<String> topicFilters, List<MqttTopicMapping> topicMappings) {
        return new MqttBridgeConfig(host, port, clientId, null, null, version, topicFilters, topicMappings,
                DEFAULT_KEEP_ALIVE_SECONDS, DEFAULT_SESSION_EXPIRY_SECONDS, DEFAULT_RECEIVE_MAXIMUM,
                DEFAULT_RECONNECT_INITIAL_DELAY_MILLIS, DEFAULT_RECONNECT_MAX_DELAY_MILLIS, DEFAULT_WRITE_RETRY_MILLIS);
    }

    /** @return this configuration with other reconnect delays, ms */
    public MqttBridgeConfig withReconnectDelays(long initialDelayMillis, long maxDelayMillis) {
        return new MqttBridgeConfig(host, port, clientId, username, password, version, topicFilters, topicMappings,
                keepAliveSeconds, sessionExpirySeconds, receiveMaximum, initialDelayMillis, maxDelayMillis,
                writeRetryMillis);
    }

    /**
     * Reads the {@code mqtt_bridge} section as the YAML loader hands it over (string keys; scalars as strings or
     * numbers; {@code topics} a list of strings).
     *
     * @param section       the section's entries
     * @param topicMappings the node's {@code mqtt_topic_mappings}, already read
     * @throws IllegalArgumentException naming the key ({@code mqtt_bridge.key}), the value and the rule, also for
     *                                  unknown and missing keys
     */
    public static MqttBridgeConfig fromConfig(Map<String, ?> section, List<MqttTopicMapping> topicMappings) {
        try {
            for (String key : section.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(key + ": unknown key; known keys are "
                            + List.copyOf(new TreeSet<>(KEYS)));
                }
            }
            return new MqttBridgeConfig(scalar(section, "host"),
                    (int) number(section, "port", DEFAULT_PORT), scalar(section, "client_id"),
                    scalar(section, "username"), scalar(section, "password"), version(section), topics(section),
                    topicMappings, (int) number(section, "keep_alive_seconds", DEFAULT_KEEP_ALIVE_SECONDS),
                    number(section, "session_expiry_seconds", DEFAULT_SESSION_EXPIRY_SECONDS),
                    (int) number(section, "receive_maximum", DEFAULT_RECEIVE_MAXIMUM),
                    number(section, "reconnect_initial_delay_ms", DEFAULT_RECONNECT_INITIAL_DELAY_MILLIS),
                    number(section, "reconnect_max_delay_ms", DEFAULT_RECONNECT_MAX_DELAY_MILLIS),
                    number(section, "write_retry_ms", DEFAULT_WRITE_RETRY_MILLIS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt_bridge." + e.getMessage(), e);
        }
    }

    /**
     * Checks a filter to subscribe to: MQTT 5.0 §4.7.1 (wildcards fill whole levels, '#' last) and, for
     * {@code $share/{group}/{filter}}, §4.8.2 (a non-empty group without wildcards or '/').
     */
    private static void checkSubscriptionFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.getBytes(StandardCharsets.UTF_8).length > 65_535
                || filter.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topics: \"" + filter + "\" must be 1..65535 bytes without NUL");
        }
        String plain = filter;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            String group = slash < 0 ? "" : filter.substring(SHARE_PREFIX.length(), slash);
            if (group.isEmpty() || group.contains("+") || group.contains("#") || slash == filter.length() - 1) {
                throw new IllegalArgumentException("topics: \"" + filter + "\" must be $share/{group}/{filter} with"
                        + " a group name free of '+', '#' and '/' and a non-empty filter");
            }
            plain = filter.substring(slash + 1);
        }
        String[] levels = plain.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if ((!wildcard && (level.contains("+") || level.contains("#"))) || (level.equals("#")
                    && i != levels.length - 1)) {
                throw new IllegalArgumentException("topics: \"" + filter + "\": level \"" + level + "\" breaks the"
                        + " MQTT filter rules ('+' and '#' fill a whole level, '#' only as the last level)");
            }
        }
    }

    private static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static String scalar(Map<String, ?> section, String key) {
        Object value = section.get(key);
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException(key + ": must be a single value, got " + value);
        }
        return value == null ? null : value.toString();
    }

    private static long number(Map<String, ?> section, String key, long defaultValue) {
        String value = scalar(section, key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be an integer, got \"" + value + "\"");
        }
    }

    private static MqttVersion version(Map<String, ?> section) {
        String value = scalar(section, "mqtt_version");
        if (value == null) {
            return MqttVersion.V5;
        }
        for (MqttVersion version : MqttVersion.values()) {
            String name = value.trim();
            if (version.configName().equals(name) || (version == MqttVersion.V5 && name.equals("5.0"))) {
                return version;
            }
        }
        throw new IllegalArgumentException("mqtt_version: \"" + value + "\" is not one of [3.1.1, 5]");
    }

    private static List<String> topics(Map<String, ?> section) {
        Object value = section.get("topics");
        if (value == null) {
            throw new IllegalArgumentException("topics: is required (a list of topic filters)");
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("topics: must be a list of topic filters, got " + value);
        }
        return list.stream().map(filter -> filter == null ? null : filter.toString()).toList();
    }
}
