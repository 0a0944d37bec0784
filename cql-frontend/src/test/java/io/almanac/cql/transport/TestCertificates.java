package io.almanac.cql.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test key material made with the JDK's own {@code keytool} (as docs/tls.md tells users to), in a temporary
 * directory: self-signed EC P-256 PKCS12 keystores with a SAN of 127.0.0.1 and localhost, their certificates as
 * PEM, PKCS12 truststores, and PEM certificate + PKCS8 key pairs converted from a keystore.
 */
final class TestCertificates {

    static final String PASSWORD = "almanac-test";

    private TestCertificates() {
    }

    /** {@code keytool -genkeypair}: a PKCS12 keystore at {@code dir/name.p12} with one self-signed key entry. */
    static Path keystore(Path dir, String name) {
        Path file = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
                "-ext", "san=ip:127.0.0.1,dns:localhost");
        return file;
    }

    /** {@code keytool -exportcert -rfc}: the keystore's certificate as PEM at {@code dir/name.pem}. */
    static Path certificatePem(Path keystore, String name) {
        Path file = keystore.resolveSibling(name + ".pem");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", file.toString());
        return file;
    }

    /** {@code keytool -importcert}: a PKCS12 truststore holding the PEM certificate {@code certificate}. */
    static Path truststore(Path certificate, String name) {
        Path file = certificate.resolveSibling(name + "-truststore.p12");
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD);
        return file;
    }

    /** Writes the keystore's key entry as {@code name-chain.pem} and {@code name-key.pem} (unencrypted PKCS8). */
    static TlsKeyMaterial.PemKeyPair pemKeyPair(Path keystore, String name) throws IOException,
            GeneralSecurityException {
        KeyStore store = load(keystore);
        Key key = store.getKey(name, PASSWORD.toCharArray());
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain(name)) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Path chainFile = keystore.resolveSibling(name + "-chain.pem");
        Path keyFile = keystore.resolveSibling(name + "-key.pem");
        Files.writeString(chainFile, chain, StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new TlsKeyMaterial.PemKeyPair(chainFile, keyFile);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** @return a client TLS context trusting {@code truststore}, presenting {@code keystore} if not null */
    static SSLContext clientContext(Path truststore, Path keystore) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
        KeyManagerFactory keys = null;
        if (keystore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
