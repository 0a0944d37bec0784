package io.almanac.server;

import io.almanac.compaction.twcs.SizeTieredCompactionStrategyProvider;
import io.almanac.compaction.twcs.TimeWindowCompactionStrategyProvider;
import io.almanac.cql.auth.AllowAllAuthenticator;
import io.almanac.cql.auth.AllowAllAuthorizer;
import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.auth.CassandraAuthorizer;
import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.auth.PasswordAuthenticatorConfig;
import io.almanac.cql.statements.QueryProcessor;
import io.almanac.cql.system.NodeInfo;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.transport.CqlServer;
import io.almanac.cql.transport.ProtocolVersions;
import io.almanac.cql.transport.ClientEncryptionOptions;
import io.almanac.cql.transport.TlsContextFactory;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.IngestMetrics;
import io.almanac.ingest.RejectionLog;
import io.almanac.ingest.auth.AllowAllIngestAuthenticator;
import io.almanac.ingest.auth.IngestAuthenticator;
import io.almanac.ingest.http.HttpIngestConfig;
import io.almanac.ingest.http.HttpIngestServer;
import io.almanac.ingest.mqtt.MqttBridge;
import io.almanac.ingest.mqtt.MqttBridgeConfig;
import io.almanac.ingest.mqtt.MqttIngestConfig;
import io.almanac.ingest.mqtt.MqttIngestServer;
import io.almanac.ingest.mqtt.MqttSessions;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.time.Clock;
import io.almanac.storage.time.SystemClock;
import io.almanac.ttl.TtlSweeper;
import io.almanac.ttl.TtlSweeperConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Almanac node: the composition root that builds every module from one {@link NodeConfig} and one
 * {@link Clock} and owns their lifecycle (ARCHITECTURE.md "server"). Start order: storage engine (replays the
 * commit log), CQL, HTTP and MQTT listeners, TTL sweeper, admin endpoint; {@link #close()} stops them in reverse so
 * no frontend writes into a closed engine.
 *
 * <p>Threads: Netty event loops shared by CQL, HTTP and MQTT; the engine's shard writers, flush and compaction
 * threads; the sweeper's scheduler; the admin thread.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread, once or more.
 */
public final class AlmanacNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlmanacNode.class);
    /**
     * The Cassandra release whose protocol versions (v4, v5) and schema tables Almanac matches: drivers choose their
     * schema queries and maximum protocol version from {@code system.local.release_version}.
     */
    static final String RELEASE_VERSION = "5.0.2";

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final StorageEngine engine;
    private final CqlListeners cqlListeners;
    private final HttpIngestServer httpServer;
    private final MqttIngestServer mqttServer;
    /** MQTT over TLS ({@code mqtt_port_ssl}), or null when client encryption is off or the port is -1. */
    private final MqttIngestServer mqttTlsServer;
    private final AdminServer adminServer;
    private boolean closed;

    private AlmanacNode(NodeConfig config, Clock clock) {
        this.config = config;
        this.identity = NodeIdentity.loadOrCreate(config.dataPath());
        try {
            this.engine = ShardedStorageEngine.open(storageConfig(config), clock,
                    List.of(new SizeTieredCompactionStrategyProvider(), new TimeWindowCompactionStrategyProvider()));
            resources.add(engine);
            EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("almanac-accept"));
            EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("almanac-io"));
            resources.add(() -> workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
            resources.add(() -> boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());

            NodeInfo nodeInfo = new NodeInfo(config.clusterName(), identity.hostId(), config.dataCenter(),
                    config.rack(), config.listenInetAddress(), config.nativeTransportPort(), RELEASE_VERSION,
                    CqlServer.CQL_VERSION, Integer.toString(ProtocolVersions.MAX_SUPPORTED), List.of(identity.token()));
            Authorizer authorizer = config.cassandraAuthorizer() ? new CassandraAuthorizer(engine)
                    : new AllowAllAuthorizer();
            QueryProcessor processor = new QueryProcessor(engine, new SystemTables(nodeInfo, engine::schema),
                    authorizer, clock);
            resources.add(processor);
            Authenticator authenticator = authenticator(config, processor);
            if (authorizer instanceof CassandraAuthorizer cassandraAuthorizer) {
                cassandraAuthorizer.start(authenticator, processor);
            }
            this.cqlListeners = new CqlListeners(config, processor, authenticator, boss, workers);
            cqlListeners.start();
            resources.add(cqlListeners);
            IngestGateway gateway = new IngestGateway(engine, clock, new IngestMetrics(),
                    RejectionLog.toSlf4j(clock, IngestGateway.DEFAULT_REJECTION_LOG_INTERVAL_MILLIS),
                    ingestAuthenticator(authenticator, authorizer));
            this.httpServer = new HttpIngestServer(new HttpIngestConfig(config.listenAddress(), config.httpPort(),
                    config.httpMaxBodySizeMebibytes() << 20, config.httpMaxLinesPerRequest(),
                    config.ingest().autoCreateTables()), gateway, boss, workers);
            httpServer.start();
            resources.add(httpServer);
            MqttIngestConfig mqttConfig = MqttIngestConfig.of(config.listenAddress(), config.mqttPort(),
                    config.mqttMaxMessageSizeKibibytes() << 10).withTopicMappings(config.topicMappings())
                    .withMaxSessionExpirySeconds(config.mqttMaxSessionExpirySeconds())
                    .withBackPressureMaxWaitMillis(config.mqttBackPressureMaxWaitMillis());
            MqttSessions mqttSessions = new MqttSessions(clock, config.mqttMaxSessions());
            this.mqttServer = new MqttIngestServer(mqttConfig, gateway, mqttSessions, boss, workers,
                    NioServerSocketChannel.class);
            mqttServer.start();
            resources.add(mqttServer);
            this.mqttTlsServer = mqttTlsServer(config, mqttConfig, gateway, mqttSessions, boss, workers);
            if (mqttTlsServer != null) {
                mqttTlsServer.start();
                resources.add(mqttTlsServer);
            }
            MqttBridgeConfig bridgeConfig = config.bridge();
            if (bridgeConfig != null) {
                MqttBridge bridge = new MqttBridge(bridgeConfig, gateway);
                bridge.start();
                resources.add(bridge);
            }

            ScheduledExecutorService sweeperScheduler = Executors.newSingleThreadScheduledExecutor(
                    new DefaultThreadFactory("almanac-ttl-sweeper", true));
            resources.add(sweeperScheduler::shutdownNow);
            TtlSweeper sweeper = new TtlSweeper(engine, clock, sweeperScheduler, TtlSweeperConfig.defaults());
            sweeper.start();
            resources.add(sweeper);

            this.adminServer = new AdminServer(new InetSocketAddress(config.listenInetAddress(), config.adminPort()),
                    new NodeAdministration(engine, sweeper, config, identity, clock));
            resources.add(adminServer);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a node on the wall clock. */
    public static AlmanacNode start(NodeConfig config) {
        return start(config, new SystemClock());
    }

    /**
     * Starts a node reading time from {@code clock}.
     *
     * @throws IllegalArgumentException for an invalid configuration
     * @throws java.io.UncheckedIOException when a port cannot be bound or the data directory cannot be used
     */
    public static AlmanacNode start(NodeConfig config, Clock clock) {
        AlmanacNode node = new AlmanacNode(config.validate(), clock);
        LOG.info("{}", node.describe());
        return node;
    }

    /** {@code authenticator}: PasswordAuthenticator creates system_auth and the default superuser on first start. */
    private Authenticator authenticator(NodeConfig config, QueryProcessor processor) {
        if (!"PasswordAuthenticator".equals(config.authenticator())) {
            return new AllowAllAuthenticator();
        }
        PasswordAuthenticator password = new PasswordAuthenticator(new PasswordAuthenticatorConfig(
                config.authDefaultSuperuserName(), config.authDefaultSuperuserPassword()), engine, processor);
        if (password.start()) {
            LOG.warn("Created the default superuser '{}' with the configured password: change it with ALTER ROLE",
                    config.authDefaultSuperuserName());
        }
        return password;
    }

    /**
     * The ingest side of {@code authenticator} and {@code authorizer}: CQL's PasswordAuthenticator and the node's
     * authorizer (MODIFY on the table) adapted, or no authentication.
     */
    private static IngestAuthenticator ingestAuthenticator(Authenticator authenticator, Authorizer authorizer) {
        return authenticator instanceof PasswordAuthenticator password
                ? new PasswordIngestAuthenticator(password, authorizer) : new AllowAllIngestAuthenticator();
    }

    /**
     * The MQTT-over-TLS listener: with {@code client_encryption_options.enabled} and {@code mqtt_port_ssl} not -1,
     * on the TLS context CQL builds from the same options (keystore or PEM pair, protocols, cipher suites, client
     * certificates); else null.
     */
    private static MqttIngestServer mqttTlsServer(NodeConfig config, MqttIngestConfig mqttConfig,
                                                  IngestGateway gateway, MqttSessions sessions, EventLoopGroup boss,
                                                  EventLoopGroup workers) {
        ClientEncryptionOptions encryption = CqlListeners.encryptionOptions(config.clientEncryption());
        if (!encryption.enabled() || config.mqttPortSsl() < 0) {
            return null;
        }
        SslContext ssl = TlsContextFactory.serverContext(encryption);
        return new MqttIngestServer(mqttConfig.withTls(config.mqttPortSsl(), ssl), gateway, sessions, boss, workers,
                NioServerSocketChannel.class);
    }

    static StorageConfig storageConfig(NodeConfig config) {
        int shards = config.shards() == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : config.shards();
        return new StorageConfig(config.dataPath(), shards, config.ringBufferSizeMebibytes() << 20,
                (long) config.memtableFlushThresholdMebibytes() << 20, config.commitLogSyncMode(),
                config.commitLogSyncIntervalMillis(), config.compactionThroughputMebibytesPerSecond());
    }

    /** @return the port CQL listens on (the one chosen when configured with 0) */
    public int cqlPort() {
        return cqlListeners.nativePort();
    }

    /** @return the dedicated CQL-over-TLS port, or -1 when TLS is off or shares the native port */
    public int cqlTlsPort() {
        return cqlListeners.tlsPort();
    }

    /** @return the port HTTP ingest listens on */
    public int httpPort() {
        return httpServer.boundPort();
    }

    /** @return the port MQTT ingest listens on */
    public int mqttPort() {
        return mqttServer.boundPort();
    }

    /** @return the port MQTT over TLS listens on, or -1 when it is off */
    public int mqttTlsPort() {
        return mqttTlsServer == null ? -1 : mqttTlsServer.boundPort();
    }

    /** @return the plaintext MQTT listener (its configuration, for tests) */
    MqttIngestServer mqttListener() {
        return mqttServer;
    }

    /** @return the MQTT-over-TLS listener, or null when it is off */
    MqttIngestServer mqttTlsListener() {
        return mqttTlsServer;
    }

    /** @return the port of the nodetool admin endpoint */
    public int adminPort() {
        return adminServer.port();
    }

    /** @return the storage engine (for admin operations and tests) */
    public StorageEngine engine() {
        return engine;
    }

    /** @return where the node listens, for the start-up banner */
    public String describe() {
        String host = config.listenAddress();
        return "Almanac node " + identity.hostId() + " of cluster '" + config.clusterName() + "' is up:"
                + " CQL " + host + ":" + cqlPort()
                + (cqlTlsPort() < 0 ? "" : " (TLS " + host + ":" + cqlTlsPort() + ")")
                + ", HTTP " + host + ":" + httpPort()
                + ", MQTT " + host + ":" + mqttPort()
                + (mqttTlsPort() < 0 ? "" : " (TLS " + host + ":" + mqttTlsPort() + ")")
                + ", nodetool " + host + ":" + adminPort()
                + ", data in " + config.dataPath().toAbsolutePath().normalize();
    }

    /** Stops every part in reverse start order; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resources.get(i), e);
            }
        }
        LOG.info("Almanac node stopped");
    }
}
