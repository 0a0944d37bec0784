package io.almanac.ingest.mqtt;

import static io.almanac.ingest.mqtt.MqttIngestServerTest.TOPIC;
import static io.almanac.ingest.mqtt.MqttIngestServerTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.schema.NativeType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT 5.0 on the ingest endpoint: HiveMQ's MQTT 5 client (and raw sockets), loopback, the real storage engine. */
class Mqtt5IngestTest {

    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    @TempDir
    Path dataDirectory;

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
    private EventLoops loops;
    private EngineFixture fixture;
    private IngestGateway gateway;
    private MqttIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, MAX_MESSAGE_BYTES), gateway, loops.parent,
                loops.child);
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
    void connackAnnouncesTheLimitsAndCapsTheSessionExpiry() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(server.boundPort()).buildBlocking();
        clients.add(client);
        Mqtt5ConnAck connAck = client.connectWith().cleanStart(false).sessionExpiryInterval(10 * 86_400).send();

        assertThat(connAck.isSessionPresent()).isFalse();
        assertThat(connAck.getSessionExpiryInterval())
                .hasValue(MqttIngestConfig.DEFAULT_MAX_SESSION_EXPIRY_SECONDS);
        assertThat(connAck.getAssignedClientIdentifier()).isPresent();
        assertThat(connAck.getRestrictions().getMaximumPacketSize()).isEqualTo(MAX_MESSAGE_BYTES);
        assertThat(connAck.getRestrictions().getReceiveMaximum())
                .isEqualTo(MqttIngestConfig.DEFAULT_RECEIVE_MAXIMUM);
        assertThat(connAck.getRestrictions().getTopicAliasMaximum()).isZero();
        assertThat(connAck.getRestrictions().isWildcardSubscriptionAvailable()).isFalse();
        assertThat(connAck.getRestrictions().isSharedSubscriptionAvailable()).isFalse();
        assertThat(connAck.getRestrictions().areSubscriptionIdentifiersAvailable()).isFalse();
    }

    @Test
    void qos0AndQos1AreWrittenAndQos1AcknowledgedWithSuccess() {
        Mqtt5BlockingClient client = client("v5");
        client.publishWith().topic(TOPIC).qos(MqttQos.AT_MOST_ONCE)
                .payload(bytes("{\"device\": \"v5-0\", \"ts\": 1, \"value\": 2.5}")).send();
        Mqtt5PubAck pubAck = pubAck(client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"device\": \"v5-1\", \"ts\": 1}")).send());

        assertThat(pubAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(fixture.readings("v5-1")).hasSize(1);
        Eventually.await(Duration.ofSeconds(10), "the QoS 0 row", () -> fixture.readings("v5-0").size() == 1);
        assertThat(NativeType.DOUBLE.decode(fixture.readings("v5-0").get(0).cells()[0].value())).isEqualTo(2.5);
    }

    @Test
    void refusedPublishesCarryTheirReasonCodeAndTheConnectionStaysUsable() {
        Mqtt5BlockingClient client = client("refused");
        assertThat(reason(client, "sensors/1", "{}")).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        assertThat(reason(client, "almanac/iot/nope", "{}")).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        assertThat(reason(client, TOPIC, "not json")).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(reason(client, TOPIC, "{\"device\": \"r\", \"ts\": \"yesterday\"}"))
                .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(reason(client, TOPIC, "{\"device\": \"r\", \"ts\": 1}")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        assertThat(fixture.readings("r")).hasSize(1);
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.BAD_TOPIC)).isEqualTo(1);
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.UNKNOWN_TABLE)).isEqualTo(1);
    }

    @Test
    void subscriptionsAreRefusedWithTheMostPreciseReasonCode() {
        Mqtt5BlockingClient client = client("sub");
        List<Mqtt5SubAckReasonCode> codes = new ArrayList<>();
        for (String filter : List.of("almanac/#", "almanac/+/readings", "$share/group/almanac/x", "almanac/x")) {
            assertThatThrownBy(() -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class,
                            e -> codes.addAll(e.getMqttMessage().getReasonCodes()));
        }
        assertThat(codes).containsExactly(Mqtt5SubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
                Mqtt5SubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
                Mqtt5SubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, Mqtt5SubAckReasonCode.UNSPECIFIED_ERROR);
        assertThat(reason(client, TOPIC, "{\"device\": \"s\", \"ts\": 1}")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    @Test
    void aPacketOverTheMaximumPacketSizeIsAnsweredWithDisconnect0x95() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("big", 5, 60);
            assertThat(raw.read().header()).isEqualTo(0x20);
            raw.sendRaw(new byte[] {0x32, (byte) 0xFF, (byte) 0xFF, 0x7F}); // PUBLISH of 2 MiB - 1 announced
            RawMqttConnection.Packet disconnect = raw.read();
            assertThat(disconnect.header()).isEqualTo(0xE0);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x95);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void aProtocolErrorIsAnsweredWithDisconnect0x82() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("twice", 5, 60);
            assertThat(raw.read().header()).isEqualTo(0x20);
            raw.connect("twice", 5, 60);
            RawMqttConnection.Packet disconnect = raw.read();
            assertThat(disconnect.header()).isEqualTo(0xE0);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x82);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void mqtt311StillRefusesUnknownLevelsButAcceptsLevel5() throws Exception {
        try (RawMqttConnection raw = new RawMqttConnection(server.boundPort())) {
            raw.connect("five", 5, 60);
            RawMqttConnection.Packet connAck = raw.read();
            assertThat(connAck.header()).isEqualTo(0x20);
            assertThat(connAck.body()[0]).isZero();
            assertThat(connAck.body()[1]).as("reason code success").isZero();
        }
    }

    /** @return the PUBACK's reason code; the blocking client reports an error code as a Mqtt5PubAckException */
    static Mqtt5PubAckReasonCode reason(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            return pubAck(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payload))
                    .send()).getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static Mqtt5PubAck pubAck(Mqtt5PublishResult result) {
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck();
    }

    private Mqtt5BlockingClient client(String identifier) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(identifier)
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        clients.add(client);
        client.connect();
        return client;
    }
}
