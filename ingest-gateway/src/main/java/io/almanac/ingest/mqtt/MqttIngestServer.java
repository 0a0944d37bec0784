package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.IngestListener;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.Objects;

/**
 * The MQTT 3.1.1 and 5.0 ingest endpoint: devices publish JSON rows to {@code almanac/{keyspace}/{table}}, or to
 * the topics of configured mappings ({@link MqttTopicMapping}: JSON or line protocol, wide or narrow rows) (see
 * {@link MqttIngestHandler} and {@link MqttPublishFlow}). Per connection the pipeline is:
 *
 * <pre>
 *   socket -> [keep-alive IdleStateHandler, added on CONNECT] -> MqttDecoder (maxMessageBytes) -> MqttEncoder
 *          -> MqttIngestHandler (CONNECT, control packets) -> MqttPublishFlow (rows -> StorageEngine, acks)
 * </pre>
 *
 * The event loop groups belong to the caller (the server module shares them between CQL, HTTP and MQTT): {@link
 * #close()} closes this endpoint's channels, never the groups.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} are meant for one lifecycle thread (not an event loop);
 * {@link #boundPort()} is safe from any thread after {@link #start()} returned.
 */
public final class MqttIngestServer implements AutoCloseable {

    private final IngestListener listener;

    /** A server on NIO channels; the groups must be NIO event loop groups. */
    public MqttIngestServer(MqttIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
            EventLoopGroup childGroup) {
        this(config, gateway, parentGroup, childGroup, NioServerSocketChannel.class);
    }

    /**
     * @param config       where to listen and the protocol's limits
     * @param gateway      the shared ingest state (engine, mapper, metrics)
     * @param parentGroup  the group accepting connections
     * @param childGroup   the group serving them
     * @param channelClass the server channel type matching the groups' transport (NIO, epoll, ...)
     */
    public MqttIngestServer(MqttIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
            EventLoopGroup childGroup, Class<? extends ServerChannel> channelClass) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
        this.listener = new IngestListener("MQTT ingest", config.host(), config.port(), parentGroup, childGroup,
                channelClass, pipeline -> {
                    pipeline.addLast("mqtt-decoder", new MqttDecoder(config.maxMessageBytes()));
                    pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
                    pipeline.addLast("ingest", new MqttIngestHandler(gateway, config));
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

    /** Stops listening and closes every open connection; waits until they are closed. Idempotent. */
    @Override
    public void close() {
        listener.close();
    }
}
