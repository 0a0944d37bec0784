package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.IngestMetrics;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT ingest endpoint end to end: HiveMQ's client (and raw sockets), loopback, the real storage engine. */
class MqttIngestServerTest {

    static final String TOPIC = "almanac/iot/readings";
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    @TempDir
    Path dataDirectory;

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final List<Mqtt3BlockingClient> clients = new ArrayList<>();
    private EventLoops loops;
    private EngineFixture fixture;
    private IngestGateway gateway;
    private MqttIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        gateway = fixture.gateway(logLines::add);
        loops = new EventLoops();
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, MAX_MESSAGE_BYTES), gateway, loops.parent,
                loops.child);
        server.start();
    }

    @AfterEach
    void stop() {
        for (Mqtt3BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        server.close();
        loops.close();
        fixture.close();
    }

    @Test
    void qos0IsWrittenWithoutAnAnswer() {
        client("q0").publishWith().topic(TOPIC).qos(MqttQos.AT_MOST_ONCE)
                .payload(bytes("{\"device\": \"q0\", \"ts\": 1, \"value\": 1.5}")).send();

        Eventually.await(Duration.ofSeconds(10), "the QoS 0 row", () -> fixture.readings("q0").size() == 1);
        assertThat(NativeType.DOUBLE.decode(fixture.readings("q0").get(0).cells()[0].value())).isEqualTo(1.5);
    }

    @Test
    void qos1IsAcknowledgedOnlyAfterTheWrite() {
        Mqtt3BlockingClient client = client("q1");
        for (int i = 0; i < 20; i++) {
            client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("[{\"device\": \"q1\", \"ts\": " + i + "},"
                            + " {\"device\": \"q1-" + i + "\", \"ts\": 0}]"))
                    .send();
            // send() returned: the PUBACK arrived, so the rows are committed and readable, no waiting
            assertThat(fixture.readings("q1")).hasSize(i + 1);
            assertThat(fixture.readings("q1-" + i)).hasSize(1);
        }
        assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(40);
        assertThat(gateway.metrics().snapshot().mqttPublishes()).isEqualTo(20);
    }

    @Test
    void aConnectionsCachedTopicFollowsTheSchemaWhenItsTableIsDroppedAndCreatedAgain() {
        Mqtt3BlockingClient client = client("cached");
        String topic = "almanac/iot/later";
        publish(client, topic, "{\"device\": \"c\", \"ts\": 1, \"value\": 1.5}");
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.UNKNOWN_TABLE)).isEqualTo(1);

        TableMetadata first = TestTables.table("iot", "later", 0, List.of(TestTables.partitionKey("device",
                NativeType.TEXT, 0), TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.ASC),
                TestTables.regular("value", NativeType.DOUBLE)));
        fixture.engine.createTable(first, false);
        for (int i = 0; i < 3; i++) {
            publish(client, topic, "{\"device\": \"c\", \"ts\": " + i + ", \"value\": 1.5}");
        }
        assertThat(fixture.read(first, bytes("c"), 0)).hasSize(3);

        fixture.engine.dropTable("iot", "later", false);
        TableMetadata second = TestTables.table("iot", "later", 0, List.of(TestTables.partitionKey("device",
                NativeType.TEXT, 0), TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.ASC),
                TestTables.regular("reading", NativeType.BIGINT)));
        fixture.engine.createTable(second, false);
        publish(client, topic, "{\"device\": \"c\", \"ts\": 7, \"reading\": 42}");
        publish(client, topic, "{\"device\": \"c\", \"ts\": 8, \"value\": 1.5}");

        List<Row> rows = fixture.read(second, bytes("c"), 0);
        assertThat(rows).hasSize(1);
        assertThat(NativeType.BIGINT.decode(rows.get(0).cells()[0].value())).isEqualTo(42L);
        IngestMetrics.Snapshot metrics = gateway.metrics().snapshot();
        assertThat(metrics.rowsRejected(RejectReason.UNKNOWN_COLUMN)).as("the old table's column").isEqualTo(1);
        assertThat(metrics.rowsRejected(RejectReason.WRITE_REJECTED)).isZero();
        assertThat(metrics.rowsAccepted()).isEqualTo(4);
    }

    private static void publish(Mqtt3BlockingClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payload)).send();
    }

    @Test
    void pipelinedQos1PublishesAcrossShardsAreAcknowledgedOncePerMessageInArrivalOrder() throws Exception {
        int messages = 500;
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("pipelined", 4, 60);
            assertThat(raw.read().body()).containsExactly(0, 0);
            for (int i = 1; i <= messages; i++) {
                raw.publish(TOPIC, i % 5 == 0 ? 0 : 1, i, false, "[{\"device\": \"p" + (i % 37) + "\", \"ts\": "
                        + i + "}, {\"device\": \"p" + (i % 11) + "\", \"ts\": " + (10_000 + i) + "}]");
            }
            List<Integer> acknowledged = new ArrayList<>();
            for (int i = 1; i <= messages; i++) {
                if (i % 5 != 0) {
                    RawMqttConnection.Packet pubAck = raw.read();
                    assertThat(pubAck.type()).isEqualTo(4);
                    acknowledged.add(pubAck.packetId());
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= messages; i++) {
                if (i % 5 != 0) {
                    expected.add(i);
                }
            }
            assertThat(acknowledged).as("one PUBACK per QoS 1 PUBLISH, in arrival order").isEqualTo(expected);
        }
        Eventually.await(Duration.ofSeconds(10), "every row counted",
                () -> gateway.metrics().snapshot().rowsAccepted() == 2L * messages);
        int rows = 0;
        for (int device = 0; device < 37; device++) {
            rows += fixture.readings("p" + device).size();
        }
        assertThat(rows).isEqualTo(2 * messages);
    }

    @Test
    void qos2IsWrittenBeforePubrecAndCompletedByPubcomp() {
        client("q2").publishWith().topic(TOPIC).qos(MqttQos.EXACTLY_ONCE)
                .payload(bytes("{\"device\": \"q2\", \"ts\": 1}")).send();

        assertThat(fixture.readings("q2")).hasSize(1);
    }

    @Test
    void aDuplicateQos2PublishIsAcknowledgedButNotWrittenTwice() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("dup", 4, 60);
            assertThat(raw.read().body()).containsExactly(0, 0);
            raw.publish(TOPIC, 2, 7, false, "{\"device\": \"dup\", \"ts\": 1}");
            RawMqttConnection.Packet pubRec = raw.read();
            assertThat(pubRec.type()).isEqualTo(5);
            assertThat(pubRec.packetId()).isEqualTo(7);
            long firstWriteMicros = fixture.readings("dup").get(0).marker().timestampMicros();

            raw.publish(TOPIC, 2, 7, true, "{\"device\": \"dup\", \"ts\": 1}");
            RawMqttConnection.Packet again = raw.read();
            assertThat(again.type()).isEqualTo(5);
            assertThat(again.packetId()).isEqualTo(7);
            raw.pubRel(7);
            RawMqttConnection.Packet pubComp = raw.read();
            assertThat(pubComp.type()).isEqualTo(7);
            assertThat(pubComp.packetId()).isEqualTo(7);

            assertThat(fixture.readings("dup").get(0).marker().timestampMicros()).isEqualTo(firstWriteMicros);
            assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(1);
            assertThat(gateway.metrics().snapshot().mqttPublishes()).isEqualTo(2);

            raw.publish(TOPIC, 2, 7, false, "{\"device\": \"dup\", \"ts\": 2}");
            assertThat(raw.read().type()).as("the id is free again after PUBCOMP").isEqualTo(5);
            assertThat(fixture.readings("dup")).hasSize(2);
        }
    }

    @Test
    void badTopicsAndPayloadsAreCountedLoggedAndAcknowledgedWhileOthersKeepPublishing() {
        Mqtt3BlockingClient faulty = client("faulty");
        Mqtt3BlockingClient healthy = client("healthy");
        List<String> bad = List.of("sensors/1", "almanac/iot/nope", TOPIC, TOPIC, "sensors/2");
        List<String> payloads = List.of("{}", "{}", "{\"device\": \"f\", \"ts\": \"yesterday\"}", "not json", "{}");
        for (int i = 0; i < bad.size(); i++) {
            faulty.publishWith().topic(bad.get(i)).qos(i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE)
                    .payload(bytes(payloads.get(i))).send();
            healthy.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("{\"device\": \"h\", \"ts\": " + i + "}")).send();
        }
        faulty.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"f\", \"ts\": 9}"))
                .send();

        assertThat(fixture.readings("h")).hasSize(5);
        assertThat(fixture.readings("f")).hasSize(1);
        IngestMetrics.Snapshot metrics = gateway.metrics().snapshot();
        assertThat(metrics.rowsRejected(RejectReason.BAD_TOPIC)).isEqualTo(2);
        assertThat(metrics.rowsRejected(RejectReason.UNKNOWN_TABLE)).isEqualTo(1);
        assertThat(metrics.rowsRejected(RejectReason.INVALID_VALUE)).isEqualTo(1);
        assertThat(metrics.rowsRejected(RejectReason.MALFORMED_JSON)).isEqualTo(1);
        assertThat(metrics.rowsAccepted()).isEqualTo(6);
        assertThat(logLines).hasSize(4).anySatisfy(line -> assertThat(line).isEqualTo(
                "MQTT payload refused (bad_topic): topic \"sensors/1\" is not almanac/{keyspace}/{table}"
                        + " [1 refusal for this reason since the last line]"))
                .anySatisfy(line -> assertThat(line).contains("(invalid_value): topic \"almanac/iot/readings\": row 0,"
                        + " column \"ts\", expected an ISO-8601 timestamp or epoch milliseconds, got \"yesterday\""))
                .anySatisfy(line -> assertThat(line).contains("(unknown_table): topic \"almanac/iot/nope\":"
                        + " table nope does not exist"));
    }

    @Test
    void subscriptionsAreRefusedAndTheConnectionStaysUsable() {
        Mqtt3BlockingClient client = client("sub");
        assertThatThrownBy(() -> client.subscribeWith().topicFilter("almanac/#").qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOf(Mqtt3SubAckException.class);
        client.unsubscribeWith().topicFilter("almanac/#").send();
        client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"s\", \"ts\": 1}"))
                .send();
        assertThat(fixture.readings("s")).hasSize(1);
    }

    @Test
    void otherProtocolLevelsAreRefusedWithConnack1() throws Exception {
        for (int level : new int[] {3, 6}) {
            try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
                raw.connect("v" + level, level, 60);
                RawMqttConnection.Packet connAck = raw.read();
                assertThat(connAck.header()).isEqualTo(0x20);
                assertThat(connAck.body()).as("level %d", level).containsExactly(0x00, 0x01);
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        assertThat(gateway.metrics().snapshot().mqttConnections()).isZero();
    }

    @Test
    void usernameAndPasswordAreAcceptedForNow() {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier("auth")
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        clients.add(client);
        client.connectWith().simpleAuth().username("device").password(bytes("secret")).applySimpleAuth().send();
        client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"u\", \"ts\": 1}"))
                .send();
        assertThat(fixture.readings("u")).hasSize(1);
    }

    @Test
    void pingreqIsAnsweredAndASilentConnectionIsClosedAfterOneAndAHalfKeepAlives() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("idle", 4, 1);
            assertThat(raw.read().body()).containsExactly(0, 0);
            raw.pingReq();
            RawMqttConnection.Packet pingResp = raw.read();
            assertThat(pingResp.header()).isEqualTo(0xD0);
            assertThat(pingResp.body()).isEmpty();
            assertThat(raw.closedByServer()).as("closed within the 10 s socket timeout").isTrue();
        }
    }

    @Test
    void aMalformedPacketClosesOnlyThatConnection() throws Exception {
        Mqtt3BlockingClient healthy = client("healthy");
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("broken", 4, 60);
            assertThat(raw.read().body()).containsExactly(0, 0);
            raw.sendRaw(new byte[] {0x36, 0x02, 0x00, 0x00}); // PUBLISH with QoS 3: malformed
            assertThat(raw.closedByServer()).isTrue();
        }
        healthy.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"m\", \"ts\": 1}"))
                .send();
        assertThat(fixture.readings("m")).hasSize(1);
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void aPacketOverTheSizeLimitClosesTheConnection() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("big", 4, 60);
            assertThat(raw.read().body()).containsExactly(0, 0);
            raw.publish(TOPIC, 1, 1, false, "{\"device\": \"big\", \"status\": \"" + "x".repeat(MAX_MESSAGE_BYTES)
                    + "\", \"ts\": 1}");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(fixture.readings("big")).isEmpty();
    }

    @Test
    void aFailedWriteIsNotAcknowledgedAndTheConnectionIsClosedForRedelivery() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("unlucky", 4, 60);
            assertThat(raw.read().body()).containsExactly(0, 0);
            fixture.engine.close();
            raw.publish(TOPIC, 1, 3, false, "{\"device\": \"lost\", \"ts\": 1}");
            assertThat(raw.closedByServer()).as("closed without a PUBACK").isTrue();
        }
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.WRITE_FAILED)).isEqualTo(1);
        assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith("MQTT payload refused (write_failed)"));
    }

    @Test
    void aConnectionThatNeverSendsConnectIsClosed() throws Exception {
        MqttIngestServer impatient = new MqttIngestServer(new MqttIngestConfig("127.0.0.1", 0, MAX_MESSAGE_BYTES,
                200, MqttIngestConfig.DEFAULT_BACK_PRESSURE_RETRY_MILLIS), gateway, loops.parent, loops.child);
        impatient.start();
        try (RawMqttConnection raw = new RawMqttConnection(impatient.boundPort())) {
            assertThat(raw.closedByServer()).as("closed after the 200 ms connect timeout").isTrue();
        } finally {
            impatient.close();
        }
    }

    @Test
    void anythingBeforeConnectClosesTheConnection() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.publish(TOPIC, 0, 0, false, "{\"device\": \"early\", \"ts\": 1}");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(fixture.readings("early")).isEmpty();
    }

    private Mqtt3BlockingClient client(String identifier) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(identifier)
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        clients.add(client);
        client.connect();
        return client;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
