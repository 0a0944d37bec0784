package io.almanac.ingest.mqtt;

import static io.almanac.ingest.mqtt.Mqtt5IngestTest.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configured topic mappings end to end: HiveMQ's MQTT 5 client, loopback, the real storage engine. */
class TopicMappingTest {

    /** 2026-11-21T05:00:00Z. */
    private static final long T_MILLIS = EngineFixture.START_MICROS / 1_000;

    @TempDir
    Path dataDirectory;

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
    private EventLoops loops;
    private EngineFixture fixture;
    private MqttIngestServer server;
    /** sensor_data (site text, device_id text, ts timestamp, temperature double, humidity double,
     *  PRIMARY KEY ((site, device_id), ts)). */
    private final TableMetadata sensorData = TestTables.table("iot", "sensor_data", 0, List.of(
            TestTables.partitionKey("site", NativeType.TEXT, 0),
            TestTables.partitionKey("device_id", NativeType.TEXT, 1),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
            TestTables.regular("temperature", NativeType.DOUBLE),
            TestTables.regular("humidity", NativeType.DOUBLE)));
    /** metrics (device_id text, ts timestamp, metric text, value double, PRIMARY KEY ((device_id), ts, metric)). */
    private final TableMetadata metrics = TestTables.table("iot", "metrics", 0, List.of(
            TestTables.partitionKey("device_id", NativeType.TEXT, 0),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
            TestTables.clustering("metric", NativeType.TEXT, 1, ClusteringOrder.ASC),
            TestTables.regular("value", NativeType.DOUBLE)));

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        fixture.engine.createTable(sensorData, false);
        fixture.engine.createTable(metrics, false);
        IngestGateway gateway = fixture.gateway(line -> { });
        List<MqttTopicMapping> mappings = List.of(
                MqttTopicMapping.fromConfig(0, Map.of("topic", "sites/{site}/devices/{device_id}/telemetry",
                        "table", "iot.sensor_data", "fields", Map.of("temperature", "sensors.temp",
                                "humidity", "sensors.hum"), "timestamp_field", "time", "timestamp_unit", "s")),
                MqttTopicMapping.fromConfig(1, Map.of("topic", "narrow/{device_id}/#", "table", "iot.metrics",
                        "row_shape", "narrow", "timestamp_field", "at", "timestamp_unit", "us")),
                MqttTopicMapping.fromConfig(2, Map.of("topic", "influx/{site}/+", "table", "iot.sensor_data",
                        "payload_format", "line_protocol", "timestamp_unit", "ms")),
                MqttTopicMapping.fromConfig(3, Map.of("topic", "iso/{site}/{device_id}", "table",
                        "iot.sensor_data", "timestamp_field", "ts")));
        loops = new EventLoops();
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 64 * 1024).withTopicMappings(mappings),
                gateway, loops.parent, loops.child);
        server.start();
    }

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        server.close();
        loops.close();
        fixture.close();
    }

    @Test
    void capturesAndNestedFieldPathsFillAWideRowWithAnEpochSecondsTimestamp() {
        assertThat(reason(client(), "sites/north/devices/dev-1/telemetry", "[{\"time\": " + T_MILLIS / 1000
                + ", \"sensors\": {\"temp\": 21.5, \"hum\": 40}}, {\"time\": " + (T_MILLIS / 1000 + 1)
                + ", \"sensors\": {\"temp\": 22}}]")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        List<Row> rows = sensorRows("north", "dev-1");
        assertThat(rows).hasSize(2);
        assertThat(NativeType.TIMESTAMP.decode(rows.get(1).clustering().get(0)))
                .isEqualTo(Instant.ofEpochMilli(T_MILLIS));
        assertThat(NativeType.DOUBLE.decode(rows.get(1).cells()[0].value())).isEqualTo(21.5);
        assertThat(NativeType.DOUBLE.decode(rows.get(1).cells()[1].value())).isEqualTo(40.0);
        assertThat(rows.get(0).cells()[1]).as("humidity not given in the second object").isNull();
    }

    @Test
    void aNarrowMappingWritesOneRowPerLeafWithMicrosecondTimestamps() {
        assertThat(reason(client(), "narrow/dev-2/anything/below", "{\"at\": " + (T_MILLIS * 1000 + 999)
                + ", \"cpu\": 0.5, \"mem\": {\"used\": 7}}")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        List<Row> rows = fixture.read(metrics, "dev-2".getBytes(StandardCharsets.UTF_8), fixture.clock.nowSeconds());
        assertThat(rows).extracting(row -> NativeType.TEXT.decode(row.clustering().get(1)))
                .containsExactly("cpu", "mem.used");
        assertThat(rows).extracting(row -> NativeType.TIMESTAMP.decode(row.clustering().get(0)))
                .containsOnly(Instant.ofEpochMilli(T_MILLIS));
        assertThat(NativeType.DOUBLE.decode(rows.get(1).cells()[0].value())).isEqualTo(7.0);
    }

    @Test
    void aLineProtocolPayloadTakesTheCapturesAsTags() {
        assertThat(reason(client(), "influx/south/x", "m,device_id=dev-3 temperature=19.5 " + T_MILLIS + "\n"
                + "m,device_id=dev-3 temperature=20.5 " + (T_MILLIS + 5))).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        List<Row> rows = sensorRows("south", "dev-3");
        assertThat(rows).extracting(row -> NativeType.TIMESTAMP.decode(row.clustering().get(0)))
                
                .containsExactly(Instant.ofEpochMilli(T_MILLIS + 5), Instant.ofEpochMilli(T_MILLIS));
        assertThat(reason(client(), "influx/south/x", "m,device_id=dev-3 temperature=")).isEqualTo(
                Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void isoTimestampsArrivalTimeAndRefusals() {
        Mqtt5BlockingClient client = client();
        assertThat(reason(client, "iso/east/dev-4", "{\"ts\": \"2026-11-21T05:00:00.250Z\", \"temperature\": 1}"))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(NativeType.TIMESTAMP.decode(sensorRows("east", "dev-4").get(0).clustering().get(0)))
                .isEqualTo(Instant.ofEpochMilli(T_MILLIS + 250));
        assertThat(reason(client, "iso/east/dev-4", "{\"temperature\": 1}"))
                .as("the timestamp field is missing").isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(reason(client, "iso/east/dev-4", "{\"ts\": 1, \"colour\": \"red\"}"))
                .as("unknown column").isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(reason(client, "iso/east", "{}")).as("no mapping matches")
                .isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        assertThat(sensorRows("east", "dev-4")).hasSize(1);
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(4, Map.of("topic", "a/#/b", "table", "iot.x")))
                .hasMessage("mqtt_topic_mappings[4].topic: '#' must be the last level, in \"a/#/b\"");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("topic", "a/{id}/{id}", "table", "iot.x")))
                .hasMessageStartingWith("mqtt_topic_mappings[0].topic: capture {id} appears twice");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(1, Map.of("topic", "a/b{id}", "table", "iot.x")))
                .hasMessageStartingWith("mqtt_topic_mappings[1].topic: level \"b{id}\"");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("topic", "a", "table", "x")))
                .hasMessage("mqtt_topic_mappings[0].table: must be keyspace.table, got \"x\"");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("table", "iot.x")))
                .hasMessage("mqtt_topic_mappings[0].topic: is required");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("topic", "a", "table", "iot.x",
                "timestamp_unit", "minutes"))).hasMessage(
                "mqtt_topic_mappings[0].timestamp_unit: \"minutes\" is not one of [s, ms, us, ns]");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("topic", "a", "table", "iot.x",
                "colour", "red"))).hasMessageStartingWith("mqtt_topic_mappings[0].colour: unknown key");
        assertThatThrownBy(() -> MqttTopicMapping.fromConfig(0, Map.of("topic", "a", "table", "iot.x",
                "payload_format", "line_protocol", "row_shape", "narrow")))
                .hasMessageStartingWith("mqtt_topic_mappings[0].payload_format: line_protocol takes no row_shape");
    }

    @Test
    void topicFiltersMatchAsMqttDoes() {
        TopicFilter filter = TopicFilter.parse("a/{x}/+/#");
        assertThat(filter.match("a/1/2")).containsExactly(Map.entry("x", "1"));
        assertThat(filter.match("a/1/2/3/4")).containsEntry("x", "1");
        assertThat(filter.match("a/1")).isNull();
        assertThat(filter.match("b/1/2")).isNull();
        assertThat(TopicFilter.parse("+/x").match("$SYS/x")).isNull();
        assertThat(TopicFilter.parse("{d}").match("d1")).containsExactly(Map.entry("d", "d1"));
        assertThat(TopicFilter.parse("{d}").match("d1/x")).isNull();
    }

    private List<Row> sensorRows(String site, String device) {
        byte[] key = io.almanac.storage.partition.PartitionKeys.compose(new byte[][] {
                site.getBytes(StandardCharsets.UTF_8), device.getBytes(StandardCharsets.UTF_8)});
        return fixture.read(sensorData, key, fixture.clock.nowSeconds());
    }

    private Mqtt5BlockingClient client() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("mapped-" + clients.size())
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        clients.add(client);
        client.connect();
        return client;
    }
}
