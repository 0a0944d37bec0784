package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site that already runs Mosquitto feeds Almanac through the bridge (issue 5): the node subscribes to the broker
 * named in {@code mqtt_bridge}, a device publishes to the broker with {@code mosquitto_pub}, and CQL reads the row.
 */
class MqttBridgeEndToEndTest {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void rowsPublishedToAnExistingBrokerLandInTheNode() throws Exception {
        assumeTrue(Files.isExecutable(MOSQUITTO) || System.getenv("CI") != null,
                "mosquitto is not installed (apt-get install mosquitto); .ci/run installs it");
        Process broker = null;
        try {
            int brokerPort = 0;
            for (int attempt = 0; attempt < 5 && broker == null; attempt++) {
                brokerPort = freePort();
                Path conf = directory.resolve("mosquitto-" + attempt + ".conf");
                Files.writeString(conf, "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\n");
                Process started = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
                broker = awaitListening(started, brokerPort) ? started : null;
            }
            assertThat(broker).as("mosquitto started").isNotNull();
            NodeConfig config = NodeConfigLoader.override(TestNode.configFor(directory.resolve("data")), Map.of(
                    "mqtt_topic_mappings", List.of(Map.of("topic", "sites/{site}/{device_id}",
                            "table", "iot.readings", "payload_format", "json", "row_shape", "narrow",
                            "timestamp_field", "ts", "timestamp_unit", "s")),
                    "mqtt_bridge", Map.of("host", "127.0.0.1", "port", brokerPort, "client_id", "almanac-test",
                            "topics", List.of("sites/#"))));
            try (TestNode node = TestNode.start(config); CqlSession session = node.session()) {
                session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy',"
                        + " 'replication_factor': 1}");
                session.execute("CREATE TABLE iot.readings (site text, device_id text, ts timestamp, metric text,"
                        + " value double, PRIMARY KEY ((site, device_id), ts, metric))");
                String select = "SELECT metric, value FROM iot.readings WHERE site = 'plant-7' AND device_id = 'd1'";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (session.execute(select).all().isEmpty() && System.nanoTime() < deadline) {
                    Process publish = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p",
                            Integer.toString(brokerPort), "-q", "1", "-t", "sites/plant-7/d1",
                            "-m", "{\"ts\": 1795255200, \"temp\": 21.5}").redirectErrorStream(true).start();
                    assertThat(publish.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    broker.waitFor(200, TimeUnit.MILLISECONDS); // the bridge subscribes asynchronously after start
                }
                assertThat(session.execute(select).all()).extracting(r -> r.getString(0) + "=" + r.getDouble(1))
                        .containsExactly("temp=21.5");
            }
        } finally {
            if (broker != null) {
                broker.destroy();
                broker.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean awaitListening(Process broker, int port) throws InterruptedException {
        for (int i = 0; i < 50 && broker.isAlive(); i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                broker.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        broker.destroyForcibly();
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
