package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.DeferredVirtualTables;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.SystemTablesFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Client-to-node TLS on loopback with the Apache Cassandra Java driver configured as docs/tls.md says
 * ({@code advanced.ssl-engine-factory}: DefaultSslEngineFactory, the node's certificate in a PKCS12 truststore,
 * hostname validation on against the SAN 127.0.0.1), keys made by {@code keytool}. Statements are answered by
 * {@link SystemTableQueryFixture} (a test fixture answering system-table queries, not the query processor).
 */
class TlsTransportTest {

    @TempDir
    static Path dir;
    private static Path nodeKeystore;
    private static Path nodeCertificate;
    private static Path driverTruststore;
    private static Path clientKeystore;
    private static Path clientCertificate;
    private static TlsKeyMaterial.PemKeyPair nodePem;

    private final DeferredVirtualTables tables = new DeferredVirtualTables();
    private final SystemTableQueryFixture fixture = new SystemTableQueryFixture(tables);
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final List<CqlServer> servers = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        nodeKeystore = TestCertificates.keystore(dir, "node");
        nodeCertificate = TestCertificates.certificatePem(nodeKeystore, "node");
        driverTruststore = TestCertificates.truststore(nodeCertificate, "node");
        nodePem = TestCertificates.pemKeyPair(nodeKeystore, "node");
        clientKeystore = TestCertificates.keystore(dir, "client");
        clientCertificate = TestCertificates.certificatePem(clientKeystore, "client");
    }

    @AfterEach
    void stop() {
        servers.forEach(CqlServer::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CqlServer start(TransportEncryption encryption) {
        CqlServer server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group).withEncryption(encryption),
                fixture);
        servers.add(server);
        server.start();
        if (!tables.isSet()) {
            tables.set(new SystemTables(SystemTablesFixtures.node(server.boundPort()),
                    SystemTablesFixtures::iotSchema));
        }
        return server;
    }

    private static SslContext serverContext(ClientEncryptionOptions options) {
        return TlsContextFactory.serverContext(options);
    }

    private static ClientEncryptionOptions pkcs12Options() {
        return ClientEncryptionOptions.enabled(new TlsKeyMaterial.Pkcs12Keystore(nodeKeystore,
                TestCertificates.PASSWORD));
    }

    /** The driver options of docs/tls.md; {@code keystore} (a client certificate) may be null. */
    private static Map<DefaultDriverOption, String> tls(Path keystore) {
        Map<DefaultDriverOption, String> options = new EnumMap<>(DefaultDriverOption.class);
        options.put(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory");
        options.put(DefaultDriverOption.SSL_TRUSTSTORE_PATH, driverTruststore.toString());
        options.put(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD, TestCertificates.PASSWORD);
        options.put(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, "true");
        if (keystore != null) {
            options.put(DefaultDriverOption.SSL_KEYSTORE_PATH, keystore.toString());
            options.put(DefaultDriverOption.SSL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        }
        return options;
    }

    private static CqlSession connect(int port, Map<DefaultDriverOption, String> options) {
        return DriverSessions.builder(port, options).build();
    }

    private static void assertServes(CqlSession session) {
        Row row = session.execute("SELECT cluster_name, release_version FROM system.local").one();
        assertThat(row.getString("cluster_name")).isEqualTo("Almanac Test Cluster");
        assertThat(session.prepare("SELECT host_id FROM system.local").bind()).isNotNull();
        assertThat(session.getMetadata().getKeyspace("iot")).isPresent();
    }

    @Test
    void driverConnectsOverTlsWithTheNodeCertificateAndHostnameValidation() {
        CqlServer server = start(TransportEncryption.tls(serverContext(pkcs12Options())));

        try (CqlSession session = connect(server.boundPort(), tls(null))) {
            assertServes(session);
        }
    }

    @Test
    void plaintextClientOnTheTlsPortIsClosedLoggedOnceAndTheServerKeepsServing() throws IOException {
        CqlServer server = start(TransportEncryption.tls(serverContext(pkcs12Options())));
        Logger logger = (Logger) LoggerFactory.getLogger(CqlServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            for (int i = 0; i < 3; i++) {
                assertClosedAfterPlaintextOptions(server.boundPort());
            }
            assertThatThrownBy(() -> connect(server.boundPort(), Map.of()).close())
                    .isInstanceOf(AllNodesFailedException.class);
            try (CqlSession session = connect(server.boundPort(), tls(null))) {
                assertServes(session);
            }
            LongSupplier plaintextFailures = () -> server.errorLog()
                    .reasonCount(TlsFailureHandler.PLAINTEXT_ON_TLS_PORT);
            awaitAtLeast(plaintextFailures, 4);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains(TlsFailureHandler.PLAINTEXT_ON_TLS_PORT))
                .hasSize(1);
        assertThat(appender.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    private static void assertClosedAfterPlaintextOptions(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(CqlTestChannel.envelope(4, 0, 1, Opcode.OPTIONS.code(), new byte[0]));
            assertThat(socket.getInputStream().read()).as("closed without a CQL answer").isEqualTo(-1);
        }
    }

    private static void awaitAtLeast(LongSupplier value, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(value.getAsLong()).isGreaterThanOrEqualTo(expected);
    }

    @Test
    void optionalPortServesTlsAndPlaintextWithPemKeys() {
        ClientEncryptionOptions options = ClientEncryptionOptions.enabled(nodePem).withOptional(true);
        CqlServer server = start(options.nativePortEncryption(serverContext(options), false));

        try (CqlSession overTls = connect(server.boundPort(), tls(null));
             CqlSession plaintext = connect(server.boundPort(), Map.of())) {
            assertServes(overTls);
            assertServes(plaintext);
        }
    }

    @Test
    void requiredClientAuthRejectsClientsWithoutATrustedCertificate() {
        ClientEncryptionOptions options = pkcs12Options()
                .withRequiredClientAuth(new TlsTrustMaterial.PemCertificates(clientCertificate));
        CqlServer server = start(TransportEncryption.tls(serverContext(options)));

        assertThatThrownBy(() -> connect(server.boundPort(), tls(null)).close())
                .isInstanceOf(AllNodesFailedException.class);
        assertThatThrownBy(() -> connect(server.boundPort(), tls(nodeKeystore)).close())
                .as("the JDK client sends no certificate when its issuer is not one the server accepts")
                .isInstanceOf(AllNodesFailedException.class);
        try (CqlSession session = connect(server.boundPort(), tls(clientKeystore))) {
            assertServes(session);
        }
        assertThat(server.errorLog().reasonCounts()).isNotEmpty()
                .allSatisfy((reason, count) -> assertThat(reason).startsWith("TLS handshake failed: "));
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void twoServersOnOneHandlerBothDeliverSchemaChangeEvents() throws Exception {
        ClientEncryptionOptions options = pkcs12Options();
        SslContext context = serverContext(options);
        CqlServer plain = start(options.nativePortEncryption(context, true));
        CqlServer dedicated = start(TransportEncryption.tls(context));
        SSLSocket tlsSocket = (SSLSocket) TestCertificates.clientContext(driverTruststore, null).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), dedicated.boundPort());
        try (Socket plainSocket = new Socket(InetAddress.getLoopbackAddress(), plain.boundPort()); tlsSocket) {
            registerForSchemaChanges(plainSocket);
            registerForSchemaChanges(tlsSocket);

            fixture.fireSchemaChange(new ResultMessage.SchemaChange("CREATED", "KEYSPACE", "metrics", null));

            assertThat(readEventType(plainSocket)).isEqualTo("SCHEMA_CHANGE");
            assertThat(readEventType(tlsSocket)).isEqualTo("SCHEMA_CHANGE");
        }
    }

    @Test
    void tls12ClientTrustingTheExportedCertificateIsServedAsPythonsSslContextWouldBe() throws Exception {
        CqlServer server = start(TransportEncryption.tls(serverContext(pkcs12Options())));
        SSLSocket socket = (SSLSocket) TestCertificates.clientContext(driverTruststore, null).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.boundPort());
        try (socket) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(CqlTestChannel.envelope(4, 0, 9, Opcode.OPTIONS.code(), new byte[0]));

            CqlTestChannel.Response supported = readEnvelope(socket);

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(supported.opcode()).isEqualTo(Opcode.SUPPORTED.code());
            assertThat(supported.streamId()).isEqualTo(9);
        }
    }

    private static void registerForSchemaChanges(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(CqlTestChannel.envelope(4, 0, 1, Opcode.STARTUP.code(),
                CqlTestChannel.stringMap(Map.of("CQL_VERSION", "3.0.0"))));
        assertThat(readEnvelope(socket).opcode()).isEqualTo(Opcode.READY.code());
        ByteBuf types = Unpooled.buffer();
        types.writeShort(1);
        WireFormat.writeString(types, "SCHEMA_CHANGE");
        socket.getOutputStream().write(CqlTestChannel.envelope(4, 0, 2, Opcode.REGISTER.code(),
                CqlTestChannel.bytes(types)));
        assertThat(readEnvelope(socket).opcode()).isEqualTo(Opcode.READY.code());
    }

    private static String readEventType(Socket socket) throws IOException {
        CqlTestChannel.Response event = readEnvelope(socket);
        assertThat(event.opcode()).isEqualTo(Opcode.EVENT.code());
        assertThat(event.streamId()).isEqualTo(-1);
        return WireFormat.readString(event.bodyBuffer(), "event type");
    }

    private static CqlTestChannel.Response readEnvelope(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ((header[5] & 0xFF) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                | (header[8] & 0xFF);
        byte[] envelope = new byte[9 + length];
        System.arraycopy(header, 0, envelope, 0, 9);
        in.readFully(envelope, 9, length);
        return CqlTestChannel.parseEnvelopes(envelope).get(0);
    }
}
