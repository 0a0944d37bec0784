package io.almanac.cql.transport;

import io.almanac.cql.auth.AllowAllAuthenticator;
import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.query.QueryHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CQL native protocol server (v4 and v5, reference §1): accepts connections, runs each through the handshake
 * and hands QUERY, PREPARE, EXECUTE and BATCH to the {@link QueryHandler}. Schema changes the handler reports are
 * pushed as SCHEMA_CHANGE events to connections that registered for them.
 *
 * <p>Several servers may share one {@link QueryHandler} — a node runs one on {@code native_transport_port} (9042)
 * and one TLS-only on {@code native_transport_port_ssl} (9142): each registers its own schema change listener, so
 * events reach the REGISTERed connections of every server. Each port's encryption comes from
 * {@link CqlServerConfig#encryption()}; a failed TLS handshake closes that connection only and is logged once per
 * distinct reason ({@link TlsFailureHandler}).
 *
 * <p>Thread safety: {@code start} and {@code close} are synchronized; {@link #boundPort()} may be called from any
 * thread after {@code start}.
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} once. The event loop groups come from the config
 * and must be NIO groups ({@code NioEventLoopGroup}); the caller shuts them down after {@code close()}. Both
 * {@code start} and {@code close} wait for Netty, so they must not be called from an event loop thread.
 */
public final class CqlServer implements AutoCloseable {

    /** The CQL language version this server reports in SUPPORTED ({@code CQL_VERSION}), as Cassandra 5.0 does. */
    public static final String CQL_VERSION = "3.4.7";

    private static final Logger LOGGER = LoggerFactory.getLogger(CqlServer.class);
    private static final int MAX_DISTINCT_ERRORS_LOGGED = 1000;
    private static final int FLUSHES_BEFORE_FORCED_FLUSH = 256;

    private final CqlServerConfig config;
    private final TransportServices services;
    private final TlsFailureHandler tlsFailures;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private Channel serverChannel;
    private boolean closed;

    /**
     * A server without authentication (STARTUP is answered READY); see the three-argument constructor.
     *
     * @param config       the validated configuration
     * @param queryHandler executes statements
     */
    public CqlServer(CqlServerConfig config, QueryHandler queryHandler) {
        this(config, queryHandler, new AllowAllAuthenticator());
    }

    /**
     * Registers for the handler's schema changes; binds nothing until {@link #start()}.
     *
     * @param config        the validated configuration
     * @param queryHandler  executes statements
     * @param authenticator answers STARTUP with READY ({@link AllowAllAuthenticator}) or AUTHENTICATE and runs the
     *                      SASL exchange ({@code PasswordAuthenticator}, started before this server)
     */
    public CqlServer(CqlServerConfig config, QueryHandler queryHandler, Authenticator authenticator) {
        this.config = Objects.requireNonNull(config, "config");
        SchemaChangeBroadcaster schemaChanges = new SchemaChangeBroadcaster();
        this.services = new TransportServices(Objects.requireNonNull(queryHandler, "queryHandler"), schemaChanges,
                new Lz4Codec(), new DistinctErrorLog(LOGGER, MAX_DISTINCT_ERRORS_LOGGED), config.maxFrameBytes(),
                config.maxInFlightRequestsPerConnection(), Objects.requireNonNull(authenticator, "authenticator"));
        this.tlsFailures = new TlsFailureHandler(services.errorLog());
        queryHandler.addSchemaChangeListener(schemaChanges);
    }

    /**
     * Binds {@code host:port} and starts accepting connections.
     *
     * @throws IllegalStateException when already started or closed, or when the address cannot be bound (the cause
     *                               says why)
     */
    public synchronized void start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("CQL server already started or closed");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(config.acceptorGroup(), config.ioGroup())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.closeFuture().addListener(future -> connections.remove(channel));
                        config.encryption().install(channel.pipeline(), tlsFailures);
                        channel.pipeline().addLast(new FlushConsolidationHandler(FLUSHES_BEFORE_FORCED_FLUSH, true));
                        CqlPipeline.install(channel.pipeline(), services);
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IllegalStateException("Cannot bind the native transport to " + config.host() + ":"
                    + config.port(), bind.cause());
        }
        serverChannel = bind.channel();
        LOGGER.info("CQL native transport listening on {} (protocol v4, v5; {})", serverChannel.localAddress(),
                describe(config.encryption().mode()));
    }

    private static String describe(TransportEncryption.Mode mode) {
        return switch (mode) {
            case PLAINTEXT -> "plaintext";
            case TLS -> "TLS only";
            case OPTIONAL_TLS -> "TLS or plaintext";
        };
    }

    /**
     * @return the port the server listens on (the ephemeral one when configured with port 0)
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized int boundPort() {
        if (serverChannel == null) {
            throw new IllegalStateException("CQL server not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** @return counts of logged errors and connection-closing TLS failures, for tests of this package */
    DistinctErrorLog errorLog() {
        return services.errorLog();
    }

    /** @return how many client connections are open */
    public int openConnections() {
        return connections.size();
    }

    /** Stops accepting, closes every connection and waits for them to close. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        for (Channel connection : connections) {
            connection.close().awaitUninterruptibly();
        }
    }
}
