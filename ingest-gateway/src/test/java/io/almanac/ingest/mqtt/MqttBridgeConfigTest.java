package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MqttBridgeConfig}: defaults, and errors that name the key, the value and the rule. */
class MqttBridgeConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> section = new HashMap<>();
        section.put("host", "broker.example");
        section.put("client_id", "almanac-bridge");
        section.put("topics", List.of("devices/+/telemetry", "$share/almanac/sites/#"));
        return section;
    }

    @Test
    void minimalSectionTakesTheDefaults() {
        MqttBridgeConfig config = MqttBridgeConfig.fromConfig(minimal(), List.of());
        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.version()).isEqualTo(MqttBridgeConfig.MqttVersion.V5);
        assertThat(config.topicFilters()).containsExactly("devices/+/telemetry", "$share/almanac/sites/#");
        assertThat(config.sessionExpirySeconds()).isEqualTo(MqttBridgeConfig.DEFAULT_SESSION_EXPIRY_SECONDS);
        assertThat(config.reconnectInitialDelayMillis()).isEqualTo(1_000);
        assertThat(config.reconnectMaxDelayMillis()).isEqualTo(60_000);
        assertThat(config.username()).isNull();
    }

    @Test
    void everyKeyIsRead() {
        Map<String, Object> section = minimal();
        section.putAll(Map.of("port", 8883, "username", "u", "password", "p", "mqtt_version", "3.1.1",
                "keep_alive_seconds", 30, "session_expiry_seconds", "3600", "receive_maximum", 10,
                "reconnect_initial_delay_ms", 100, "reconnect_max_delay_ms", 5_000, "write_retry_ms", 2));
        MqttBridgeConfig config = MqttBridgeConfig.fromConfig(section, List.of());
        assertThat(config).isEqualTo(new MqttBridgeConfig("broker.example", 8883, "almanac-bridge", "u", "p",
                MqttBridgeConfig.MqttVersion.V3_1_1, List.of("devices/+/telemetry", "$share/almanac/sites/#"),
                List.of(), 30, 3_600, 10, 100, 5_000, 2));
    }

    @Test
    void errorsNameTheKeyTheValueAndTheRule() {
        assertError(Map.of("hots", "x"), "mqtt_bridge.hots: unknown key; known keys are [client_id, host");
        assertError(Map.of("port", 0), "mqtt_bridge.port: must be between 1 and 65535, got 0");
        assertError(Map.of("port", "eighty"), "mqtt_bridge.port: must be an integer, got \"eighty\"");
        assertError(Map.of("mqtt_version", "4"), "mqtt_bridge.mqtt_version: \"4\" is not one of [3.1.1, 5]");
        assertError(Map.of("password", "p"), "mqtt_bridge.password: needs a username");
        assertError(Map.of("topics", List.of()), "mqtt_bridge.topics: at least one topic filter is required");
        assertError(Map.of("topics", "a/b"), "mqtt_bridge.topics: must be a list of topic filters, got a/b");
        assertError(Map.of("topics", List.of("a/#/b")), "mqtt_bridge.topics: \"a/#/b\": level \"#\" breaks");
        assertError(Map.of("topics", List.of("a/b+")), "mqtt_bridge.topics: \"a/b+\": level \"b+\" breaks");
        assertError(Map.of("topics", List.of("$share//a")), "mqtt_bridge.topics: \"$share//a\" must be $share/");
        assertError(Map.of("topics", List.of("$share/g/")), "mqtt_bridge.topics: \"$share/g/\" must be $share/");
        assertError(Map.of("reconnect_initial_delay_ms", 10_000, "reconnect_max_delay_ms", 1_000),
                "mqtt_bridge.reconnect_max_delay_ms: must be between 10000 and");
        assertError(Map.of("session_expiry_seconds", 0), "mqtt_bridge.session_expiry_seconds: must be between 1");
        Map<String, Object> noHost = minimal();
        noHost.remove("host");
        assertThatThrownBy(() -> MqttBridgeConfig.fromConfig(noHost, List.of()))
                .hasMessageStartingWith("mqtt_bridge.host: is required");
    }

    private static void assertError(Map<String, Object> override, String messageStart) {
        Map<String, Object> section = minimal();
        section.putAll(override);
        assertThatThrownBy(() -> MqttBridgeConfig.fromConfig(section, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(messageStart);
    }
}
