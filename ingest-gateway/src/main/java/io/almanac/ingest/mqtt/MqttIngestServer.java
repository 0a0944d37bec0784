package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.IngestListener;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * The MQTT 3.1.1 and 5.0 ingest endpoint: devices publish JSON rows to {@code almanac/{keyspace}/{table}}, or to
 * the topics of configured mappings ({@link MqttTopicMapping}: JSON or line protocol, wide or narrow rows) (see
 * {@link MqttIngestHandler} and {@link MqttPublishFlow}). Per connection the pipeline is:
 *
 * <pre>
 *   socket -> [keep-alive IdleStateHandler, added on CONNECT] -> [SslHandler, when configured with TLS]
 *          -> MqttDecoder (maxMessageBytes) -> MqttEncoder
 *          -> MqttIngestHandler (CONNECT, authentication, sessions, control packets)
 *          -> MqttPublishFlow (table permission, rows -> StorageEngine, acks)
 * </pre>
 *
 * A node runs one plaintext server ({@code mqtt_port}, 1883) and, with client encryption enabled, one TLS server
 * ({@code mqtt_port_ssl}, 8883); both share the gateway and one {@link MqttSessions}, so a client id has one session
 * whichever port it connects to.
 *
 * The event loop groups belong to the caller (the server module shares them between CQL, HTTP and MQTT): {@link
 * #close()} closes this endpoint's channels, never the groups.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} are meant for one lifecycle thread (not an event loop);
 * {@link #boundPort()} is safe from any thread after {@link #start()} returned.
 */
public final class MqttIngestServer implements AutoCloseable {

    private final IngestListener listener;
    private final MqttIngestConfig config;

    /** Default most disconnected sessions kept by a server that makes its own {@link MqttSessions}. */
    public static final int DEFAULT_MAX_STORED_SESSIONS = 10_000;

    /**
     * A server on NIO channels with sessions of its own ({@link #DEFAULT_MAX_STORED_SESSIONS}); the groups must be
     * NIO event loop groups.
     */
    public MqttIngestServer(MqttIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
            EventLoopGroup childGroup) {
        this(config, gateway, new MqttSessions(gateway.clock(), DEFAULT_MAX_STORED_SESSIONS), parentGroup,
                childGroup, NioServerSocketChannel.class);
    }

    /** A server with sessions of its own ({@link #DEFAULT_MAX_STORED_SESSIONS}). */
    public MqttIngestServer(MqttIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
            EventLoopGroup childGroup, Class<? extends ServerChannel> channelClass) {
        this(config, gateway, new MqttSessions(gateway.clock(), DEFAULT_MAX_STORED_SESSIONS), parentGroup,
                childGroup, channelClass);
    }

    /**
     * @param config       where to listen and the protocol's limits
     * @param gateway      the shared ingest state (engine, mapper, metrics, authenticator)
     * @param sessions     the node's MQTT sessions (shared with its other MQTT listener)
     * @param parentGroup  the group accepting connections
     * @param childGroup   the group serving them
     * @param channelClass the server channel type matching the groups' transport (NIO, epoll, ...)
     */
    public MqttIngestServer(MqttIngestConfig config, IngestGateway gateway, MqttSessions sessions,
            EventLoopGroup parentGroup, EventLoopGroup childGroup, Class<? extends ServerChannel> channelClass) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(sessions, "sessions");
        this.config = config;
        SslContext ssl = config.sslContext();
        this.listener = new IngestListener(ssl == null ? "MQTT ingest" : "MQTT ingest over TLS", config.host(),
                config.port(), parentGroup, childGroup, channelClass, pipeline -> {
                    if (ssl != null) {
                        pipeline.addLast("tls", ssl.newHandler(pipeline.channel().alloc()));
                    }
                    pipeline.addLast("mqtt-decoder", new MqttDecoder(config.maxMessageBytes()));
                    pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
                    pipeline.addLast("ingest", new MqttIngestHandler(gateway, config, sessions));
                });
    }

    /**
     * Binds the listening socket and returns once it accepts connections.
     *
     * @throws IllegalStateException when already started, or when the address cannot be bound (message names it)
     */
    public void start() {
        listener.start();
    }

    /** @return the port listened on (the ephemeral one when configured with port 0) */
    public int boundPort() {
        return listener.boundPort();
    }

    /** @return the configuration this endpoint serves with (its connections' limits, mappings and TLS context) */
    public MqttIngestConfig config() {
        return config;
    }

    /** Stops listening and closes every open connection; waits until they are closed. Idempotent. */
    @Override
    public void close() {
        listener.close();
    }
}
