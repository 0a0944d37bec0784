package io.almanac.ingest.mqtt;

import static io.almanac.ingest.mqtt.MqttIngestServerTest.TOPIC;
import static io.almanac.ingest.mqtt.MqttIngestServerTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.auth.TestAuthenticator;
import io.almanac.ingest.mapping.RejectReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONNECT credentials and table permissions on the MQTT endpoint (issue 5): HiveMQ's MQTT 3 and 5 clients and raw
 * packets on loopback, the real storage engine, an authenticator answering off the event loop. Role alice may write
 * iot.readings only.
 */
class MqttAuthenticationTest {

    private static final String FORBIDDEN_TOPIC = "almanac/iot/every_type";

    @TempDir
    Path dataDirectory;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private EventLoops loops;
    private EngineFixture fixture;
    private TestAuthenticator authenticator;
    private IngestGateway gateway;
    private MqttIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        authenticator = new TestAuthenticator(Map.of("alice", "s3cret"), Map.of("alice", Set.of("iot.readings")));
        gateway = fixture.gateway(logLines::add, authenticator);
        loops = new EventLoops();
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 1 << 16), gateway, loops.parent,
                loops.child);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        loops.close();
        authenticator.close();
        fixture.close();
    }

    @Test
    void mqtt3AcceptsTheRightCredentialsAndRefusesOthersWithTheirReturnCodes() {
        Mqtt3BlockingClient alice = mqtt3("alice-3");
        alice.connectWith().simpleAuth().username("alice").password(bytes("s3cret")).applySimpleAuth().send();
        alice.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"a3\", \"ts\": 1}"))
                .send();
        alice.disconnect();
        assertThat(fixture.readings("a3")).hasSize(1);

        assertThatThrownBy(() -> mqtt3("wrong-3").connectWith().simpleAuth().username("alice")
                .password(bytes("nope")).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage()
                        .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
        assertThatThrownBy(() -> mqtt3("anonymous-3").connect())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage()
                        .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.BAD_CREDENTIALS)).isEqualTo(2);
        assertThat(logLines).anyMatch(line -> line.contains("bad_credentials") && line.contains("incorrect"));
    }

    @Test
    void mqtt5RefusesWithReasonCodes() {
        assertThatThrownBy(() -> mqtt5("wrong-5").connectWith().simpleAuth().username("mallory")
                .password(bytes("s3cret")).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
                    assertThat(e.getMqttMessage().getReasonString().map(Object::toString))
                            .hasValueSatisfying(reason -> assertThat(reason).contains("mallory"));
                });
        assertThatThrownBy(() -> mqtt5("anonymous-5").connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage()
                        .getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void mqtt5PublishToATableTheRoleMayNotModifyIsRefusedWithNotAuthorized() {
        Mqtt5BlockingClient alice = mqtt5("alice-5");
        alice.connectWith().simpleAuth().username("alice").password(bytes("s3cret")).applySimpleAuth().send();
        assertThatThrownBy(() -> alice.publishWith().topic(FORBIDDEN_TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"id\": 1, \"c_int\": 5}")).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage()
                        .getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        alice.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"a5\", \"ts\": 1}"))
                .send();
        alice.disconnect();

        assertThat(fixture.readings("a5")).hasSize(1);
        assertThat(everyTypeRow(1)).isEmpty();
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.NOT_AUTHORIZED)).isEqualTo(1);
        assertThat(logLines).anyMatch(line -> line.contains("not_authorized") && line.contains("iot.every_type"));
    }

    @Test
    void mqtt3PublishToATableTheRoleMayNotModifyClosesTheConnection() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.sendRaw(RawMqttConnection.connectPacket("raw-3", 4, 0, true, "alice", "s3cret"));
            assertThat(raw.read().body()).containsExactly(0x00, 0x00);
            raw.publish(FORBIDDEN_TOPIC, 1, 9, false, "{\"id\": 2, \"c_int\": 5}");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(everyTypeRow(2)).isEmpty();
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.NOT_AUTHORIZED)).isEqualTo(1);
    }

    /** A PUBLISH sent right behind its CONNECT, in one TCP write, waits for the credentials check. */
    @Test
    void noPublishIsProcessedBeforeTheConnack() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.sendRaw(concat(RawMqttConnection.connectPacket("eager", 4, 0, true, "alice", "wrong"),
                    RawMqttConnection.publishPacket(TOPIC, 1, 1, false, "{\"device\": \"eager\", \"ts\": 1}")));
            RawMqttConnection.Packet connAck = raw.read();
            assertThat(connAck.type()).isEqualTo(2);
            assertThat(connAck.body()).containsExactly(0x00, 0x04);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(fixture.readings("eager")).isEmpty();

        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.sendRaw(concat(RawMqttConnection.connectPacket("eager", 4, 0, true, "alice", "s3cret"),
                    RawMqttConnection.publishPacket(TOPIC, 1, 2, false, "{\"device\": \"eager\", \"ts\": 2}")));
            assertThat(raw.read().type()).as("CONNACK first").isEqualTo(2);
            RawMqttConnection.Packet pubAck = raw.read();
            assertThat(pubAck.type()).isEqualTo(4);
            assertThat(pubAck.packetId()).isEqualTo(2);
        }
        assertThat(fixture.readings("eager")).hasSize(1);
    }

    private List<?> everyTypeRow(int id) {
        return fixture.read(fixture.everyType, ByteBuffer.allocate(4).putInt(id).array(), fixture.clock.nowSeconds());
    }

    private Mqtt3BlockingClient mqtt3(String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(server.boundPort()).buildBlocking();
    }

    private Mqtt5BlockingClient mqtt5(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(server.boundPort()).buildBlocking();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
