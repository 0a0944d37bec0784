package io.almanac.server;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.almanac.storage.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test support: an in-process node on free loopback ports with its data in a temp directory, and Java driver
 * sessions to it configured as a user would (only the contact point, the local data centre and CI-friendly
 * timeouts).
 */
final class TestNode implements AutoCloseable {

    private final AlmanacNode node;
    private final NodeConfig config;

    private TestNode(NodeConfig config, AlmanacNode node) {
        this.config = config;
        this.node = node;
    }

    /** Starts a node with the wall clock. */
    static TestNode start(Path dataDirectory) {
        return start(dataDirectory, null);
    }

    /** Starts a node reading time from {@code clock} (null = the wall clock). */
    static TestNode start(Path dataDirectory, Clock clock) {
        NodeConfig config = configFor(dataDirectory);
        AlmanacNode node = clock == null ? AlmanacNode.start(config) : AlmanacNode.start(config, clock);
        return new TestNode(config, node);
    }

    /** @return a config with four free loopback ports, small shards and memtables, data in {@code dataDirectory} */
    static NodeConfig configFor(Path dataDirectory) {
        NodeConfig defaults = NodeConfig.defaults().withDataDirectory(dataDirectory.toString());
        return new NodeConfig(defaults.clusterName(), defaults.dataDirectory(), defaults.listenAddress(), freePort(),
                defaults.nativeTransportMaxFrameSizeMebibytes(), freePort(), defaults.httpMaxBodySizeMebibytes(),
                freePort(), defaults.mqttMaxMessageSizeKibibytes(), freePort(), defaults.dataCenter(),
                defaults.rack(), 2, 4, 16, defaults.commitLogSync(), defaults.commitLogSyncPeriodMillis(),
                defaults.compactionThroughputMebibytesPerSecond()).validate();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AlmanacNode node() {
        return node;
    }

    NodeConfig config() {
        return config;
    }

    /** @return a new driver session with default settings apart from generous timeouts for shared CI machines */
    CqlSession session() {
        return session(config.nativeTransportPort());
    }

    static CqlSession session(int port) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1").withConfigLoader(loader).build();
    }

    @Override
    public void close() {
        node.close();
    }
}
