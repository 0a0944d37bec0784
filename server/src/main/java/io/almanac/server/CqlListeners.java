package io.almanac.server;

import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.transport.ClientEncryptionOptions;
import io.almanac.cql.transport.CqlServer;
import io.almanac.cql.transport.CqlServerConfig;
import io.almanac.cql.transport.TlsContextFactory;
import io.almanac.cql.transport.TlsKeyMaterial;
import io.almanac.cql.transport.TlsTrustMaterial;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The node's CQL listeners: {@code native_transport_port}, and with {@code client_encryption_options.enabled} a
 * TLS-only {@code native_transport_port_ssl} (Cassandra's rule: a separate TLS port leaves the native port plaintext,
 * or TLS-and-plaintext with {@code optional}); both serve the same {@link QueryHandler} and {@link Authenticator}.
 * See docs/tls.md.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} from one lifecycle thread (not an event loop).
 */
final class CqlListeners implements AutoCloseable {

    private final CqlServer nativeServer;
    private final CqlServer tlsServer;

    /**
     * @throws io.almanac.cql.transport.TlsConfigurationException naming the file and the problem when the keystore or
     *         truststore cannot be used
     * @throws IllegalArgumentException for inconsistent {@code client_encryption_options}
     */
    CqlListeners(NodeConfig config, QueryHandler handler, Authenticator authenticator, EventLoopGroup boss,
                 EventLoopGroup workers) {
        ClientEncryptionOptions encryption = encryptionOptions(config.clientEncryption());
        SslContext ssl = encryption.enabled() ? TlsContextFactory.serverContext(encryption) : null;
        // Port 0 means "any free port", so a TLS port of 0 is always a port of its own.
        boolean dedicated = encryption.enabled()
                && (config.nativeTransportPortSsl() == 0
                        || config.nativeTransportPortSsl() != config.nativeTransportPort());
        int maxFrameBytes = config.nativeTransportMaxFrameSizeMebibytes() << 20;
        this.nativeServer = new CqlServer(new CqlServerConfig(config.listenAddress(), config.nativeTransportPort(),
                maxFrameBytes, CqlServerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS, boss, workers)
                .withEncryption(encryption.nativePortEncryption(ssl, dedicated)), handler, authenticator);
        this.tlsServer = !dedicated ? null : new CqlServer(new CqlServerConfig(config.listenAddress(),
                config.nativeTransportPortSsl(), maxFrameBytes, CqlServerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS, boss,
                workers).withEncryption(io.almanac.cql.transport.TransportEncryption.tls(ssl)), handler, authenticator);
    }

    /** Translates the YAML section into the transport's validated options. */
    static ClientEncryptionOptions encryptionOptions(NodeConfig.ClientEncryption yaml) {
        if (!yaml.enabled() && !yaml.optional()) {
            return ClientEncryptionOptions.disabled();
        }
        TlsKeyMaterial keystore = yaml.keystore() != null
                ? new TlsKeyMaterial.Pkcs12Keystore(Path.of(yaml.keystore()), yaml.keystorePassword())
                : yaml.certificateChain() != null && yaml.privateKey() != null
                ? new TlsKeyMaterial.PemKeyPair(Path.of(yaml.certificateChain()), Path.of(yaml.privateKey()))
                : null;
        TlsTrustMaterial truststore = yaml.truststore() == null ? null
                : "PEM".equals(yaml.truststoreType() == null ? null : yaml.truststoreType().toUpperCase(Locale.ROOT))
                ? new TlsTrustMaterial.PemCertificates(Path.of(yaml.truststore()))
                : new TlsTrustMaterial.Pkcs12Truststore(Path.of(yaml.truststore()), yaml.truststorePassword());
        List<String> protocols = yaml.acceptedProtocols() == null ? ClientEncryptionOptions.DEFAULT_PROTOCOLS
                : yaml.acceptedProtocols();
        return new ClientEncryptionOptions(yaml.enabled(), yaml.optional(), keystore, yaml.requireClientAuth(),
                truststore, protocols, yaml.cipherSuites() == null ? List.of() : yaml.cipherSuites());
    }

    void start() {
        nativeServer.start();
        if (tlsServer != null) {
            tlsServer.start();
        }
    }

    /** @return the native port's bound port */
    int nativePort() {
        return nativeServer.boundPort();
    }

    /** @return the dedicated TLS port's bound port, or -1 when there is none */
    int tlsPort() {
        return tlsServer == null ? -1 : tlsServer.boundPort();
    }

    @Override
    public void close() {
        if (tlsServer != null) {
            tlsServer.close();
        }
        nativeServer.close();
    }
}
