package io.almanac.ingest.mqtt;

import static io.almanac.ingest.mqtt.MqttIngestServerTest.TOPIC;
import static io.almanac.ingest.mqtt.MqttIngestServerTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.Eventually;
import io.almanac.ingest.IngestGateway;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS (issue 5): a self-signed certificate made with the JDK's keytool, HiveMQ's MQTT 3 and 5 clients
 * trusting it, Mosquitto's mosquitto_pub with {@code --cafile} when installed, and a plaintext client refused while
 * the listener keeps serving.
 */
class MqttTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path directory;

    private EventLoops loops;
    private EngineFixture fixture;
    private MqttIngestServer server;
    private Path keystore;
    private Path caPem;

    @BeforeEach
    void start() throws Exception {
        keystore = directory.resolve("node.p12");
        caPem = directory.resolve("node-ca.pem");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), PASSWORD.toCharArray());
        SslContext ssl = SslContextBuilder.forServer(keys).build();

        fixture = EngineFixture.open(directory.resolve("data"));
        IngestGateway gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        server = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 1 << 16).withTls(0, ssl), gateway,
                loops.parent, loops.child);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        loops.close();
        fixture.close();
    }

    @Test
    void hiveMqClientsPublishOverTls() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(keystore));
        Mqtt3BlockingClient v3 = MqttClient.builder().useMqttVersion3().identifier("tls-3").serverHost("127.0.0.1")
                .serverPort(server.boundPort()).sslConfig().trustManagerFactory(trust).applySslConfig()
                .buildBlocking();
        v3.connect();
        v3.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"tls\", \"ts\": 1}"))
                .send();
        v3.disconnect();
        Mqtt5BlockingClient v5 = MqttClient.builder().useMqttVersion5().identifier("tls-5").serverHost("127.0.0.1")
                .serverPort(server.boundPort()).sslConfig().trustManagerFactory(trust).applySslConfig()
                .buildBlocking();
        v5.connect();
        v5.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"device\": \"tls\", \"ts\": 2}"))
                .send();
        v5.disconnect();

        assertThat(fixture.readings("tls")).hasSize(2);
    }

    @Test
    void aPlaintextClientIsRefusedAndTheListenerKeepsServing() throws Exception {
        Mqtt3BlockingClient plain = MqttClient.builder().useMqttVersion3().identifier("plain")
                .serverHost("127.0.0.1").serverPort(server.boundPort()).buildBlocking();
        assertThatThrownBy(plain::connect).isInstanceOf(RuntimeException.class);

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(keystore));
        Mqtt3BlockingClient tls = MqttClient.builder().useMqttVersion3().identifier("after").serverHost("127.0.0.1")
                .serverPort(server.boundPort()).sslConfig().trustManagerFactory(trust).applySslConfig()
                .buildBlocking();
        tls.connect();
        tls.disconnect();
    }

    @Test
    void mosquittoPubPublishesWithCafile() throws Exception {
        Optional<Path> mosquittoPub = onPath("mosquitto_pub");
        assumeTrue(mosquittoPub.isPresent(), "mosquitto_pub is not on the PATH");
        Process process = new ProcessBuilder(mosquittoPub.get().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(server.boundPort()), "--cafile", caPem.toString(), "-V", "mqttv311",
                "-i", "mosquitto-tls", "-q", "1", "-t", TOPIC, "-m", "{\"device\": \"mosquitto-tls\", \"ts\": 1}")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("mosquitto_pub exit code, output: %s", output).isZero();
        Eventually.await(Duration.ofSeconds(10), "the row", () -> fixture.readings("mosquitto-tls").size() == 1);
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable).findFirst();
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
