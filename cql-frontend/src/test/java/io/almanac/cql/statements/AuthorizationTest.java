package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.auth.AllowAllAuthenticator;
import io.almanac.cql.auth.CassandraAuthorizer;
import io.almanac.cql.auth.DataResource;
import io.almanac.cql.auth.PasswordAuthenticator;
import io.almanac.cql.auth.PasswordAuthenticatorConfig;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.UnauthorizedException;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizers through the query processor on the real engine: CassandraAuthorizer's grants survive a restart
 * (a new authorizer loads them), its configuration check, the cached lookup the ingest gateway uses, and
 * AllowAllAuthorizer's behaviour (everything allowed; GRANT, REVOKE and LIST PERMISSIONS refused as Cassandra does).
 */
class AuthorizationTest {

    private static final ClientState SUPERUSER = state("cassandra", true);
    private static final AuthenticatedUser JOE = new AuthenticatedUser("joe", false);

    @TempDir
    Path directory;

    @Test
    void grantsAreStoredAndLoadedByTheNextAuthorizer() {
        AtomicReference<CassandraAuthorizer> authorizer = new AtomicReference<>();
        try (EngineFixture db = new EngineFixture(directory, new TestVirtualTables(3), engine -> {
            authorizer.set(new CassandraAuthorizer(engine));
            return authorizer.get();
        })) {
            PasswordAuthenticator authenticator = new PasswordAuthenticator(
                    new PasswordAuthenticatorConfig("cassandra", "secret"), db.engine, db.processor);
            authenticator.start();
            assertThat(authorizer.get().start(authenticator, db.processor)).isZero();
            run(db, SUPERUSER, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            run(db, SUPERUSER, "CREATE TABLE ks.t (k int PRIMARY KEY)");
            run(db, SUPERUSER, "CREATE ROLE joe WITH LOGIN = true");
            run(db, SUPERUSER, "GRANT MODIFY ON KEYSPACE ks TO joe");
            run(db, SUPERUSER, "GRANT SELECT ON ks.t TO joe");
            assertThat(authorizer.get().authorize(JOE, Permission.MODIFY, "ks", "t")).isTrue();
            assertThat(authorizer.get().authorize(JOE, Permission.MODIFY, "other", "t")).isFalse();
            assertThat(authorizer.get().authorize(JOE, Permission.DROP, "ks", null)).isFalse();
            assertThat(authorizer.get().authorize(new AuthenticatedUser("root", true), Permission.DROP, "x", null))
                    .isTrue();

            CassandraAuthorizer restarted = new CassandraAuthorizer(db.engine);
            // cassandra's creator grants on ks, ks.t and <role joe>, and joe's two grants
            assertThat(restarted.start(authenticator, db.processor)).isEqualTo(5);
            assertThat(restarted.authorize(JOE, DataResource.keyspace("ks"))).containsExactly(Permission.MODIFY);
            assertThat(restarted.authorize(JOE, DataResource.table("ks", "t"))).containsExactly(Permission.SELECT);
            assertThat(restarted.authorize(new AuthenticatedUser("cassandra", false), DataResource.keyspace("ks")))
                    .isEqualTo(DataResource.keyspace("ks").applicablePermissions());
            assertThat(restarted.revoke(EnumSet.of(Permission.SELECT, Permission.DROP), DataResource.table("ks", "t"),
                    "joe")).containsExactly(Permission.SELECT);
            assertThat(restarted.authorize(JOE, Permission.SELECT, "ks", "t")).isFalse();
        }
    }

    @Test
    void cassandraAuthorizerNeedsThePasswordAuthenticator() {
        try (EngineFixture db = new EngineFixture(directory)) {
            assertThatThrownBy(() -> new CassandraAuthorizer(db.engine).start(new AllowAllAuthenticator(),
                    db.processor)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("authorizer: CassandraAuthorizer requires authenticator: PasswordAuthenticator"
                            + " (org.apache.cassandra.auth.AllowAllAuthenticator can't be used with"
                            + " CassandraAuthorizer)");
        }
    }

    @Test
    void allowAllAuthorizerAllowsEverythingAndRefusesGrants() {
        try (EngineFixture db = new EngineFixture(directory)) {
            new PasswordAuthenticator(new PasswordAuthenticatorConfig("cassandra", "secret"), db.engine,
                    db.processor).start();
            run(db, SUPERUSER, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            run(db, SUPERUSER, "CREATE TABLE ks.t (k int PRIMARY KEY)");
            run(db, SUPERUSER, "CREATE ROLE joe WITH LOGIN = true");
            ClientState joe = state("joe", false);
            run(db, joe, "INSERT INTO ks.t (k) VALUES (1)");
            assertThat(((ResultMessage.Rows) run(db, joe, "SELECT * FROM ks.t")).rows()).hasSize(1);
            assertThatThrownBy(() -> run(db, SUPERUSER, "GRANT SELECT ON ks.t TO joe"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("GRANT operation is not supported by AllowAllAuthorizer");
            assertThatThrownBy(() -> run(db, SUPERUSER, "REVOKE SELECT ON ks.t FROM joe"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("REVOKE operation is not supported by AllowAllAuthorizer");
            assertThatThrownBy(() -> run(db, new ClientState(), "GRANT SELECT ON ks.t TO joe"))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("You have not logged in");
            assertThatThrownBy(() -> run(db, new ClientState(), "LIST ALL"))
                    .isInstanceOf(UnauthorizedException.class).hasMessage("You have not logged in");
            assertThatThrownBy(() -> run(db, joe, "CREATE ROLE other"))
                    .isInstanceOf(io.almanac.cql.query.CqlException.class)
                    .hasMessage("User joe has no CREATE permission on <all roles> or any of its parents");
        }
    }

    @Test
    void anUnqualifiedTableNeedsAKeyspace() {
        try (EngineFixture db = new EngineFixture(directory)) {
            assertThatThrownBy(() -> run(db, SUPERUSER, "GRANT SELECT ON t TO joe"))
                    .isInstanceOf(io.almanac.cql.query.CqlException.class)
                    .hasMessage("No keyspace has been specified. USE a keyspace, or explicitly specify"
                            + " keyspace.tablename");
        }
    }

    private static ResultMessage run(EngineFixture db, ClientState state, String query) {
        return EngineFixture.await(db.processor.query(state, query, QueryOptions.defaults(4)));
    }

    private static ClientState state(String role, boolean superuser) {
        ClientState state = new ClientState();
        state.login(new AuthenticatedUser(role, superuser));
        return state;
    }
}
