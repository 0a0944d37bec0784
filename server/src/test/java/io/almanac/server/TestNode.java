package io.almanac.server;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.almanac.storage.time.Clock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Test support: an in-process node listening on loopback ports the system picks (port 0, read back after start, so
 * no test races another process for a port), its data in a temp directory, and Java driver sessions to it configured
 * as a user would (only the contact point, the local data centre and CI-friendly timeouts).
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

    /** Starts a node with {@code config} (e.g. {@link #configFor} with overrides) on the wall clock. */
    static TestNode start(NodeConfig config) {
        return new TestNode(config, AlmanacNode.start(config));
    }

    /** @return a config listening on port 0 everywhere, 2 shards, small memtables, data in {@code dataDirectory} */
    static NodeConfig configFor(Path dataDirectory) {
        return NodeConfigLoader.override(NodeConfig.defaults(), Map.of("data_directory", dataDirectory.toString(),
                "native_transport_port", 0, "http_port", 0, "mqtt_port", 0, "mqtt_port_ssl", 0, "admin_port", 0,
                "shards", 2, "memtable_flush_threshold_mb", 16));
    }

    AlmanacNode node() {
        return node;
    }

    NodeConfig config() {
        return config;
    }

    int cqlPort() {
        return node.cqlPort();
    }

    int httpPort() {
        return node.httpPort();
    }

    int mqttPort() {
        return node.mqttPort();
    }

    int adminPort() {
        return node.adminPort();
    }

    /** @return a new driver session with default settings apart from generous timeouts for shared CI machines */
    CqlSession session() {
        return session(cqlPort());
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
