package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest against the node's roles (issue 5): a node with {@code authenticator: PasswordAuthenticator} and client
 * encryption; a role created over CQL publishes over MQTT 3.1.1, MQTT 5 over TLS ({@code mqtt_port_ssl}) and HTTP
 * with {@code Authorization: Token}; wrong passwords, a role without LOGIN and a CONNECT without credentials are
 * refused with their MQTT return / reason codes or 401; the Java driver reads back exactly the accepted rows.
 */
class IngestAuthenticationEndToEndTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void devicesWriteWithTheirRoleAndWrongCredentialsAreRefused() throws Exception {
        Path keystore = directory.resolve("node.p12");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=almanac-test", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        NodeConfig config = NodeConfigLoader.override(TestNode.configFor(directory.resolve("data")), Map.of(
                "native_transport_port_ssl", 0, "client_encryption_options", Map.of("enabled", true,
                        "keystore", keystore.toString(), "keystore_password", PASSWORD),
                "authenticator", "PasswordAuthenticator", "auth_default_superuser_name", "admin",
                "auth_default_superuser_password", "s3cret", "mqtt_back_pressure_max_wait_ms", 2_500));
        try (TestNode node = TestNode.start(config); CqlSession cql = session(node.cqlPort())) {
            assertThat(node.node().mqttTlsPort()).isPositive();
            // mqtt_back_pressure_max_wait_ms reaches both MQTT listeners (plain and TLS)
            assertThat(node.node().mqttListener().config().backPressureMaxWaitMillis()).isEqualTo(2_500);
            assertThat(node.node().mqttTlsListener().config().backPressureMaxWaitMillis()).isEqualTo(2_500);
            cql.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute("CREATE TABLE iot.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts))");
            cql.execute("CREATE ROLE sensor WITH PASSWORD = 'pw' AND LOGIN = true");
            cql.execute("CREATE ROLE parked WITH PASSWORD = 'pw' AND LOGIN = false");

            Mqtt3BlockingClient mqtt3 = MqttClient.builder().useMqttVersion3().identifier("sensor-3")
                    .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildBlocking();
            mqtt3.connectWith().simpleAuth().username("sensor").password(bytes("pw")).applySimpleAuth().send();
            mqtt3.publishWith().topic("almanac/iot/readings").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("{\"device\": \"mqtt3\", \"ts\": 1, \"value\": 1.5}")).send();
            mqtt3.disconnect();
            assertThatThrownBy(() -> mqtt3.connectWith().simpleAuth().username("sensor").password(bytes("nope"))
                    .applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage()
                            .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));

            publishOverTls(node.node().mqttTlsPort(), keystore);
            refusedOverMqtt5(node.mqttPort());

            assertThat(httpPost(node.httpPort(), "Token sensor:pw", "http").statusCode()).isEqualTo(204);
            HttpResponse<String> refused = httpPost(node.httpPort(), "Token sensor:nope", "refused-http");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"unauthorized\"").contains("and/or password are incorrect");

            for (String device : List.of("mqtt3", "mqtt5-tls", "http")) {
                assertThat(cql.execute("SELECT value FROM iot.readings WHERE device = ?", device).all())
                        .as(device).hasSize(1);
            }
            assertThat(cql.execute("SELECT value FROM iot.readings WHERE device = 'refused-http'").all()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void withCassandraAuthorizerDevicesNeedModifyOnTheTable() throws Exception {
        NodeConfig config = NodeConfigLoader.override(TestNode.configFor(directory.resolve("data")), Map.of(
                "authenticator", "PasswordAuthenticator", "authorizer", "CassandraAuthorizer",
                "auth_default_superuser_name", "admin", "auth_default_superuser_password", "s3cret"));
        try (TestNode node = TestNode.start(config); CqlSession cql = session(node.cqlPort())) {
            cql.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute("CREATE TABLE iot.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts))");
            cql.execute("CREATE ROLE sensor WITH PASSWORD = 'pw' AND LOGIN = true");

            HttpResponse<String> forbidden = httpPost(node.httpPort(), "Token sensor:pw", "before-grant");
            assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
            assertThat(forbidden.body()).contains("has no MODIFY permission on <table iot.readings>");
            Mqtt5BlockingClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier("sensor-5")
                    .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildBlocking();
            mqtt5.connectWith().simpleAuth().username("sensor").password(bytes("pw")).applySimpleAuth().send();
            assertThatThrownBy(() -> publish(mqtt5, "mqtt-before-grant"))
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage()
                            .getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));

            cql.execute("GRANT MODIFY ON KEYSPACE iot TO sensor");
            assertThat(httpPost(node.httpPort(), "Token sensor:pw", "after-grant").statusCode()).isEqualTo(204);
            assertThat(publish(mqtt5, "mqtt-after-grant").getError()).isEmpty();
            mqtt5.disconnect();

            // superuser status inherited through a granted role, and its revocation on an open connection
            cql.execute("CREATE ROLE operator WITH PASSWORD = 'pw' AND LOGIN = true");
            cql.execute("GRANT admin TO operator");
            Mqtt5BlockingClient operator = MqttClient.builder().useMqttVersion5().identifier("operator-5")
                    .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildBlocking();
            operator.connectWith().simpleAuth().username("operator").password(bytes("pw")).applySimpleAuth().send();
            assertThat(publish(operator, "mqtt-inherited-superuser").getError()).isEmpty();
            cql.execute("REVOKE admin FROM operator");
            assertThatThrownBy(() -> publish(operator, "mqtt-after-revoke"))
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage()
                            .getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            operator.disconnect();

            for (String device : List.of("after-grant", "mqtt-after-grant", "mqtt-inherited-superuser")) {
                assertThat(cql.execute("SELECT value FROM iot.readings WHERE device = ?", device).all())
                        .as(device).hasSize(1);
            }
            for (String device : List.of("before-grant", "mqtt-before-grant", "mqtt-after-revoke")) {
                assertThat(cql.execute("SELECT value FROM iot.readings WHERE device = ?", device).all())
                        .as(device).isEmpty();
            }
        }
    }

    private static Mqtt5PublishResult publish(Mqtt5BlockingClient client, String device) {
        return client.publishWith().topic("almanac/iot/readings").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"device\": \"" + device + "\", \"ts\": 1, \"value\": 4.5}")).send();
    }

    private static void publishOverTls(int tlsPort, Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        Mqtt5BlockingClient tls = MqttClient.builder().useMqttVersion5().identifier("sensor-tls")
                .serverHost("127.0.0.1").serverPort(tlsPort).sslConfig().trustManagerFactory(trust).applySslConfig()
                .buildBlocking();
        tls.connectWith().simpleAuth().username("sensor").password(bytes("pw")).applySimpleAuth().send();
        tls.publishWith().topic("almanac/iot/readings").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{\"device\": \"mqtt5-tls\", \"ts\": 1, \"value\": 2.5}")).send();
        tls.disconnect();
    }

    private static void refusedOverMqtt5(int port) {
        Mqtt5BlockingClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier("parked")
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        assertThatThrownBy(() -> mqtt5.connectWith().simpleAuth().username("parked").password(bytes("pw"))
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
                    assertThat(e.getMqttMessage().getReasonString().map(Object::toString))
                            .hasValue("parked is not permitted to log in");
                });
        assertThatThrownBy(mqtt5::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    private static HttpResponse<String> httpPost(int port, String authorization, String device) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/keyspaces/iot/tables/readings/rows")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("{\"device\": \"" + device + "\", \"ts\": 1, \"value\": 3}"))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static CqlSession session(int port) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1").withAuthCredentials("admin", "s3cret").withConfigLoader(loader)
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
