package io.almanac.cql.statements;

import com.datastax.oss.driver.api.core.CqlSession;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.auth.CassandraAuthorizer;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.auth.PasswordAuthenticatorConfig;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TEST FIXTURE: a node as the server wires one with {@code authenticator: PasswordAuthenticator} and
 * {@code authorizer: CassandraAuthorizer}: the real engine, a {@link QueryProcessor} checking permissions with a
 * {@link CassandraAuthorizer}, the {@link PasswordAuthenticator} (superuser cassandra / secret) and the transport on
 * an ephemeral loopback port, for the Java driver.
 */
final class AuthorizedServerFixture implements AutoCloseable {

    final EngineFixture db;
    final CassandraAuthorizer authorizer;
    final PasswordAuthenticator authenticator;
    private final NioEventLoopGroup group;
    private final CqlServer server;

    AuthorizedServerFixture(Path directory) {
        AtomicReference<SystemTables> tables = new AtomicReference<>();
        AtomicReference<CassandraAuthorizer> created = new AtomicReference<>();
        db = new EngineFixture(directory, new DeferredVirtualTables(tables), engine -> {
            created.set(new CassandraAuthorizer(engine));
            return created.get();
        });
        authorizer = created.get();
        authenticator = new PasswordAuthenticator(new PasswordAuthenticatorConfig("cassandra", "secret"), db.engine,
                db.processor);
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), db.processor, authenticator);
        server.start();
        NodeInfo node = new NodeInfo("Almanac", UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "datacenter1", "rack1", InetAddress.getLoopbackAddress(), server.boundPort(), "5.0.2", "3.4.7", "5",
                List.of(0L));
        tables.set(new SystemTables(node, db.engine::schema));
        authenticator.start();
        authorizer.start(authenticator, db.processor);
    }

    /** @return a driver session logged in as {@code role} */
    CqlSession login(String role, String password) {
        return DriverSessions.builder(server.boundPort(), Map.of()).withAuthCredentials(role, password).build();
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }

    /** The system tables need the server's port, known only after it started; this defers the lookup. */
    private record DeferredVirtualTables(AtomicReference<SystemTables> tables) implements VirtualTables {
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
