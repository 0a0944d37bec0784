package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading key material into a server context, and the errors that name the key, the file and the problem. */
class TlsContextFactoryTest {

    @TempDir
    static Path dir;
    private static Path nodeKeystore;
    private static Path otherKeystore;
    private static Path nodeCertificate;
    private static TlsKeyMaterial.PemKeyPair nodePem;
    private static TlsKeyMaterial.PemKeyPair otherPem;

    @BeforeAll
    static void makeKeys() throws Exception {
        nodeKeystore = TestCertificates.keystore(dir, "node");
        otherKeystore = TestCertificates.keystore(dir, "other");
        nodeCertificate = TestCertificates.certificatePem(nodeKeystore, "node");
        nodePem = TestCertificates.pemKeyPair(nodeKeystore, "node");
        otherPem = TestCertificates.pemKeyPair(otherKeystore, "other");
    }

    private static ClientEncryptionOptions pkcs12(Path file, String password) {
        return ClientEncryptionOptions.enabled(new TlsKeyMaterial.Pkcs12Keystore(file, password));
    }

    @Test
    void pkcs12AndPemBothLoad() {
        SslContext fromPkcs12 = TlsContextFactory.serverContext(pkcs12(nodeKeystore, TestCertificates.PASSWORD));
        SslContext fromPem = TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(nodePem)
                .withRequiredClientAuth(new TlsTrustMaterial.PemCertificates(nodeCertificate)));
        SslContext withPkcs12Truststore = TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(nodePem)
                .withRequiredClientAuth(new TlsTrustMaterial.Pkcs12Truststore(otherKeystore,
                        TestCertificates.PASSWORD)));

        assertThat(List.of(fromPkcs12, fromPem, withPkcs12Truststore)).allMatch(SslContext::isServer);
        assertThat(fromPem.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT).getEnabledProtocols())
                .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    }

    @Test
    void pemWithAttributesAroundTheBlocksLoadsAsOpensslPkcs12WritesIt() throws Exception {
        Path key = dir.resolve("bag-attributes-key.pem");
        Files.writeString(key, "Bag Attributes\n    friendlyName: node\nKey Attributes: <No Attributes>\n"
                + Files.readString(nodePem.privateKey()));
        Path chain = dir.resolve("bag-attributes-chain.pem");
        Files.writeString(chain, "subject=CN = node\nissuer=CN = node\n"
                + Files.readString(nodePem.certificateChain()));

        assertThat(TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(chain, key))).isServer()).isTrue();
    }

    @Test
    void wrongPasswordAndMissingFileAreNamed() {
        assertThatThrownBy(() -> TlsContextFactory.serverContext(pkcs12(nodeKeystore, "wrong")))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("client_encryption_options.keystore: " + nodeKeystore
                        + ": wrong password (keystore_password does not open it)");
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(pkcs12(missing, "x")))
                .hasMessage("client_encryption_options.keystore: " + missing + ": file not found")
                .extracting(e -> ((TlsConfigurationException) e).file()).isEqualTo(missing);
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(missing, nodePem.privateKey()))))
                .hasMessage("client_encryption_options.certificate_chain: " + missing + ": file not found");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(nodePem)
                .withRequiredClientAuth(new TlsTrustMaterial.Pkcs12Truststore(nodeKeystore, "nope"))))
                .hasMessage("client_encryption_options.truststore: " + nodeKeystore
                        + ": wrong password (truststore_password does not open it)");
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsNamed() {
        TlsKeyMaterial mismatched = new TlsKeyMaterial.PemKeyPair(nodePem.certificateChain(), otherPem.privateKey());

        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(mismatched)))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("client_encryption_options.private_key: " + otherPem.privateKey()
                        + ": the private key does not match the certificate CN=node");
    }

    @Test
    void wrongPemContentIsNamed() throws Exception {
        Path pkcs1 = dir.resolve("legacy-key.pem");
        Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        Path encrypted = dir.resolve("encrypted-key.pem");
        Files.writeString(encrypted, TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(nodePem.certificateChain(), pkcs1))))
                .hasMessageContaining("private_key: " + pkcs1 + ": the private key is in the legacy 'RSA PRIVATE KEY'"
                        + " form; convert it to PKCS8 with: openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(nodePem.certificateChain(), encrypted))))
                .hasMessageContaining(encrypted + ": the private key is encrypted");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(nodePem.privateKey(), nodePem.privateKey()))))
                .hasMessage("client_encryption_options.certificate_chain: " + nodePem.privateKey()
                        + ": holds no -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(pkcs12(notPem, "x")))
                .hasMessageStartingWith("client_encryption_options.keystore: " + notPem + ": not a PKCS12 file");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.enabled(
                new TlsKeyMaterial.PemKeyPair(notPem, nodePem.privateKey()))))
                .hasMessage("client_encryption_options.certificate_chain: " + notPem
                        + ": not a PEM file (no -----BEGIN ...----- block)");
    }

    @Test
    void unsupportedProtocolsAndSuitesAreNamed() {
        ClientEncryptionOptions options = pkcs12(nodeKeystore, TestCertificates.PASSWORD);

        assertThatThrownBy(() -> TlsContextFactory.serverContext(options.withProtocols(List.of("TLSv1.2"),
                List.of("TLS_NO_SUCH_SUITE"))))
                .hasMessageStartingWith("client_encryption_options.cipher_suites: unsupported cipher suite"
                        + " [TLS_NO_SUCH_SUITE] (this JDK supports [");
        assertThat(TlsContextFactory.serverContext(options.withProtocols(List.of("TLSv1.3"),
                List.of("TLS_AES_128_GCM_SHA256"))).cipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void nativePortEncryptionFollowsCassandra() {
        ClientEncryptionOptions enabled = pkcs12(nodeKeystore, TestCertificates.PASSWORD);
        SslContext context = TlsContextFactory.serverContext(enabled);

        assertThat(enabled.nativePortEncryption(context, false).mode()).isEqualTo(TransportEncryption.Mode.TLS);
        assertThat(enabled.nativePortEncryption(context, true).mode()).isEqualTo(TransportEncryption.Mode.PLAINTEXT);
        assertThat(enabled.withOptional(true).nativePortEncryption(context, true).mode())
                .isEqualTo(TransportEncryption.Mode.OPTIONAL_TLS);
        assertThat(ClientEncryptionOptions.disabled().nativePortEncryption(null, true).mode())
                .isEqualTo(TransportEncryption.Mode.PLAINTEXT);
    }

    @Test
    void optionsErrorsNameKeyValueAndRule() {
        TlsKeyMaterial key = new TlsKeyMaterial.Pkcs12Keystore(nodeKeystore, "secret");
        assertThat(key).hasToString("PKCS12 keystore " + nodeKeystore);
        assertThatThrownBy(() -> ClientEncryptionOptions.enabled(null))
                .hasMessage("client_encryption_options.keystore (or certificate_chain and private_key) must be set"
                        + " when enabled is true");
        assertThatThrownBy(() -> ClientEncryptionOptions.enabled(key).withRequiredClientAuth(null))
                .hasMessage("client_encryption_options.truststore must be set when require_client_auth is true");
        assertThatThrownBy(() -> ClientEncryptionOptions.enabled(key).withProtocols(List.of("SSLv3"), List.of()))
                .hasMessage("client_encryption_options.accepted_protocols: unknown protocol 'SSLv3' (expected TLSv1,"
                        + " TLSv1.1, TLSv1.2 or TLSv1.3)");
        assertThatThrownBy(() -> ClientEncryptionOptions.disabled().withOptional(true))
                .hasMessage("client_encryption_options.optional is true but enabled is false: optional TLS needs"
                        + " enabled: true and a keystore");
        assertThatThrownBy(() -> TlsContextFactory.serverContext(ClientEncryptionOptions.disabled()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientEncryptionOptions.disabled().nativePortEncryption(null, false).mode())
                .isEqualTo(TransportEncryption.Mode.PLAINTEXT);
        assertThatThrownBy(() -> TransportEncryption.tls(null))
                .hasMessage("TLS needs a server SslContext (TlsContextFactory.serverContext)");
    }
}
