package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Superuser status as Cassandra 5.0 resolves it ({@code Roles.hasSuperuserStatus}, {@code AuthenticatedUser.isSuper}),
 * through the Apache Cassandra Java driver against a node with PasswordAuthenticator and CassandraAuthorizer: a role
 * granted a superuser role is a superuser; GRANT, REVOKE, ALTER ROLE ... SUPERUSER and DROP ROLE apply to an open
 * session at its next statement (Unauthorized, 0x2100, once the status is gone); LOGIN is checked only at login.
 * Each test uses its own roles and keyspace on one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuperuserStatusDriverTest {

    private static final String REPLICATION = " WITH replication = {'class': 'SimpleStrategy',"
            + " 'replication_factor': 1}";

    private AuthorizedServerFixture node;
    private CqlSession admin;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new AuthorizedServerFixture(directory);
        admin = node.login("cassandra", "secret");
    }

    @AfterAll
    void stop() {
        admin.close();
        node.close();
    }

    @Test
    void aGrantedSuperuserRoleMakesASuperuserAtOnceAndItsRevokeUndoesIt() {
        admin.execute("CREATE KEYSPACE gs" + REPLICATION);
        admin.execute("CREATE TABLE gs.t (k int PRIMARY KEY, v int)");
        admin.execute("INSERT INTO gs.t (k, v) VALUES (1, 10)");
        admin.execute("CREATE ROLE gs_admin WITH SUPERUSER = true");
        admin.execute("CREATE ROLE gs_ops");
        admin.execute("CREATE ROLE gs_alice WITH PASSWORD = 'pw' AND LOGIN = true");
        try (CqlSession alice = node.login("gs_alice", "pw")) {
            refused(alice, "CREATE ROLE gs_made", "User gs_alice has no CREATE permission on <all roles> or any of"
                    + " its parents");
            refused(alice, "SELECT v FROM gs.t", "User gs_alice has no SELECT permission on <table gs.t> or any of"
                    + " its parents");

            admin.execute("GRANT gs_admin TO gs_ops");
            admin.execute("GRANT gs_ops TO gs_alice");
            alice.execute("CREATE ROLE gs_made");
            assertThat(alice.execute("SELECT v FROM gs.t WHERE k = 1").one().getInt("v")).isEqualTo(10);
            assertThat(alice.execute("SELECT role FROM system_auth.roles").all()).isNotEmpty();
            alice.execute("CREATE KEYSPACE gs_own" + REPLICATION);

            admin.execute("REVOKE gs_ops FROM gs_alice");
            refused(alice, "SELECT v FROM gs.t", "User gs_alice has no SELECT permission on <table gs.t> or any of"
                    + " its parents");
            refused(alice, "CREATE ROLE gs_other", "User gs_alice has no CREATE permission on <all roles> or any"
                    + " of its parents");
        }
    }

    @Test
    void alterRoleSuperuserAppliesToAnOpenSessionAtItsNextStatement() {
        admin.execute("CREATE KEYSPACE al" + REPLICATION);
        admin.execute("CREATE TABLE al.t (k int PRIMARY KEY, v int)");
        admin.execute("CREATE ROLE al_bob WITH PASSWORD = 'pw' AND LOGIN = true AND SUPERUSER = true");
        try (CqlSession bob = node.login("al_bob", "pw")) {
            bob.execute("SELECT v FROM al.t");
            admin.execute("ALTER ROLE al_bob WITH SUPERUSER = false");
            refused(bob, "SELECT v FROM al.t", "User al_bob has no SELECT permission on <table al.t> or any of its"
                    + " parents");
            refused(bob, "CREATE ROLE al_made", "User al_bob has no CREATE permission on <all roles> or any of its"
                    + " parents");
            admin.execute("ALTER ROLE al_bob WITH SUPERUSER = true");
            bob.execute("SELECT v FROM al.t");
            bob.execute("CREATE ROLE al_made");
        }
    }

    @Test
    void droppingAGrantedRoleRemovesWhatItGaveAtOnce() {
        admin.execute("CREATE KEYSPACE dr" + REPLICATION);
        admin.execute("CREATE TABLE dr.t (k int PRIMARY KEY, v int)");
        admin.execute("CREATE ROLE dr_admin WITH SUPERUSER = true");
        admin.execute("CREATE ROLE dr_reader");
        admin.execute("GRANT SELECT ON dr.t TO dr_reader");
        admin.execute("CREATE ROLE dr_carol WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("GRANT dr_admin TO dr_carol");
        admin.execute("GRANT dr_reader TO dr_carol");
        try (CqlSession carol = node.login("dr_carol", "pw")) {
            carol.execute("INSERT INTO dr.t (k, v) VALUES (1, 1)");
            assertThat(names(carol.execute("LIST ROLES OF dr_carol").all()))
                    .containsExactly("dr_admin true", "dr_carol false", "dr_reader false");

            admin.execute("DROP ROLE dr_admin");
            carol.execute("SELECT v FROM dr.t");
            refused(carol, "INSERT INTO dr.t (k, v) VALUES (2, 2)", "User dr_carol has no MODIFY permission on"
                    + " <table dr.t> or any of its parents");
            admin.execute("DROP ROLE dr_reader");
            refused(carol, "SELECT v FROM dr.t", "User dr_carol has no SELECT permission on <table dr.t> or any of"
                    + " its parents");
            assertThat(carol.execute("LIST ROLES").all()).extracting(row -> row.getString("role"))
                    .containsExactly("dr_carol");
        }
    }

    @Test
    void listRolesShowsTheOwnFlagAndListUsersTheInheritedStatus() {
        admin.execute("CREATE ROLE ls_admin WITH SUPERUSER = true");
        admin.execute("CREATE ROLE ls_dan WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("GRANT ls_admin TO ls_dan");
        assertThat(names(admin.execute("LIST ROLES OF ls_dan").all()))
                .containsExactly("ls_admin true", "ls_dan false");
        Row dan = admin.execute("LIST USERS").all().stream()
                .filter(row -> row.getString("name").equals("ls_dan")).findFirst().orElseThrow();
        assertThat(dan.getBoolean("super")).isTrue();
        try (CqlSession session = node.login("ls_dan", "pw")) {
            assertThatThrownBy(() -> session.execute("ALTER ROLE ls_admin WITH SUPERUSER = false"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessage("You aren't allowed to alter your own superuser status or that of a role granted to"
                            + " you");
        }
    }

    @Test
    void loginIsCheckedOnlyWhenAuthenticating() {
        admin.execute("CREATE ROLE lg_eve WITH PASSWORD = 'pw' AND LOGIN = true");
        try (CqlSession eve = node.login("lg_eve", "pw")) {
            admin.execute("ALTER ROLE lg_eve WITH LOGIN = false");
            assertThat(eve.execute("LIST ROLES").all()).extracting(row -> row.getBoolean("login"))
                    .containsExactly(false);
            assertThatThrownBy(() -> node.login("lg_eve", "pw").close())
                    .isInstanceOf(AllNodesFailedException.class)
                    .satisfies(e -> assertThat(((AllNodesFailedException) e).getAllErrors().values().iterator()
                            .next().get(0)).isInstanceOf(AuthenticationException.class)
                            .hasMessageContaining("lg_eve is not permitted to log in"));
        }
    }

    private static List<String> names(List<Row> rows) {
        return rows.stream().map(row -> row.getString("role") + " " + row.getBoolean("super")).toList();
    }

    private static void refused(CqlSession session, String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(UnauthorizedException.class)
                .hasMessage(message);
    }
}
