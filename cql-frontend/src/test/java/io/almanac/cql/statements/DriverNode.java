package io.almanac.cql.statements;

import com.datastax.oss.driver.api.core.CqlSession;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.system.DeferredVirtualTables;
import io.almanac.cql.system.NodeInfo;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.transport.CqlServer;
import io.almanac.cql.transport.CqlServerConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a storage engine, a query processor, the system tables and a CQL server on a loopback port, for
 * tests that talk to Almanac through the Java driver. Close it after the sessions.
 */
final class DriverNode implements AutoCloseable {

    final EngineFixture db;
    final CqlServer server;
    private final NioEventLoopGroup group;

    DriverNode(Path directory) {
        DeferredVirtualTables tables = new DeferredVirtualTables();
        db = new EngineFixture(directory, tables);
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), db.processor);
        server.start();
        NodeInfo node = new NodeInfo("Almanac", UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "datacenter1", "rack1", InetAddress.getLoopbackAddress(), server.boundPort(), "5.0.2", "3.4.7", "5",
                List.of(0L));
        tables.set(new SystemTables(node, db.engine::schema));
    }

    int port() {
        return server.boundPort();
    }

    /** @return a session with the driver's default settings */
    CqlSession connect() {
        return DriverSessions.connect(server.boundPort());
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }
}
