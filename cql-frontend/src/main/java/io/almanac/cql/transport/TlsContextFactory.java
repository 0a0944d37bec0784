package io.almanac.cql.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Builds the Netty server {@link SslContext} of the CQL native transport from {@link ClientEncryptionOptions}, with
 * the JDK's TLS provider: reads the keystore (PKCS12, or PEM chain + PKCS8 key), checks that the private key belongs
 * to the first certificate of the chain, reads the truststore when client certificates are required, and checks
 * that every accepted protocol and cipher suite is supported by this JDK.
 *
 * <p>Call it once at node start and share the context between the servers (9042 and 9142); TLS sessions are then
 * resumable across both ports. Files are read only here: replacing them takes a new context (a restart).
 *
 * <p>Thread safety: stateless; the returned context is thread-safe.
 */
public final class TlsContextFactory {

    private static final String PREFIX = "client_encryption_options.";
    private static final byte[] CHALLENGE = "almanac key/certificate match check".getBytes(StandardCharsets.US_ASCII);

    private TlsContextFactory() {
    }

    /**
     * @param options enabled client encryption options
     * @return a server context for {@link TransportEncryption#tls} or {@link TransportEncryption#optionalTls}
     * @throws TlsConfigurationException naming the key, the file and the problem: file not found or unreadable, wrong
     *                                   password, not PKCS12 / PEM, not exactly one key entry, key does not match the
     *                                   certificate, no certificates in the truststore, unsupported protocol or suite
     * @throws IllegalArgumentException  when {@code options} are not enabled
     */
    public static SslContext serverContext(ClientEncryptionOptions options) {
        if (!options.enabled()) {
            throw new IllegalArgumentException(PREFIX + "enabled is false: there is no TLS context to build");
        }
        TlsFiles.KeyAndChain keyAndChain = loadKey(options.keystore());
        SSLParameters supported = jdkSupportedParameters();
        checkSupported("accepted_protocols", "protocol", options.acceptedProtocols(), supported.getProtocols());
        checkSupported("cipher_suites", "cipher suite", options.cipherSuites(), supported.getCipherSuites());
        SslContextBuilder builder = SslContextBuilder.forServer(keyAndChain.key(), keyAndChain.chain())
                .sslProvider(SslProvider.JDK)
                .protocols(options.acceptedProtocols())
                .clientAuth(options.requireClientAuth() ? ClientAuth.REQUIRE : ClientAuth.NONE);
        if (!options.cipherSuites().isEmpty()) {
            builder.ciphers(options.cipherSuites());
        }
        if (options.truststore() != null) {
            builder.trustManager(loadTrusted(options.truststore()).toArray(X509Certificate[]::new));
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigurationException(PREFIX.substring(0, PREFIX.length() - 1), null,
                    "cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static TlsFiles.KeyAndChain loadKey(TlsKeyMaterial material) {
        if (material instanceof TlsKeyMaterial.Pkcs12Keystore pkcs12) {
            String key = PREFIX + "keystore";
            TlsFiles.KeyAndChain loaded = TlsFiles.pkcs12Key(key, pkcs12.file(), pkcs12.password());
            checkKeyMatchesCertificate(key, pkcs12.file(), loaded.key(), loaded.chain()[0]);
            return loaded;
        }
        TlsKeyMaterial.PemKeyPair pem = (TlsKeyMaterial.PemKeyPair) material;
        List<X509Certificate> chain = TlsFiles.pemCertificates(PREFIX + "certificate_chain", pem.certificateChain());
        PrivateKey privateKey = TlsFiles.pemPrivateKey(PREFIX + "private_key", pem.privateKey());
        checkKeyMatchesCertificate(PREFIX + "private_key", pem.privateKey(), privateKey, chain.get(0));
        return new TlsFiles.KeyAndChain(privateKey, chain.toArray(X509Certificate[]::new));
    }

    private static List<X509Certificate> loadTrusted(TlsTrustMaterial material) {
        String key = PREFIX + "truststore";
        if (material instanceof TlsTrustMaterial.Pkcs12Truststore pkcs12) {
            return TlsFiles.pkcs12Certificates(key, pkcs12.file(), pkcs12.password());
        }
        return TlsFiles.pemCertificates(key, ((TlsTrustMaterial.PemCertificates) material).caCertificates());
    }

    /**
     * Signs a fixed challenge with {@code privateKey} and verifies it with the certificate's public key: a key from
     * another pair fails here, at start, rather than in every client's handshake.
     */
    static void checkKeyMatchesCertificate(String key, Path file, PrivateKey privateKey,
                                           X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        String problem = "the private key does not match the certificate " + certificate.getSubjectX500Principal();
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new TlsConfigurationException(key, file, problem + " (a " + privateKey.getAlgorithm() + " key, a "
                    + publicKey.getAlgorithm() + " certificate)", null);
        }
        Signature signer = signatureFor(privateKey.getAlgorithm());
        if (signer == null) {
            return; // an algorithm that cannot sign cannot serve TLS either; the handshake will say so
        }
        try {
            signer.initSign(privateKey);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            signer.initVerify(publicKey);
            signer.update(CHALLENGE);
            if (!signer.verify(signature)) {
                throw new TlsConfigurationException(key, file, problem, null);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(key, file, problem + " (" + e.getMessage() + ")", e);
        }
    }

    private static Signature signatureFor(String keyAlgorithm) {
        try {
            return switch (keyAlgorithm) {
                case "RSA" -> Signature.getInstance("SHA256withRSA");
                case "EC" -> Signature.getInstance("SHA256withECDSA");
                case "DSA" -> Signature.getInstance("SHA256withDSA");
                case "EdDSA", "Ed25519", "Ed448" -> Signature.getInstance("EdDSA");
                case "RSASSA-PSS" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield pss;
                }
                default -> null;
            };
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static SSLParameters jdkSupportedParameters() {
        try {
            return SSLContext.getDefault().getSupportedSSLParameters();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    private static void checkSupported(String key, String what, List<String> requested, String[] supported) {
        Set<String> available = Set.of(supported);
        List<String> unsupported = new ArrayList<>();
        for (String name : requested) {
            if (!available.contains(name)) {
                unsupported.add(name);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new TlsConfigurationException(PREFIX + key, null, "unsupported " + what + (unsupported.size() > 1
                    ? "s " : " ") + unsupported + " (this JDK supports " + Arrays.toString(supported) + ")", null);
        }
    }
}
