package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.almanac.cql.auth.CassandraAuthorizer;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.query.AuthenticatedUser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRANT / REVOKE / LIST PERMISSIONS and their enforcement through the Apache Cassandra Java driver against a node
 * with PasswordAuthenticator and CassandraAuthorizer: each statement kind refused with Unauthorized (0x2100) in
 * Cassandra's words and allowed after the grant, inheritance from keyspace and ALL KEYSPACES, superusers, creator
 * grants, clean-up on drop, prepared statements and batches. Each test uses its own roles and keyspaces on one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionsDriverTest {

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
    void grantRevokeAndListRoundTrip() {
        admin.execute("CREATE ROLE alice WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("CREATE KEYSPACE rt" + REPLICATION);
        admin.execute("CREATE TABLE rt.t (k int PRIMARY KEY, v int)");
        admin.execute("GRANT SELECT ON rt.t TO alice");
        admin.execute("GRANT MODIFY ON KEYSPACE rt TO alice");
        admin.execute("GRANT ALL PERMISSIONS ON TABLE rt.t TO alice");

        List<Row> all = admin.execute("LIST ALL OF alice").all();
        assertThat(all).extracting(row -> row.getString("resource") + " " + row.getString("permission"))
                .containsExactly("<keyspace rt> MODIFY", "<table rt.t> ALTER", "<table rt.t> DROP",
                        "<table rt.t> SELECT", "<table rt.t> MODIFY", "<table rt.t> AUTHORIZE");
        assertThat(all.get(0).getString("role")).isEqualTo("alice");
        assertThat(all.get(0).getString("username")).isEqualTo("alice");
        assertThat(admin.execute("LIST MODIFY ON rt.t OF alice").all())
                .extracting(row -> row.getString("resource")).containsExactly("<keyspace rt>", "<table rt.t>");
        assertThat(admin.execute("LIST MODIFY ON rt.t OF alice NORECURSIVE").all()).hasSize(1);

        admin.execute("REVOKE ALL ON rt.t FROM alice");
        assertThat(admin.execute("LIST ALL OF alice").all()).extracting(row -> row.getString("permission"))
                .containsExactly("MODIFY");
        assertThat(admin.execute("LIST ALL ON KEYSPACE rt NORECURSIVE").all())
                .extracting(row -> row.getString("role") + " " + row.getString("permission"))
                .contains("alice MODIFY", "cassandra CREATE", "cassandra AUTHORIZE");

        try (CqlSession alice = node.login("alice", "pw")) {
            assertThat(alice.execute("LIST ALL OF alice").all()).hasSize(1);
            assertThatThrownBy(() -> alice.execute("LIST ALL")).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("You are not authorized to view everyone's permissions");
            assertThatThrownBy(() -> alice.execute("LIST ALL OF cassandra"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessage("You are not authorized to view cassandra's permissions");
        }
    }

    @Test
    void grantErrorsUseCassandrasWords() {
        admin.execute("CREATE ROLE erin");
        admin.execute("CREATE KEYSPACE er" + REPLICATION);
        assertThatThrownBy(() -> admin.execute("GRANT SELECT ON er.missing TO erin"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Resource <table er.missing> doesn't exist");
        assertThatThrownBy(() -> admin.execute("GRANT SELECT ON KEYSPACE nowhere TO erin"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Resource <keyspace nowhere> doesn't exist");
        assertThatThrownBy(() -> admin.execute("GRANT SELECT ON KEYSPACE er TO nobody"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Role nobody doesn't exist");
        assertThatThrownBy(() -> admin.execute("GRANT DESCRIBE ON KEYSPACE er TO erin"))
                .isInstanceOf(SyntaxError.class)
                .hasMessage("Resource type DataResource does not support any of the requested permissions");
        assertThatThrownBy(() -> admin.execute("LIST ALL OF nobody"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("<role nobody> doesn't exist");
        assertThatThrownBy(() -> admin.execute("LIST ALL ON KEYSPACE nowhere"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("<keyspace nowhere> doesn't exist");
        assertThat(admin.execute("LIST ALL OF erin").all()).isEmpty();
    }

    @Test
    void everyStatementKindIsRefusedUntilGranted() {
        admin.execute("CREATE ROLE frank WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("CREATE ROLE target");
        admin.execute("CREATE KEYSPACE ev" + REPLICATION);
        admin.execute("CREATE TABLE ev.t (k int PRIMARY KEY, v int)");
        try (CqlSession frank = node.login("frank", "pw")) {
            refusedThenGranted(frank, "frank", "SELECT * FROM ev.t", "SELECT", "<table ev.t>", "GRANT SELECT ON ev.t");
            refusedThenGranted(frank, "frank", "INSERT INTO ev.t (k, v) VALUES (1, 1)", "MODIFY", "<table ev.t>",
                    "GRANT MODIFY ON KEYSPACE ev");
            frank.execute("UPDATE ev.t SET v = 2 WHERE k = 1");
            assertThat(frank.execute("SELECT v FROM ev.t WHERE k = 1").one().getInt(0)).isEqualTo(2);
            frank.execute("DELETE FROM ev.t WHERE k = 1");
            frank.execute("TRUNCATE ev.t");
            refused(frank, "frank", "CREATE TABLE ev.t2 (k int PRIMARY KEY)", "CREATE", "<keyspace ev>");
            refusedThenGranted(frank, "frank", "CREATE KEYSPACE ev2" + REPLICATION, "CREATE", "<all keyspaces>",
                    "GRANT CREATE ON ALL KEYSPACES");
            frank.execute("CREATE TABLE ev.t2 (k int PRIMARY KEY)");
            refusedThenGranted(frank, "frank", "ALTER TABLE ev.t ADD w int", "ALTER", "<table ev.t>",
                    "GRANT ALTER ON ev.t");
            refusedThenGranted(frank, "frank", "ALTER KEYSPACE ev WITH durable_writes = false", "ALTER",
                    "<keyspace ev>", "GRANT ALTER ON KEYSPACE ev");
            refusedThenGranted(frank, "frank", "DROP TABLE ev.t", "DROP", "<table ev.t>", "GRANT DROP ON ev.t");
            refusedThenGranted(frank, "frank", "DROP KEYSPACE ev", "DROP", "<keyspace ev>",
                    "GRANT DROP ON KEYSPACE ev");
            refusedThenGranted(frank, "frank", "CREATE ROLE made_by_frank", "CREATE", "<all roles>",
                    "GRANT CREATE ON ALL ROLES");
            refusedThenGranted(frank, "frank", "ALTER ROLE target WITH LOGIN = true", "ALTER", "<role target>",
                    "GRANT ALTER ON ROLE target");
            refused(frank, "frank", "GRANT SELECT ON ALL KEYSPACES TO target", "AUTHORIZE", "<all keyspaces>");
            admin.execute("GRANT AUTHORIZE ON ALL KEYSPACES TO frank");
            refusedThenGranted(frank, "frank", "GRANT SELECT ON ALL KEYSPACES TO target", "SELECT", "<all keyspaces>",
                    "GRANT SELECT ON ALL KEYSPACES");
            refusedThenGranted(frank, "frank", "DROP ROLE target", "DROP", "<role target>", "GRANT DROP ON ALL ROLES");
            assertThatThrownBy(() -> frank.execute("SELECT * FROM system_auth.roles"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(frank.execute("SELECT release_version FROM system.local").one().getString(0))
                    .isEqualTo("5.0.2");
            assertThat(frank.execute("SELECT keyspace_name FROM system_schema.keyspaces").all()).isNotEmpty();
        }
    }

    @Test
    void permissionsAreInheritedFromAllKeyspacesAndSuperusersNeedNone() {
        admin.execute("CREATE ROLE gina WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("CREATE ROLE root2 WITH PASSWORD = 'pw' AND LOGIN = true AND SUPERUSER = true");
        admin.execute("CREATE KEYSPACE inh" + REPLICATION);
        admin.execute("CREATE TABLE inh.t (k int PRIMARY KEY, v int)");
        admin.execute("INSERT INTO inh.t (k, v) VALUES (1, 10)");
        try (CqlSession gina = node.login("gina", "pw"); CqlSession root2 = node.login("root2", "pw")) {
            refusedThenGranted(gina, "gina", "SELECT v FROM inh.t WHERE k = 1", "SELECT", "<table inh.t>",
                    "GRANT SELECT ON ALL KEYSPACES");
            assertThat(gina.execute("SELECT v FROM inh.t WHERE k = 1").one().getInt(0)).isEqualTo(10);
            refused(gina, "gina", "INSERT INTO inh.t (k, v) VALUES (2, 20)", "MODIFY", "<table inh.t>");
            root2.execute("INSERT INTO inh.t (k, v) VALUES (2, 20)");
            root2.execute("CREATE TABLE inh.t2 (k int PRIMARY KEY)");
            assertThat(root2.execute("SELECT * FROM system_auth.roles").all()).isNotEmpty();
            admin.execute("REVOKE SELECT ON ALL KEYSPACES FROM gina");
            refused(gina, "gina", "SELECT v FROM inh.t WHERE k = 1", "SELECT", "<table inh.t>");
        }
    }

    @Test
    void creatorsGetEveryPermissionAndDropsForgetGrants() {
        admin.execute("CREATE ROLE hank WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("GRANT CREATE ON ALL KEYSPACES TO hank");
        admin.execute("GRANT CREATE ON ALL ROLES TO hank");
        try (CqlSession hank = node.login("hank", "pw")) {
            hank.execute("CREATE KEYSPACE own" + REPLICATION);
            hank.execute("CREATE TABLE own.t (k int PRIMARY KEY, v int)");
            hank.execute("INSERT INTO own.t (k, v) VALUES (1, 1)");
            assertThat(hank.execute("SELECT * FROM own.t").all()).hasSize(1);
            assertThat(admin.execute("LIST ALL ON KEYSPACE own OF hank NORECURSIVE").all())
                    .extracting(row -> row.getString("permission"))
                    .containsExactly("CREATE", "ALTER", "DROP", "SELECT", "MODIFY", "AUTHORIZE");
            hank.execute("CREATE ROLE helper");
            assertThat(hank.execute("LIST ALL ON ROLE helper OF hank NORECURSIVE").all())
                    .extracting(row -> row.getString("permission")).containsExactly("ALTER", "DROP", "AUTHORIZE");
            hank.execute("DROP ROLE helper");
            hank.execute("DROP TABLE own.t");
            assertThat(admin.execute("LIST ALL OF hank").all()).extracting(row -> row.getString("resource"))
                    .doesNotContain("<table own.t>", "<role helper>").contains("<keyspace own>");
            hank.execute("DROP KEYSPACE own");
        }
        assertThat(admin.execute("LIST ALL OF hank").all()).extracting(row -> row.getString("resource"))
                .containsExactly("<all keyspaces>", "<all roles>");
        admin.execute("CREATE KEYSPACE own" + REPLICATION);
        assertThat(node.authorizer.authorize(new AuthenticatedUser("hank", false), Permission.SELECT, "own", null))
                .isFalse();
        admin.execute("DROP ROLE hank");
        admin.execute("CREATE ROLE hank");
        assertThat(admin.execute("LIST ALL OF hank").all()).isEmpty();
    }

    @Test
    void preparedStatementsAndBatchesAreCheckedAtEachExecution() {
        admin.execute("CREATE ROLE ivy WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("CREATE KEYSPACE prep" + REPLICATION);
        admin.execute("CREATE TABLE prep.a (k int PRIMARY KEY, v int)");
        admin.execute("CREATE TABLE prep.b (k int PRIMARY KEY, v int)");
        try (CqlSession ivy = node.login("ivy", "pw")) {
            PreparedStatement insertA = ivy.prepare("INSERT INTO prep.a (k, v) VALUES (?, ?)");
            PreparedStatement insertB = ivy.prepare("INSERT INTO prep.b (k, v) VALUES (?, ?)");
            PreparedStatement select = ivy.prepare("SELECT v FROM prep.a WHERE k = ?");
            assertThatThrownBy(() -> ivy.execute(insertA.bind(1, 1))).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("User ivy has no MODIFY permission on <table prep.a> or any of its parents");
            admin.execute("GRANT MODIFY ON prep.a TO ivy");
            ivy.execute(insertA.bind(1, 1));
            BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED, insertA.bind(2, 2),
                    insertB.bind(2, 2));
            assertThatThrownBy(() -> ivy.execute(batch)).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("User ivy has no MODIFY permission on <table prep.b> or any of its parents");
            assertThatThrownBy(() -> ivy.execute("BEGIN BATCH INSERT INTO prep.a (k, v) VALUES (3, 3);"
                    + " INSERT INTO prep.b (k, v) VALUES (3, 3); APPLY BATCH"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(admin.execute("SELECT * FROM prep.a WHERE k = 2").all()).isEmpty();
            admin.execute("GRANT MODIFY ON prep.b TO ivy");
            ivy.execute(batch);
            assertThatThrownBy(() -> ivy.execute(select.bind(1))).isInstanceOf(UnauthorizedException.class);
            admin.execute("GRANT SELECT ON KEYSPACE prep TO ivy");
            assertThat(ivy.execute(select.bind(2)).one().getInt(0)).isEqualTo(2);
            admin.execute("REVOKE MODIFY ON prep.b FROM ivy");
            assertThatThrownBy(() -> ivy.execute(insertB.bind(4, 4))).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void rolesGrantedToRolesCarryTheirPermissions() {
        admin.execute("CREATE ROLE jill WITH PASSWORD = 'pw' AND LOGIN = true");
        admin.execute("CREATE ROLE readers");
        admin.execute("CREATE ROLE base");
        admin.execute("CREATE KEYSPACE mem" + REPLICATION);
        admin.execute("CREATE TABLE mem.t (k int PRIMARY KEY, v int)");
        admin.execute("GRANT SELECT ON KEYSPACE mem TO readers");
        admin.execute("GRANT MODIFY ON KEYSPACE mem TO base");
        try (CqlSession jill = node.login("jill", "pw")) {
            refused(jill, "jill", "SELECT * FROM mem.t", "SELECT", "<table mem.t>");
            admin.execute("GRANT readers TO jill");
            admin.execute("GRANT base TO readers");
            jill.execute("INSERT INTO mem.t (k, v) VALUES (1, 1)");
            assertThat(jill.execute("SELECT * FROM mem.t").all()).hasSize(1);
            assertThat(roles(admin.execute("LIST ROLES OF jill").all())).containsExactly("base", "jill", "readers");
            assertThat(roles(admin.execute("LIST ROLES OF jill NORECURSIVE").all())).containsExactly("jill", "readers");
            assertThat(roles(jill.execute("LIST ROLES").all())).containsExactly("base", "jill", "readers");
            assertThat(jill.execute("LIST ALL OF jill").all()).extracting(row -> row.getString("role"))
                    .containsExactly("base", "readers");
            assertThatThrownBy(() -> jill.execute("LIST ROLES OF cassandra"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessage("You are not authorized to view roles granted to cassandra");
            assertThatThrownBy(() -> admin.execute("GRANT readers TO jill")).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("jill is a member of readers");
            assertThatThrownBy(() -> admin.execute("GRANT jill TO base")).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("jill is a member of base");
            assertThatThrownBy(() -> admin.execute("GRANT readers TO nobody"))
                    .isInstanceOf(InvalidQueryException.class).hasMessage("nobody doesn't exist");
            assertThatThrownBy(() -> jill.execute("GRANT base TO jill")).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("User jill has no AUTHORIZE permission on <role base> or any of its parents");

            CassandraAuthorizer restarted = new CassandraAuthorizer(node.db.engine);
            restarted.start(node.authenticator, node.db.processor);
            assertThat(restarted.rolesOf("jill")).containsExactlyInAnyOrder("jill", "readers", "base");

            admin.execute("REVOKE readers FROM jill");
            refused(jill, "jill", "SELECT * FROM mem.t", "SELECT", "<table mem.t>");
            assertThatThrownBy(() -> admin.execute("REVOKE readers FROM jill"))
                    .isInstanceOf(InvalidQueryException.class).hasMessage("jill is not a member of readers");
            admin.execute("GRANT readers TO jill");
            admin.execute("DROP ROLE readers");
            refused(jill, "jill", "SELECT * FROM mem.t", "SELECT", "<table mem.t>");
            assertThat(roles(admin.execute("LIST ROLES OF jill").all())).containsExactly("jill");
        }
    }

    private static List<String> roles(List<Row> rows) {
        return rows.stream().map(row -> row.getString("role")).toList();
    }

    private void refusedThenGranted(CqlSession session, String role, String query, String permission,
                                    String resource, String grantWithoutGrantee) {
        refused(session, role, query, permission, resource);
        admin.execute(grantWithoutGrantee + " TO " + role);
        session.execute(query);
    }

    private static void refused(CqlSession session, String role, String query, String permission,
                                String resource) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(UnauthorizedException.class)
                .hasMessage("User " + role + " has no " + permission + " permission on " + resource
                        + " or any of its parents");
    }
}
