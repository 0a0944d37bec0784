package io.almanac.cql.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * How one {@link CqlServer} port is encrypted: plaintext only, TLS only, or both (the first bytes of each connection
 * tell a TLS ClientHello, record type 0x16, from a CQL envelope, whose first byte is the protocol version).
 *
 * <p>Thread safety: immutable; the {@link SslContext} is thread-safe and may be shared by several servers.
 *
 * <pre>
 *   PLAINTEXT:    [FlushConsolidation] [CQL handlers...]
 *   TLS:          [SslHandler] [TlsFailureHandler] [FlushConsolidation] [CQL handlers...]
 *   OPTIONAL_TLS: [OptionalSslHandler -&gt; SslHandler, or removed] [TlsFailureHandler] [FlushConsolidation] [...]
 * </pre>
 *
 * @param mode       which connections the port accepts
 * @param sslContext a server context (from {@link TlsContextFactory}) for TLS and OPTIONAL_TLS; null for PLAINTEXT
 */
public record TransportEncryption(Mode mode, SslContext sslContext) {

    /** Which connections a port accepts. */
    public enum Mode {
        /** Plaintext CQL only; a TLS ClientHello is answered as a bad envelope and the connection closed. */
        PLAINTEXT,
        /** TLS only; a plaintext client's connection is closed after its first bytes. */
        TLS,
        /** Both, told apart by the first bytes of each connection (Netty's {@link OptionalSslHandler}). */
        OPTIONAL_TLS
    }

    static final String TLS_HANDLER = "tls";
    static final String TLS_FAILURES = "tlsFailures";

    /** @throws IllegalArgumentException when the context is missing for TLS, present for plaintext, or a client's */
    public TransportEncryption {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.PLAINTEXT && sslContext != null) {
            throw new IllegalArgumentException("a plaintext port takes no SslContext");
        }
        if (mode != Mode.PLAINTEXT && (sslContext == null || !sslContext.isServer())) {
            throw new IllegalArgumentException(mode + " needs a server SslContext (TlsContextFactory.serverContext)");
        }
    }

    /** @return plaintext only */
    public static TransportEncryption plaintext() {
        return new TransportEncryption(Mode.PLAINTEXT, null);
    }

    /** @return TLS only, e.g. for the dedicated {@code native_transport_port_ssl} (9142) */
    public static TransportEncryption tls(SslContext sslContext) {
        return new TransportEncryption(Mode.TLS, sslContext);
    }

    /** @return TLS and plaintext on one port */
    public static TransportEncryption optionalTls(SslContext sslContext) {
        return new TransportEncryption(Mode.OPTIONAL_TLS, sslContext);
    }

    /** Adds the TLS handlers (if any) at the end of a new connection's still empty {@code pipeline}. */
    void install(ChannelPipeline pipeline, ChannelHandler failureHandler) {
        switch (mode) {
            case PLAINTEXT -> {
                return;
            }
            case TLS -> pipeline.addLast(TLS_HANDLER, sslContext.newHandler(pipeline.channel().alloc()));
            case OPTIONAL_TLS -> pipeline.addLast(TLS_HANDLER, new OptionalSslHandler(sslContext));
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        pipeline.addLast(TLS_FAILURES, failureHandler);
    }
}
