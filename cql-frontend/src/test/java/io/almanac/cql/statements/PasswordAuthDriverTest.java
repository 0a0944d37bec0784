package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.almanac.cql.DriverSessions;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Apache Cassandra Java driver with {@code PlainTextAuthProvider} (via {@code withAuthCredentials}) against the
 * real transport, query processor, engine and {@link PasswordAuthenticator}: login, wrong password, no credentials,
 * role DDL and the superuser-only {@code system_auth}.
 */
class PasswordAuthDriverTest {

    @TempDir
    Path directory;
    private NioEventLoopGroup group;
    private EngineFixture db;
    private CqlServer server;

    @BeforeEach
    void start() {
        AtomicReference<SystemTables> tables = new AtomicReference<>();
        db = new EngineFixture(directory, new DeferredVirtualTables(tables));
        PasswordAuthenticator authenticator = new PasswordAuthenticator(
                new PasswordAuthenticatorConfig("cassandra", "secret"), db.engine, db.processor);
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), db.processor, authenticator);
        server.start();
        NodeInfo node = new NodeInfo("Almanac", UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "datacenter1", "rack1", InetAddress.getLoopbackAddress(), server.boundPort(), "5.0.2", "3.4.7", "5",
                List.of(0L));
        tables.set(new SystemTables(node, db.engine::schema));
        authenticator.start();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }

    @Test
    void theDefaultSuperuserLogsInAndManagesRoles() {
        try (CqlSession session = builder().withAuthCredentials("cassandra", "secret").build()) {
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .isEqualTo("5.0.2");
            session.execute("CREATE ROLE alice WITH PASSWORD = 'pw' AND LOGIN = true AND SUPERUSER = false");
            List<Row> roles = session.execute("LIST ROLES").all();
            assertThat(roles).extracting(row -> row.getString("role")).containsExactly("alice", "cassandra");
            assertThat(roles.get(1).getBoolean("super")).isTrue();
            assertThat(roles.get(0).getMap("options", String.class, String.class)).isEmpty();
        }
        try (CqlSession alice = builder().withAuthCredentials("alice", "pw").build()) {
            assertThat(alice.execute("LIST ROLES").all()).hasSize(1);
            assertThatThrownBy(() -> alice.execute("SELECT * FROM system_auth.roles"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessage("User alice has no SELECT permission on <table system_auth.roles> or any of its"
                            + " parents");
            assertThatThrownBy(() -> alice.execute("CREATE ROLE bob"))
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationError() {
        assertThatThrownBy(() -> builder().withAuthCredentials("cassandra", "wrong").build().close())
                .isInstanceOf(AllNodesFailedException.class)
                .satisfies(e -> assertThat(firstError((AllNodesFailedException) e))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("Provided username cassandra and/or password are incorrect"));
    }

    @Test
    void noCredentialsAreRefused() {
        assertThatThrownBy(() -> builder().build().close())
                .isInstanceOf(AllNodesFailedException.class)
                .satisfies(e -> assertThat(firstError((AllNodesFailedException) e))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("org.apache.cassandra.auth.PasswordAuthenticator"));
    }

    private static Throwable firstError(AllNodesFailedException failure) {
        return failure.getAllErrors().values().iterator().next().get(0);
    }

    private CqlSessionBuilder builder() {
        return DriverSessions.builder(server.boundPort(), Map.of());
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
