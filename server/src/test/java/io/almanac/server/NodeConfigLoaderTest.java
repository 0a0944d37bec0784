package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML configuration: keys override the embedded defaults; unknown keys and bad values are refused by name. */
class NodeConfigLoaderTest {

    @TempDir
    Path directory;

    @Test
    void withoutAFileTheEmbeddedDefaultsApply() {
        NodeConfig config = NodeConfigLoader.load(null);
        assertThat(config).isEqualTo(NodeConfig.defaults());
        assertThat(config.nativeTransportPort()).isEqualTo(9042);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.dataDirectory()).isEqualTo("./data");
    }

    @Test
    void keysInTheFileOverrideTheDefaultsAndReachTheEngineConfig() throws Exception {
        Path file = write("cluster_name: Plant 7\nnative_transport_port: 19042\ncommitlog_sync: group\n"
                + "memtable_flush_threshold_mb: 8\nshards: 3\n");
        NodeConfig config = NodeConfigLoader.load(file);
        assertThat(config.clusterName()).isEqualTo("Plant 7");
        assertThat(config.nativeTransportPort()).isEqualTo(19042);
        assertThat(config.httpPort()).as("untouched keys keep their defaults").isEqualTo(8080);
        assertThat(NodeConfigLoader.load(write("ingest:\n  auto_create_tables: true\n")).ingest().autoCreateTables())
                .isTrue();
        StorageConfig storage = AlmanacNode.storageConfig(config);
        assertThat(storage.commitLogSync()).isEqualTo(CommitLogSync.GROUP);
        assertThat(storage.memtableFlushThresholdBytes()).isEqualTo(8L << 20);
        assertThat(storage.shards()).isEqualTo(3);
        assertThat(storage.commitLogSyncPeriodMillis()).as("group: the default group window, ms").isEqualTo(10);
        StorageConfig windowed = AlmanacNode.storageConfig(NodeConfigLoader.load(
                write("commitlog_sync: group\ncommitlog_sync_group_window_in_ms: 25\n")));
        assertThat(windowed.commitLogSyncPeriodMillis()).isEqualTo(25);
        StorageConfig periodic = AlmanacNode.storageConfig(NodeConfigLoader.load(
                write("commitlog_sync_period_in_ms: 2000\ncommitlog_sync_group_window_in_ms: 25\n")));
        assertThat(periodic.commitLogSyncPeriodMillis()).isEqualTo(2000);
        assertThatThrownBy(() -> NodeConfigLoader.load(write("commitlog_sync_group_window_in_ms: 0\n")))
                .hasMessageContaining("commitlog_sync_group_window_in_ms");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("authorizer: CassandraAuthorizer\n")))
                .hasMessage("authorizer: CassandraAuthorizer requires authenticator: PasswordAuthenticator, got"
                        + " 'AllowAllAuthenticator'");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("authorizer: Sometimes\n")))
                .hasMessage("authorizer must be AllowAllAuthorizer or CassandraAuthorizer, got 'Sometimes'");
        assertThat(NodeConfigLoader.load(write("authenticator: PasswordAuthenticator\nauthorizer: CassandraAuthorizer\n"))
                .cassandraAuthorizer()).isTrue();
    }

    @Test
    void mqttTopicMappingsAreReadAndCheckedAtLoad() throws Exception {
        NodeConfig config = NodeConfigLoader.load(write("""
                mqtt_topic_mappings:
                  - topic: devices/{device_id}/telemetry
                    table: iot.sensor_data
                    payload_format: json
                    row_shape: narrow
                    timestamp_field: ts
                    timestamp_unit: ms
                """));
        assertThat(config.topicMappings()).hasSize(1);
        assertThatThrownBy(() -> NodeConfigLoader.load(write("""
                mqtt_topic_mappings:
                  - topic: devices/{device_id}/telemetry
                    table: iot.sensor_data
                    payload_format: json
                    timestamp_field: ts
                    timestamp_unit: fortnights
                """))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqtt_topic_mappings[0].timestamp_unit");
    }

    @Test
    void theReadmeExampleConfigurationLoads() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("```yaml\n");
        assertThat(start).as("README.md has a yaml example").isNotNegative();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        NodeConfig config = NodeConfigLoader.load(write(yaml));
        assertThat(config.topicMappings()).isNotEmpty();
        assertThat(config.nativeTransportPort()).isEqualTo(9042);
    }

    @Test
    void mqttTlsAndSessionKeysLoadAndAreChecked() throws Exception {
        NodeConfig config = NodeConfigLoader.load(write("mqtt_port_ssl: 8884\nmqtt_max_sessions: 5\n"
                + "mqtt_max_session_expiry_seconds: 0\n"));
        assertThat(config.mqttPortSsl()).isEqualTo(8884);
        assertThat(config.mqttMaxSessions()).isEqualTo(5);
        assertThat(config.mqttMaxSessionExpirySeconds()).isZero();
        assertThat(NodeConfig.defaults().mqttPortSsl()).isEqualTo(8883);
        assertThat(NodeConfigLoader.load(write("mqtt_port_ssl: -1\n")).mqttPortSsl()).isEqualTo(-1);
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_port_ssl: -2\n")))
                .hasMessage("mqtt_port_ssl must be between -1 and 65535, got -2");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_max_sessions: 0\n")))
                .hasMessage("mqtt_max_sessions must be between 1 and 100000000, got 0");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_max_session_expiry_seconds: 4294967296\n")))
                .hasMessage("mqtt_max_session_expiry_seconds must be between 0 and 4294967295, got 4294967296");
    }

    @Test
    void mqttBackPressureMaxWaitLoadsAndIsChecked() throws Exception {
        assertThat(NodeConfig.defaults().mqttBackPressureMaxWaitMillis()).isEqualTo(10_000);
        assertThat(NodeConfigLoader.load(write("mqtt_port: 1884\n")).mqttBackPressureMaxWaitMillis())
                .isEqualTo(10_000);
        assertThat(NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: 250\n"))
                .mqttBackPressureMaxWaitMillis()).isEqualTo(250);
        assertThat(NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: 0\n"))
                .mqttBackPressureMaxWaitMillis()).isZero();
        assertThat(NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: 3600000\n"))
                .mqttBackPressureMaxWaitMillis()).isEqualTo(3_600_000);
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: -1\n")))
                .hasMessage("mqtt_back_pressure_max_wait_ms must be between 0 and 3600000, got -1");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: 3600001\n")))
                .hasMessage("mqtt_back_pressure_max_wait_ms must be between 0 and 3600000, got 3600001");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_back_pressure_max_wait_ms: soon\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid value for 'mqtt_back_pressure_max_wait_ms'");
    }

    @Test
    void anEmptyFileMeansTheDefaults() throws Exception {
        assertThat(NodeConfigLoader.load(write(""))).isEqualTo(NodeConfig.defaults());
    }

    @Test
    void unknownKeysBadValuesAndMissingFilesAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> NodeConfigLoader.load(write("native_transport_portt: 9043\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown configuration key 'native_transport_portt'");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("http_port: 99999\n")))
                .hasMessage("http_port must be between 0 and 65535, got 99999");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("commitlog_sync: sometimes\n")))
                .hasMessage("commitlog_sync must be periodic or group, got 'sometimes'");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("ring_buffer_size_mb: 3\n")))
                .hasMessage("ring_buffer_size_mb must be a power of two, got 3");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("mqtt_port: [1, 2]\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mqtt_port");
        assertThatThrownBy(() -> NodeConfigLoader.load(write("ingest: {auto_create_tabels: true}\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto_create_tabels");
        assertThatThrownBy(() -> NodeConfigLoader.load(directory.resolve("absent.yaml")))
                .hasMessageContaining("does not exist");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(directory, "almanac", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
