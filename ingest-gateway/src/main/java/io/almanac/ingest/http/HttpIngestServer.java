package io.almanac.ingest.http;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.IngestListener;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.Objects;

/**
 * The HTTP ingest server (see {@link HttpIngestHandler} for the API). Per connection the pipeline is:
 *
 * <pre>
 *   socket -> HttpServerCodec -> HttpServerKeepAliveHandler -> BodyLimitAggregator (maxBodyBytes, 413)
 *          -> HttpIngestHandler (route, map JSON rows or line protocol (InfluxWriteEndpoint),
                                StorageEngine.write, answer)
 * </pre>
 *
 * The event loop groups belong to the caller (the server module shares them between CQL, HTTP and MQTT): {@link
 * #close()} closes this server's channels, never the groups.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} are meant for one lifecycle thread; {@link #boundPort()} is
 * safe from any thread after {@link #start()} returned.
 */
public final class HttpIngestServer implements AutoCloseable {

    private final IngestListener listener;
    private final JsonResponses responses = new JsonResponses();

    /** A server on NIO channels; the groups must be NIO event loop groups. */
    public HttpIngestServer(HttpIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
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
    public HttpIngestServer(HttpIngestConfig config, IngestGateway gateway, EventLoopGroup parentGroup,
            EventLoopGroup childGroup, Class<? extends ServerChannel> channelClass) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
        InfluxWriteEndpoint influx = new InfluxWriteEndpoint(gateway, config, responses);
        this.listener = new IngestListener("HTTP ingest", config.host(), config.port(), parentGroup, childGroup,
                channelClass, pipeline -> {
                    pipeline.addLast("http-codec", new HttpServerCodec());
                    pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
                    pipeline.addLast("aggregator",
                            new BodyLimitAggregator(config.maxBodyBytes(), responses, gateway.metrics()));
                    pipeline.addLast("ingest", new HttpIngestHandler(gateway, responses, influx));
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
