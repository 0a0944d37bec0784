package io.almanac.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listening socket of one ingest protocol: binds, tracks every accepted connection, and closes them all. The
 * protocol (HTTP, MQTT) supplies only the per-connection pipeline. Event loop groups belong to the caller (the node
 * shares them across CQL, HTTP and MQTT); {@link #close()} closes this listener's channels, never the groups.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} are meant for one lifecycle thread (not an event loop);
 * {@link #boundPort()} is safe from any thread after {@link #start()} returned.
 */
public final class IngestListener implements AutoCloseable {

    private final String protocol;
    private final String host;
    private final int port;
    private final EventLoopGroup parentGroup;
    private final EventLoopGroup childGroup;
    private final Class<? extends ServerChannel> channelClass;
    private final Consumer<ChannelPipeline> pipelineInitializer;
    private final ChannelGroup channels;
    private volatile Channel serverChannel;

    /**
     * @param protocol            the protocol's name for messages, e.g. "HTTP ingest"
     * @param host                the address to listen on
     * @param port                the port (0 = any free port)
     * @param channelClass        the server channel type matching the groups' transport (NIO, epoll, ...)
     * @param pipelineInitializer adds the protocol's handlers to each new connection's pipeline
     */
    public IngestListener(String protocol, String host, int port, EventLoopGroup parentGroup,
                          EventLoopGroup childGroup, Class<? extends ServerChannel> channelClass,
                          Consumer<ChannelPipeline> pipelineInitializer) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.parentGroup = Objects.requireNonNull(parentGroup, "parentGroup");
        this.childGroup = Objects.requireNonNull(childGroup, "childGroup");
        this.channelClass = Objects.requireNonNull(channelClass, "channelClass");
        this.pipelineInitializer = Objects.requireNonNull(pipelineInitializer, "pipelineInitializer");
        this.channels = new DefaultChannelGroup(protocol, parentGroup.next());
    }

    /**
     * Binds the listening socket and returns once it accepts connections.
     *
     * @throws IllegalStateException when already started, or when the address cannot be bound (message names it)
     */
    public void start() {
        if (serverChannel != null) {
            throw new IllegalStateException(protocol + " already started");
        }
        ServerBootstrap bootstrap = new ServerBootstrap().group(parentGroup, childGroup).channel(channelClass)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        pipelineInitializer.accept(channel.pipeline());
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen for " + protocol + " on " + host + ":" + port,
                    bound.cause());
        }
        serverChannel = bound.channel();
        channels.add(serverChannel);
    }

    /** @return the port listened on (the ephemeral one when configured with port 0) */
    public int boundPort() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException(protocol + " not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and closes every open connection; waits until they are closed. Idempotent. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
    }
}
