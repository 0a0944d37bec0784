package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic mapping from the node's configuration: a device publishes its own JSON to {@code devices/dev-1/telemetry}
 * with Debian's {@code mosquitto_pub} (MQTT 5), the device id comes from the topic, and each payload field becomes a
 * row of a narrow table that CQL reads back.
 */
class MqttTopicMappingEndToEndTest {

    @TempDir
    Path dataDirectory;

    @Test
    void devicesPublishToTheirOwnTopicAndRowsLandInTheMappedTable() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")) || System.getenv("CI") != null,
                "mosquitto_pub is not installed (apt-get install mosquitto-clients); .ci/run installs it");
        NodeConfig config = NodeConfigLoader.override(TestNode.configFor(dataDirectory), Map.of(
                "mqtt_topic_mappings", List.of(Map.of("topic", "devices/{device_id}/telemetry",
                        "table", "iot.readings", "payload_format", "json", "row_shape", "narrow",
                        "timestamp_field", "ts", "timestamp_unit", "ms"))));
        try (TestNode node = TestNode.start(config); CqlSession session = node.session()) {
            session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE iot.readings (device_id text, ts timestamp, metric text, value double,"
                    + " PRIMARY KEY (device_id, ts, metric))");
            Process publish = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1",
                    "-p", Integer.toString(node.mqttPort()), "-V", "mqttv5", "-q", "1",
                    "-t", "devices/dev-1/telemetry", "-m", "{\"ts\": 1795255200000, \"temp\": 21.5, \"rh\": 40}")
                    .redirectErrorStream(true).start();
            assertThat(publish.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(publish.exitValue()).as(new String(publish.getInputStream().readAllBytes())).isZero();

            List<Row> rows = session.execute("SELECT metric, value FROM iot.readings WHERE device_id = 'dev-1'").all();
            assertThat(rows).extracting(r -> r.getString("metric") + "=" + r.getDouble("value"))
                    .containsExactly("rh=40.0", "temp=21.5");
        }
    }
}
