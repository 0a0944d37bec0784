package io.almanac.cql.statements;

import com.datastax.oss.driver.api.core.CqlSession;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.system.NodeInfo;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.VirtualTable;
import io.almanac.cql.system.VirtualTables;
import io.almanac.cql.transport.CqlServer;
import io.almanac.cql.transport.CqlServerConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * TEST FIXTURE: a CQL server on loopback over the real engine ({@link EngineFixture}), with system tables, and
 * Java-driver sessions to it; keyspace {@code ks} exists.
 */
final class DriverServerFixture implements AutoCloseable {

    final EngineFixture db;
    private final NioEventLoopGroup group;
    private final CqlServer server;

    DriverServerFixture(Path directory) {
        SystemTables[] tables = new SystemTables[1];
        db = new EngineFixture(directory, new DelegatingVirtualTables(() -> tables[0]));
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), db.processor);
        server.start();
        NodeInfo node = new NodeInfo("Almanac", UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "datacenter1", "rack1", InetAddress.getLoopbackAddress(), server.boundPort(), "5.0.2", "3.4.7", "5",
                List.of(0L));
        tables[0] = new SystemTables(node, db.engine::schema);
        db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    /** @return a new session; the caller closes it */
    CqlSession connect() {
        return DriverSessions.connect(server.boundPort());
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }

    /** The system tables need the server's port, known only after it started; this defers the lookup. */
    private record DelegatingVirtualTables(Supplier<SystemTables> tables) implements VirtualTables {
        @Override
        public VirtualTable table(String keyspace, String table) {
            return tables.get().table(keyspace, table);
        }

        @Override
        public boolean isVirtualKeyspace(String keyspace) {
            return tables.get().isVirtualKeyspace(keyspace);
        }

        @Override
        public Collection<VirtualTable> all() {
            return tables.get().all();
        }
    }
}
