package io.almanac.ingest.mqtt;

import static io.almanac.ingest.mqtt.MqttIngestServerTest.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.almanac.storage.schema.NativeType;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent MQTT sessions end to end (issue 5): session present on resume, expiry on the gateway's manual clock,
 * take-over by a second connection with the same client id, QoS 2 state and QoS 1 redelivery across reconnects.
 * HiveMQ's clients where they can express the case, raw packets where they cannot.
 */
class MqttPersistentSessionTest {

    @TempDir
    Path dataDirectory;

    private EventLoops loops;
    private EngineFixture fixture;
    private MqttSessions sessions;
    private MqttIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        IngestGateway gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        sessions = new MqttSessions(fixture.clock, 100);
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 1 << 16), gateway, sessions,
                loops.parent, loops.child, NioServerSocketChannel.class);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        loops.close();
        fixture.close();
    }

    @Test
    void mqtt3SessionWithoutCleanSessionIsResumed() {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier("persistent-3")
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
        client.disconnect();
        assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
        client.disconnect();
        assertThat(client.connectWith().cleanSession(true).send().isSessionPresent()).isFalse();
        client.disconnect();
        Eventually.await(Duration.ofSeconds(10), "the clean session ended", () -> !sessions.hasSession("persistent-3"));
    }

    @Test
    void mqtt5SessionLastsItsExpiryIntervalOnTheNodeClock() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("persistent-5")
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                .isFalse();
        client.disconnect();
        awaitStored(1);
        fixture.clock.advanceSeconds(59);
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                .isTrue();
        client.disconnect();
        awaitStored(1);
        fixture.clock.advanceSeconds(60);
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                .isFalse();
        client.disconnectWith().sessionExpiryInterval(0).send();
        Eventually.await(Duration.ofSeconds(10), "DISCONNECT's expiry 0 ended the session",
                () -> !sessions.hasSession("persistent-5"));
        assertThat(sessions.storedSessions()).isZero();
    }

    @Test
    void aSecondConnectWithTheSameClientIdTakesOverWithDisconnect0x8E() throws Exception {
        try (RawMqttConnection first = new RawMqttConnection(server.boundPort())) {
            first.connect("twin", 5, 0);
            assertThat(first.read().type()).isEqualTo(2);
            Mqtt5BlockingClient second = MqttClient.builder().useMqttVersion5().identifier("twin")
                    .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
            second.connect();
            RawMqttConnection.Packet disconnect = first.read();
            assertThat(disconnect.type()).isEqualTo(14);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x8E);
            assertThat(first.closedByServer()).isTrue();
            assertThat(second.getState().isConnected()).isTrue();
            second.disconnect();
        }
        try (RawMqttConnection first = new RawMqttConnection(server.boundPort());
             RawMqttConnection second = new RawMqttConnection(server.boundPort())) {
            first.connect("twin-3", 4, 0);
            assertThat(first.read().type()).isEqualTo(2);
            second.connect("twin-3", 4, 0);
            assertThat(second.read().type()).isEqualTo(2);
            assertThat(first.closedByServer()).as("MQTT 3.1.1: closed without a DISCONNECT").isTrue();
        }
    }

    @Test
    void qos2StateSurvivesAReconnectSoTheRedeliveryIsNotWrittenTwice() throws Exception {
        try (RawMqttConnection first = new RawMqttConnection(server.boundPort())) {
            first.sendRaw(RawMqttConnection.connectPacket("q2", 4, 0, false, null, null));
            assertThat(first.read().body()).containsExactly(0x00, 0x00);
            first.publish(TOPIC, 2, 7, false, "{\"device\": \"q2\", \"ts\": 1, \"value\": 1.5}");
            RawMqttConnection.Packet pubRec = first.read();
            assertThat(pubRec.type()).isEqualTo(5);
            assertThat(pubRec.packetId()).isEqualTo(7);
        } // the connection drops before PUBREL
        awaitStored(1);
        try (RawMqttConnection second = new RawMqttConnection(server.boundPort())) {
            second.sendRaw(RawMqttConnection.connectPacket("q2", 4, 0, false, null, null));
            assertThat(second.read().body()).as("session present").containsExactly(0x01, 0x00);
            second.publish(TOPIC, 2, 7, true, "{\"device\": \"q2\", \"ts\": 2, \"value\": 9.5}");
            assertThat(second.read().packetId()).isEqualTo(7);
            second.pubRel(7);
            RawMqttConnection.Packet pubComp = second.read();
            assertThat(pubComp.type()).isEqualTo(7);
            assertThat(fixture.readings("q2")).as("the redelivery was not written again").hasSize(1);

            second.publish(TOPIC, 2, 7, false, "{\"device\": \"q2\", \"ts\": 3, \"value\": 3.5}");
            assertThat(second.read().type()).as("a new exchange after the release").isEqualTo(5);
        }
        assertThat(fixture.readings("q2")).extracting(row -> NativeType.DOUBLE.decode(
                row.cells()[fixture.readings.regularIndex("value")].value())).containsExactly(3.5, 1.5);
    }

    @Test
    void qos1RedeliveredWithDupAfterAReconnectIsWrittenAndAcknowledged() throws Exception {
        try (RawMqttConnection first = new RawMqttConnection(server.boundPort())) {
            first.sendRaw(RawMqttConnection.connectPacket("q1", 4, 0, false, null, null));
            assertThat(first.read().type()).isEqualTo(2);
            first.publish(TOPIC, 1, 5, false, "{\"device\": \"q1\", \"ts\": 1}");
        } // closed without waiting for the PUBACK: the client must redeliver
        awaitStored(1);
        try (RawMqttConnection second = new RawMqttConnection(server.boundPort())) {
            second.sendRaw(RawMqttConnection.connectPacket("q1", 4, 0, false, null, null));
            assertThat(second.read().body()).containsExactly(0x01, 0x00);
            second.publish(TOPIC, 1, 5, true, "{\"device\": \"q1\", \"ts\": 1}");
            RawMqttConnection.Packet pubAck = second.read();
            assertThat(pubAck.type()).isEqualTo(4);
            assertThat(pubAck.packetId()).isEqualTo(5);
        }
        assertThat(fixture.readings("q1")).hasSize(1);
    }

    private void awaitStored(int stored) {
        Eventually.await(Duration.ofSeconds(10), stored + " stored session(s)",
                () -> sessions.storedSessions() == stored);
    }
}
