package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.auth.AuthenticationException;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.auth.PasswordAuthenticatorConfig;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CREATE/ALTER/DROP ROLE, the USER aliases and LIST ROLES/USERS through the query processor on the real engine, with
 * the {@link PasswordAuthenticator} reading what they wrote: bcrypt hashes stored, superuser-only management,
 * Cassandra's messages, and password hashes kept from non-superusers.
 */
class RoleStatementsTest {

    @TempDir
    Path directory;
    private EngineFixture db;
    private PasswordAuthenticator authenticator;
    private final ClientState superuser = state("cassandra", true);

    @BeforeEach
    void open() {
        db = new EngineFixture(directory);
        authenticator = new PasswordAuthenticator(new PasswordAuthenticatorConfig("cassandra", "secret"), db.engine,
                db.processor);
        assertThat(authenticator.start()).isTrue();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createRoleStoresABcryptHashThatTheAuthenticatorAccepts() {
        assertThat(run(superuser, "CREATE ROLE alice WITH PASSWORD = 'pw1' AND LOGIN = true AND SUPERUSER = false"))
                .isEqualTo(ResultMessage.Void.INSTANCE);

        ResultMessage.Rows stored = rows(superuser, "SELECT salted_hash, can_login, is_superuser"
                + " FROM system_auth.roles WHERE role = 'alice'");
        String hash = new String(stored.rows().get(0)[0], StandardCharsets.UTF_8);
        assertThat(hash).startsWith("$2a$10$").hasSize(60).doesNotContain("pw1");
        assertThat(EngineFixture.await(authenticator.authenticate("alice", "pw1")))
                .isEqualTo(new AuthenticatedUser("alice", false));
        assertThatThrownBy(() -> EngineFixture.await(authenticator.authenticate("alice", "pw2")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Provided username alice and/or password are incorrect");
    }

    @Test
    void existenceChecksFollowCassandra() {
        run(superuser, "CREATE ROLE alice WITH PASSWORD = 'pw1' AND LOGIN = true");
        assertThatThrownBy(() -> run(superuser, "CREATE ROLE alice"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("alice already exists");
        assertThat(run(superuser, "CREATE ROLE IF NOT EXISTS alice")).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThatThrownBy(() -> run(superuser, "ALTER ROLE bob WITH LOGIN = true"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("bob doesn't exist");
        assertThatThrownBy(() -> run(superuser, "DROP ROLE bob"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("bob doesn't exist");
        assertThat(run(superuser, "DROP ROLE IF EXISTS bob")).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThatThrownBy(() -> run(superuser, "DROP ROLE cassandra"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Cannot DROP primary role for current login");

        run(superuser, "DROP ROLE alice");
        assertThatThrownBy(() -> EngineFixture.await(authenticator.authenticate("alice", "pw1")))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void alterRoleChangesPasswordAndLogin() {
        run(superuser, "CREATE ROLE alice WITH PASSWORD = 'pw1' AND LOGIN = true");
        run(superuser, "ALTER ROLE alice WITH PASSWORD = 'pw2' AND SUPERUSER = true");
        assertThat(EngineFixture.await(authenticator.authenticate("alice", "pw2")))
                .isEqualTo(new AuthenticatedUser("alice", true));

        run(superuser, "ALTER ROLE alice WITH LOGIN = false");
        assertThatThrownBy(() -> EngineFixture.await(authenticator.authenticate("alice", "pw2")))
                .isInstanceOf(AuthenticationException.class).hasMessage("alice is not permitted to log in");
    }

    @Test
    void onlySuperusersManageRolesButAnyoneChangesTheirOwnPassword() {
        run(superuser, "CREATE ROLE alice WITH PASSWORD = 'pw1' AND LOGIN = true");
        ClientState alice = state("alice", false);

        assertUnauthorized(alice, "CREATE ROLE bob",
                "User alice has no CREATE permission on <all roles> or any of its parents");
        assertUnauthorized(alice, "DROP ROLE cassandra",
                "User alice has no DROP permission on <role cassandra> or any of its parents");
        assertUnauthorized(alice, "ALTER ROLE cassandra WITH PASSWORD = 'x'",
                "User alice has no ALTER permission on <role cassandra> or any of its parents");
        assertUnauthorized(alice, "ALTER ROLE alice WITH SUPERUSER = true",
                "You aren't allowed to alter your own superuser status or that of a role granted to you");
        assertUnauthorized(alice, "ALTER ROLE alice WITH LOGIN = false", "You aren't allowed to alter LOGIN");

        run(alice, "ALTER ROLE alice WITH PASSWORD = 'mine'");
        assertThat(EngineFixture.await(authenticator.authenticate("alice", "mine")).name()).isEqualTo("alice");
    }

    @Test
    void passwordHashesAreKeptFromNonSuperusers() {
        run(superuser, "CREATE ROLE alice WITH PASSWORD = 'pw1' AND LOGIN = true");
        ClientState alice = state("alice", false);
        assertUnauthorized(alice, "SELECT * FROM system_auth.roles",
                "User alice has no SELECT permission on <table system_auth.roles> or any of its parents");
        assertUnauthorized(alice, "INSERT INTO system_auth.roles (role, is_superuser) VALUES ('alice', true)",
                "User alice has no MODIFY permission on <table system_auth.roles> or any of its parents");
        alice.setKeyspace("system_auth");
        ResultMessage.Prepared prepared = EngineFixture.await(db.processor.prepare(alice,
                "SELECT salted_hash FROM roles WHERE role = ?", null));
        assertThatThrownBy(() -> EngineFixture.await(db.processor.execute(alice, prepared.id(), null,
                EngineFixture.options(List.of("cassandra".getBytes(StandardCharsets.UTF_8)), null, -1, null))))
                .isInstanceOf(CqlException.class).hasMessageContaining("has no SELECT permission");
        assertThat(rows(superuser, "SELECT role FROM system_auth.roles").rows()).hasSize(2);
    }

    @Test
    void listRolesAndUsersHaveCassandrasColumns() {
        run(superuser, "CREATE ROLE reader");
        run(superuser, "CREATE USER carol WITH PASSWORD 'pw' NOSUPERUSER");

        ResultMessage.Rows roles = rows(superuser, "LIST ROLES");
        assertThat(roles.metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("role", "super", "login", "options", "datacenters");
        assertThat(texts(roles, 0)).containsExactly("carol", "cassandra", "reader");
        assertThat(roles.rows().get(0)[2]).containsExactly(1);
        assertThat(roles.rows().get(2)[2]).containsExactly(0);

        ResultMessage.Rows users = rows(superuser, "LIST USERS");
        assertThat(users.metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("name", "super", "datacenters");
        assertThat(texts(users, 0)).containsExactly("carol", "cassandra");
        assertThat(texts(rows(state("carol", false), "LIST ROLES"), 0)).containsExactly("carol");
        assertThat(EngineFixture.await(authenticator.authenticate("carol", "pw")).superuser()).isFalse();
    }

    @Test
    void roleOptionErrorsAndTheAuthKeyspaceSchema() {
        assertThatThrownBy(() -> run(superuser, "CREATE ROLE x WITH COLOR = 'red'"))
                .isInstanceOf(CqlException.class).hasMessageContaining("Invalid role option 'COLOR'");
        assertThatThrownBy(() -> run(superuser, "CREATE ROLE x WITH LOGIN = true AND LOGIN = false"))
                .isInstanceOf(CqlException.class).hasMessage("Multiple definition for property LOGIN");
        assertThatThrownBy(() -> run(superuser, "CREATE ROLE x WITH LOGIN = 'yes'"))
                .isInstanceOf(CqlException.class).extracting(e -> ((CqlException) e).code())
                .isEqualTo(CqlException.SYNTAX_ERROR);
        assertUnauthorized(superuser, "DROP KEYSPACE system_auth", "system_auth keyspace is not user-modifiable.");
        assertThatThrownBy(() -> run(superuser, "LIST ALL PERMISSIONS"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("LIST PERMISSIONS operation is not supported by AllowAllAuthorizer");
    }

    @Test
    void withoutThePasswordAuthenticatorRolesAreRefusedClearly(@TempDir Path other) {
        try (EngineFixture plain = new EngineFixture(other)) {
            assertThatThrownBy(() -> EngineFixture.await(plain.processor.query(new ClientState(),
                    "CREATE ROLE alice", QueryOptions.defaults(4))))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("system_auth.roles does not exist");
        }
    }

    private ResultMessage run(ClientState state, String query) {
        return EngineFixture.await(db.processor.query(state, query, QueryOptions.defaults(4)));
    }

    private ResultMessage.Rows rows(ClientState state, String query) {
        return (ResultMessage.Rows) run(state, query);
    }

    private void assertUnauthorized(ClientState state, String query, String message) {
        assertThatThrownBy(() -> run(state, query)).isInstanceOf(CqlException.class).hasMessage(message)
                .extracting(e -> ((CqlException) e).code()).isEqualTo(CqlException.UNAUTHORIZED);
    }

    private static ClientState state(String role, boolean superuser) {
        ClientState state = new ClientState();
        state.login(new AuthenticatedUser(role, superuser));
        return state;
    }

    private static List<String> texts(ResultMessage.Rows rows, int column) {
        List<String> texts = new ArrayList<>();
        for (byte[][] row : rows.rows()) {
            texts.add(new String(row[column], StandardCharsets.UTF_8));
        }
        return texts;
    }
}
