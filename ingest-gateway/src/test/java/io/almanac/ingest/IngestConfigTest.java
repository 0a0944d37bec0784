package io.almanac.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.ingest.http.HttpIngestConfig;
import io.almanac.ingest.mqtt.MqttIngestConfig;
import org.junit.jupiter.api.Test;

/** Each config value is validated with a message naming the key, the value and the rule. */
class IngestConfigTest {

    @Test
    void httpConfig() {
        assertThat(new HttpIngestConfig("127.0.0.1", 0, 1).port()).isZero();
        assertThatThrownBy(() -> new HttpIngestConfig(" ", 8080, 1024)).hasMessage("host must not be blank");
        assertThatThrownBy(() -> new HttpIngestConfig("0.0.0.0", 65_536, 1024))
                .hasMessage("port must be between 0 and 65535, got 65536");
        assertThatThrownBy(() -> new HttpIngestConfig("0.0.0.0", -1, 1024))
                .hasMessage("port must be between 0 and 65535, got -1");
        assertThatThrownBy(() -> new HttpIngestConfig("0.0.0.0", 8080, 0))
                .hasMessage("maxBodyBytes must be at least 1 byte, got 0");
        HttpIngestConfig defaults = new HttpIngestConfig("127.0.0.1", 0, 1);
        assertThat(defaults.maxLinesPerRequest()).isEqualTo(HttpIngestConfig.DEFAULT_MAX_LINES_PER_REQUEST);
        assertThat(defaults.autoCreateTables()).isFalse();
        assertThatThrownBy(() -> new HttpIngestConfig("0.0.0.0", 8080, 1024, 0, true))
                .hasMessage("maxLinesPerRequest must be at least 1 line, got 0");
    }

    @Test
    void mqttConfig() {
        MqttIngestConfig defaults = MqttIngestConfig.of("127.0.0.1", 1883, 262_144);
        assertThat(defaults.connectTimeoutMillis()).isEqualTo(MqttIngestConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS);
        assertThat(defaults.backPressureRetryMillis()).isEqualTo(MqttIngestConfig.DEFAULT_BACK_PRESSURE_RETRY_MILLIS);
        assertThatThrownBy(() -> MqttIngestConfig.of("", 1883, 1024)).hasMessage("host must not be blank");
        assertThatThrownBy(() -> MqttIngestConfig.of("0.0.0.0", 70_000, 1024))
                .hasMessage("port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> MqttIngestConfig.of("0.0.0.0", 1883, 0))
                .hasMessage("maxMessageBytes must be at least 1 byte, got 0");
        assertThatThrownBy(() -> new MqttIngestConfig("0.0.0.0", 1883, 1024, 0, 1))
                .hasMessage("connectTimeoutMillis must be at least 1 ms, got 0");
        assertThatThrownBy(() -> new MqttIngestConfig("0.0.0.0", 1883, 1024, 1, -5))
                .hasMessage("backPressureRetryMillis must be at least 1 ms, got -5");
    }
}
