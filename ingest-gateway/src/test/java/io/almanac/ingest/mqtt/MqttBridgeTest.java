package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.NativeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MqttBridge} against a real Mosquitto broker started by the test, writing into the real engine. */
class MqttBridgeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final MqttTopicMapping DEVICES = MqttTopicMapping.fromConfig(0, Map.of(
            "topic", "devices/{device}/telemetry", "table", "iot.readings", "timestamp_field", "ts"));

    @TempDir
    Path directory;

    private MosquittoBroker broker;
    private EngineFixture fixture;
    private IngestGateway gateway;

    @BeforeEach
    void startBroker() throws Exception {
        assumeTrue(MosquittoBroker.isInstalled(), "mosquitto is not installed at " + MosquittoBroker.BINARY);
        broker = MosquittoBroker.start(directory.resolve("broker"));
        fixture = EngineFixture.open(directory.resolve("data"));
        gateway = new IngestGateway(fixture.engine, fixture.clock);
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void bridgedMessagesLandThroughMappingsAndAnUnmappableOneIsCountedAndAcknowledged() {
        try (MqttBridge bridge = startBridge(MqttBridgeConfig.MqttVersion.V5, "bridge-v5",
                List.of("devices/+/telemetry", "almanac/#"))) {
            publish("almanac/iot/readings", "{not json");
            publish("devices/dev-1/telemetry", "{\"ts\": 1000, \"value\": 1.5}");
            publish("almanac/iot/readings", "{\"device\": \"dev-2\", \"ts\": 2000, \"value\": 2.5}");

            Eventually.await(TIMEOUT, "rows of dev-1 and dev-2", () -> fixture.readings("dev-1").size() == 1
                    && fixture.readings("dev-2").size() == 1);
            assertThat(values(fixture.readings("dev-1"))).containsExactly(1.5);
            assertThat(values(fixture.readings("dev-2"))).containsExactly(2.5);
            Eventually.await(TIMEOUT, "three PUBACKs", () -> bridge.stats().messagesAcknowledged() == 3);
            assertThat(bridge.stats().messagesRefused()).isEqualTo(1);
            assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.MALFORMED_JSON)).isEqualTo(1);
            assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void aMessagePublishedWhileTheBridgeIsStoppedIsDeliveredAfterItRestarts() {
        for (MqttBridgeConfig.MqttVersion version : MqttBridgeConfig.MqttVersion.values()) {
            String device = "offline-" + version.configName();
            try (MqttBridge bridge = startBridge(version, "bridge-" + version, List.of("almanac/#"))) {
                assertThat(bridge.isConnected()).isTrue();
            }
            publish("almanac/iot/readings", "{\"device\": \"" + device + "\", \"ts\": 1, \"value\": 7.5}");
            try (MqttBridge restarted = startBridge(version, "bridge-" + version, List.of("almanac/#"))) {
                Eventually.await(TIMEOUT, "the queued message of " + device,
                        () -> fixture.readings(device).size() == 1);
                assertThat(values(fixture.readings(device))).containsExactly(7.5);
                Eventually.await(TIMEOUT, "its PUBACK", () -> restarted.stats().messagesAcknowledged() == 1);
            }
        }
    }

    @Test
    void theBridgeReconnectsAfterTheBrokerRestartsAndKeepsItsSharedSubscription() throws Exception {
        try (MqttBridge bridge = startBridge(MqttBridgeConfig.MqttVersion.V5, "bridge-shared",
                List.of("$share/almanac/almanac/#"))) {
            publish("almanac/iot/readings", "{\"device\": \"before\", \"ts\": 1, \"value\": 1.0}");
            Eventually.await(TIMEOUT, "the row before the restart", () -> fixture.readings("before").size() == 1);

            broker.restart();
            Eventually.await(TIMEOUT, "a second connection", () -> bridge.stats().connections() == 2
                    && bridge.isConnected());
            publish("almanac/iot/readings", "{\"device\": \"after\", \"ts\": 2, \"value\": 2.0}");
            Eventually.await(TIMEOUT, "the row after the restart", () -> fixture.readings("after").size() == 1);
            assertThat(values(fixture.readings("after"))).containsExactly(2.0);
        }
    }

    @Test
    void aFailedWriteIsNotAcknowledgedAndTheBrokerRedeliversItToTheNextSession() {
        try (MqttBridge bridge = startBridge(MqttBridgeConfig.MqttVersion.V5, "bridge-failing", List.of("almanac/#"))) {
            fixture.close(); // every write now fails
            publish("almanac/iot/readings", "{\"device\": \"redelivered\", \"ts\": 1, \"value\": 3.5}");
            Eventually.await(TIMEOUT, "a failed write retried", () -> bridge.stats().writeRetries() >= 2);
            assertThat(bridge.stats().messagesAcknowledged()).isZero();
            assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.WRITE_FAILED)).isPositive();
        }
        fixture = EngineFixture.open(directory.resolve("data-after"));
        gateway = new IngestGateway(fixture.engine, fixture.clock);
        try (MqttBridge restarted = startBridge(MqttBridgeConfig.MqttVersion.V5, "bridge-failing",
                List.of("almanac/#"))) {
            Eventually.await(TIMEOUT, "the redelivered row", () -> fixture.readings("redelivered").size() == 1);
            assertThat(values(fixture.readings("redelivered"))).containsExactly(3.5);
            Eventually.await(TIMEOUT, "its PUBACK", () -> restarted.stats().messagesAcknowledged() == 1);
        }
    }

    @Test
    void backPressuredRowsAreRetriedUntilEveryOneLandsBeforeThePubAck() {
        fixture.close();
        fixture = EngineFixture.openWithRingBuffer(directory.resolve("small-ring"), 4_096);
        gateway = new IngestGateway(fixture.engine, fixture.clock);
        String status = "s".repeat(150);
        try (MqttBridge bridge = startBridge(MqttBridgeConfig.MqttVersion.V5, "bridge-pressed", List.of("almanac/#"))) {
            for (int message = 0; message < 5; message++) {
                StringBuilder rows = new StringBuilder("[");
                for (int row = 0; row < 200; row++) {
                    rows.append(row == 0 ? "" : ", ").append("{\"device\": \"pressed\", \"ts\": ")
                            .append(message * 1_000 + row).append(", \"status\": \"").append(status).append("\"}");
                }
                publish("almanac/iot/readings", rows.append(']').toString());
            }
            Eventually.await(TIMEOUT, "five PUBACKs", () -> bridge.stats().messagesAcknowledged() == 5);
            assertThat(fixture.readings("pressed")).hasSize(1_000);
            assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(1_000);
            assertThat(gateway.metrics().snapshot().backPressureEvents()).isPositive();
            assertThat(bridge.stats().writeRetries()).isPositive();
        }
    }

    private MqttBridge startBridge(MqttBridgeConfig.MqttVersion version, String clientId, List<String> topics) {
        MqttBridgeConfig config = MqttBridgeConfig.of("127.0.0.1", broker.port, clientId, version, topics,
                List.of(DEVICES)).withReconnectDelays(50, 500);
        MqttBridge bridge = new MqttBridge(config, gateway);
        bridge.start();
        Eventually.await(TIMEOUT, "the bridge subscribed", bridge::isSubscribed);
        return bridge;
    }

    /** Publishes with QoS 1 from a separate client; returns after the broker's PUBACK. */
    private void publish(String topic, String payload) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("publisher")
                .serverHost("127.0.0.1").serverPort(broker.port).buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }

    private List<Double> values(List<Row> rows) {
        int value = fixture.readings.regularIndex("value");
        return rows.stream().map(row -> (Double) NativeType.DOUBLE.decode(row.cells()[value].value())).toList();
    }
}
