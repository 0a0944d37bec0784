package io.almanac.cql.transport;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Client-to-node encryption of the CQL native transport, after cassandra.yaml's {@code client_encryption_options}.
 * Each value is checked when the record is built; errors name the key, the value and the rule. Files are opened
 * later, by {@link TlsContextFactory#serverContext}.
 *
 * <p>Thread safety: immutable.
 *
 * <pre>
 *   client_encryption_options:
 *     enabled: true                       # false: no TLS at all (the other keys are ignored)
 *     optional: false                     # true: native_transport_port accepts TLS and plaintext (first bytes)
 *     keystore: conf/node.p12             # PKCS12 ...
 *     keystore_password: changeit
 *     # certificate_chain: conf/node.pem  # ... or PEM chain + unencrypted PKCS8 key
 *     # private_key: conf/node-key.pem
 *     require_client_auth: false          # true: clients must present a certificate signed by the truststore
 *     truststore: conf/clients-ca.pem     # truststore_type: PEM, or PKCS12 with truststore_password
 *     accepted_protocols: [TLSv1.2, TLSv1.3]
 *     cipher_suites: []                   # empty: the JDK's defaults
 * </pre>
 *
 * @param enabled           {@code enabled}: whether the node offers TLS to clients
 * @param optional          {@code optional}: the plain native transport port also accepts TLS (needs enabled)
 * @param keystore          the node's key and certificate chain; required when enabled
 * @param requireClientAuth {@code require_client_auth}: refuse clients without a certificate the truststore trusts
 * @param truststore        trusted client CAs; required when {@code requireClientAuth}, otherwise may be null
 * @param acceptedProtocols {@code accepted_protocols}: non-empty, each one of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3
 * @param cipherSuites      {@code cipher_suites}: JSSE names; empty means the JDK's default suites
 */
public record ClientEncryptionOptions(boolean enabled, boolean optional, TlsKeyMaterial keystore,
                                      boolean requireClientAuth, TlsTrustMaterial truststore,
                                      List<String> acceptedProtocols, List<String> cipherSuites) {

    /** The default {@code accepted_protocols}: TLS 1.2 and 1.3 (what Cassandra 5.0 and Amazon Keyspaces accept). */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    private static final Set<String> KNOWN_PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final String PREFIX = "client_encryption_options.";

    /** @throws IllegalArgumentException naming the key, value and rule of the first invalid value */
    public ClientEncryptionOptions {
        acceptedProtocols = List.copyOf(Objects.requireNonNull(acceptedProtocols, PREFIX + "accepted_protocols"));
        cipherSuites = List.copyOf(Objects.requireNonNull(cipherSuites, PREFIX + "cipher_suites"));
        if (enabled) {
            if (keystore == null) {
                throw new IllegalArgumentException(PREFIX + "keystore (or certificate_chain and private_key) must be"
                        + " set when enabled is true");
            }
            if (requireClientAuth && truststore == null) {
                throw new IllegalArgumentException(PREFIX + "truststore must be set when require_client_auth is true");
            }
            if (acceptedProtocols.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + "accepted_protocols must not be empty");
            }
            for (String protocol : acceptedProtocols) {
                if (!KNOWN_PROTOCOLS.contains(protocol)) {
                    throw new IllegalArgumentException(PREFIX + "accepted_protocols: unknown protocol '" + protocol
                            + "' (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)");
                }
            }
        } else if (optional) {
            throw new IllegalArgumentException(PREFIX + "optional is true but enabled is false: optional TLS needs"
                    + " enabled: true and a keystore");
        }
    }

    /** @return client encryption switched off: every port speaks plaintext only */
    public static ClientEncryptionOptions disabled() {
        return new ClientEncryptionOptions(false, false, null, false, null, DEFAULT_PROTOCOLS, List.of());
    }

    /** @return TLS with {@code keystore}, not optional, no client certificates, default protocols and suites */
    public static ClientEncryptionOptions enabled(TlsKeyMaterial keystore) {
        return new ClientEncryptionOptions(true, false, keystore, false, null, DEFAULT_PROTOCOLS, List.of());
    }

    /** @return a copy with another {@code optional} */
    public ClientEncryptionOptions withOptional(boolean optionalTls) {
        return new ClientEncryptionOptions(enabled, optionalTls, keystore, requireClientAuth, truststore,
                acceptedProtocols, cipherSuites);
    }

    /** @return a copy with {@code require_client_auth: true} and {@code trusted} as the truststore */
    public ClientEncryptionOptions withRequiredClientAuth(TlsTrustMaterial trusted) {
        return new ClientEncryptionOptions(enabled, optional, keystore, true, trusted, acceptedProtocols,
                cipherSuites);
    }

    /** @return a copy with other {@code accepted_protocols} and {@code cipher_suites} */
    public ClientEncryptionOptions withProtocols(List<String> protocols, List<String> suites) {
        return new ClientEncryptionOptions(enabled, optional, keystore, requireClientAuth, truststore, protocols,
                suites);
    }

    /**
     * How {@code native_transport_port} (9042) is served, as Cassandra's NativeTransportService does it: plaintext
     * when encryption is disabled; TLS and plaintext when optional; plaintext when a dedicated TLS server runs on a
     * different {@code native_transport_port_ssl} (9142); TLS only otherwise.
     *
     * @param sslContext      the context from {@link TlsContextFactory#serverContext(ClientEncryptionOptions)};
     *                        ignored (may be null) when disabled
     * @param dedicatedTlsPort whether a TLS-only server also runs on {@code native_transport_port_ssl}
     */
    public TransportEncryption nativePortEncryption(SslContext sslContext, boolean dedicatedTlsPort) {
        if (!enabled) {
            return TransportEncryption.plaintext();
        }
        if (optional) {
            return TransportEncryption.optionalTls(sslContext);
        }
        return dedicatedTlsPort ? TransportEncryption.plaintext() : TransportEncryption.tls(sslContext);
    }
}
