package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-to-node TLS and password authentication through the node's configuration (docs/tls.md): a self-signed
 * PKCS12 keystore made with the JDK's keytool, the dedicated TLS port serving the Java driver and the Python flow of
 * issue 3 (TLS 1.2, CERT_REQUIRED, PlainTextAuthProvider, LOCAL_QUORUM), the native port staying plaintext, a
 * plaintext client on the TLS port refused while the node keeps serving, and wrong credentials refused.
 */
class TlsEndToEndTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theTlsPortServesDriversAndTheNativePortStaysPlaintext() throws Exception {
        Path keystore = directory.resolve("node.p12");
        Path caPem = directory.resolve("node-ca.pem");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=almanac-test", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());

        NodeConfig config = NodeConfigLoader.override(TestNode.configFor(directory.resolve("data")), Map.of(
                "native_transport_port_ssl", 0, "client_encryption_options", Map.of("enabled", true,
                        "keystore", keystore.toString(), "keystore_password", PASSWORD),
                "authenticator", "PasswordAuthenticator", "auth_default_superuser_name", "admin",
                "auth_default_superuser_password", "s3cret"));
        try (AlmanacNode node = AlmanacNode.start(config)) {
            assertThat(node.cqlTlsPort()).isPositive();
            try (CqlSession tls = tlsSession(node.cqlTlsPort(), keystore)) {
                assertThat(tls.execute("SELECT cluster_name FROM system.local").one().getString(0))
                        .isEqualTo("Almanac");
            }
            try (CqlSession plain = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress("127.0.0.1", node.cqlPort()))
                    .withLocalDatacenter("datacenter1").withAuthCredentials("admin", "s3cret").build()) {
                plain.execute("CREATE ROLE reader WITH PASSWORD = 'pw' AND LOGIN = true");
                assertThat(plain.execute("LIST ROLES").all()).extracting(r -> r.getString("role"))
                        .contains("admin", "reader");
            }
            assertThatThrownBy(() -> CqlSession.builder()
                    .addContactPoint(new InetSocketAddress("127.0.0.1", node.cqlPort()))
                    .withLocalDatacenter("datacenter1").withAuthCredentials("reader", "wrong").build().close())
                    .as("wrong password").hasMessageContaining("and/or password are incorrect");
            assertThatThrownBy(() -> TestNode.session(node.cqlTlsPort()).close())
                    .as("a plaintext driver on the TLS port").isInstanceOf(RuntimeException.class);
            try (CqlSession tls = tlsSession(node.cqlTlsPort(), keystore)) {
                assertThat(tls.execute("SELECT release_version FROM system.local").one()).isNotNull();
            }
            pythonTlsFlow(node.cqlTlsPort(), caPem);
            nodeTlsFlow(node.cqlTlsPort(), caPem);
        }
    }

    /**
     * The Python flow of issue 3 (SSLContext(PROTOCOL_TLSv1_2), CERT_REQUIRED, PlainTextAuthProvider, LOCAL_QUORUM)
     * with DDL, prepared and paged reads and a batch, as {@code compat/python_tls_smoke.py} runs it.
     */
    private static void pythonTlsFlow(int port, Path caPem) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean installed = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c",
                "import cassandra.cluster").start().waitFor() == 0;
        assumeTrue(installed || System.getenv("CI") != null, "python3-cassandra is not installed");
        runCompatScript(python.toString(), "../compat/python_tls_smoke.py", port, caPem);
    }

    /** The same flow with npm's cassandra-driver, as {@code compat/node/node_tls_smoke.js} runs it. */
    private static void nodeTlsFlow(int port, Path caPem) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("../compat/node/node_modules/cassandra-driver"))
                || System.getenv("CI") != null, "the Node.js driver is not installed: npm ci --prefix compat/node");
        runCompatScript("node", "../compat/node/node_tls_smoke.js", port, caPem);
    }

    private static void runCompatScript(String interpreter, String script, int port, Path caPem) throws Exception {
        Process process = new ProcessBuilder(interpreter, script, "127.0.0.1", Integer.toString(port),
                caPem.toString(), "reader", "pw").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as(output).containsPattern("(?m)^5 passed, 0 failed$");
    }

    private static CqlSession tlsSession(int port, Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1").withSslContext(ssl).withAuthCredentials("admin", "s3cret")
                .withConfigLoader(loader).build();
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
