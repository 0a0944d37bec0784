package io.almanac.cql.transport;

import io.netty.channel.EventLoopGroup;
import java.util.Objects;

/**
 * The CQL server's configuration. Each value is checked when the record is built; errors name the key, the value and
 * the rule. The event loop groups belong to the caller, who shuts them down after {@link CqlServer#close()}.
 *
 * <p>Thread safety: immutable.
 *
 * @param host                             {@code rpc_address}: the address to bind, e.g. {@code 127.0.0.1} or
 *                                         {@code 0.0.0.0}
 * @param port                             {@code native_transport_port}: 0..65535; 0 binds an ephemeral port (tests)
 * @param maxFrameBytes                    {@code native_transport_max_frame_size}: the largest envelope body
 *                                         accepted, in bytes (1 KiB..256 MiB; default 16 MiB)
 * @param maxInFlightRequestsPerConnection requests of one connection executing at once before the server stops
 *                                         reading that connection's socket (back-pressure, never a drop); &gt;= 1
 * @param acceptorGroup                    the event loop group accepting connections
 * @param ioGroup                          the event loop group serving connections
 * @param encryption                       plaintext, TLS only, or both on this port ({@link TransportEncryption});
 *                                         a node runs one server on {@code native_transport_port} (9042) and, with
 *                                         client encryption enabled, a TLS-only one on {@code
 *                                         native_transport_port_ssl} (9142), both with the same query handler
 */
public record CqlServerConfig(String host, int port, int maxFrameBytes, int maxInFlightRequestsPerConnection,
                              EventLoopGroup acceptorGroup, EventLoopGroup ioGroup, TransportEncryption encryption) {

    /** Default {@code native_transport_max_frame_size}: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Default in-flight request limit per connection (the Java driver's default per-connection maximum). */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 1024;
    private static final int MIN_FRAME_BYTES = 1024;
    private static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    /** @throws IllegalArgumentException naming the key, value and rule of the first invalid value */
    public CqlServerConfig {
        Objects.requireNonNull(host, "rpc_address must be set");
        if (host.isBlank()) {
            throw new IllegalArgumentException("rpc_address must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("native_transport_port must be in 0..65535 (got " + port + ")");
        }
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("native_transport_max_frame_size must be in " + MIN_FRAME_BYTES + ".."
                    + MAX_FRAME_BYTES + " bytes (got " + maxFrameBytes + ")");
        }
        if (maxInFlightRequestsPerConnection < 1) {
            throw new IllegalArgumentException("max in-flight requests per connection must be >= 1 (got "
                    + maxInFlightRequestsPerConnection + ")");
        }
        Objects.requireNonNull(acceptorGroup, "acceptorGroup");
        Objects.requireNonNull(ioGroup, "ioGroup");
        Objects.requireNonNull(encryption, "encryption");
    }

    /** A plaintext configuration; see the canonical constructor. */
    public CqlServerConfig(String host, int port, int maxFrameBytes, int maxInFlightRequestsPerConnection,
                           EventLoopGroup acceptorGroup, EventLoopGroup ioGroup) {
        this(host, port, maxFrameBytes, maxInFlightRequestsPerConnection, acceptorGroup, ioGroup,
                TransportEncryption.plaintext());
    }

    /** @return a plaintext configuration with the default frame and in-flight limits */
    public static CqlServerConfig of(String host, int port, EventLoopGroup acceptorGroup, EventLoopGroup ioGroup) {
        return new CqlServerConfig(host, port, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_IN_FLIGHT_REQUESTS, acceptorGroup,
                ioGroup);
    }

    /** @return a copy with another {@code native_transport_max_frame_size}, in bytes */
    public CqlServerConfig withMaxFrameBytes(int bytes) {
        return new CqlServerConfig(host, port, bytes, maxInFlightRequestsPerConnection, acceptorGroup, ioGroup,
                encryption);
    }

    /** @return a copy with another encryption of this port */
    public CqlServerConfig withEncryption(TransportEncryption transportEncryption) {
        return new CqlServerConfig(host, port, maxFrameBytes, maxInFlightRequestsPerConnection, acceptorGroup, ioGroup,
                transportEncryption);
    }
}
