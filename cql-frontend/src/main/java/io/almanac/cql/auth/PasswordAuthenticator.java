package io.almanac.cql.auth;

import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.SuperuserStatus;
import io.almanac.storage.engine.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Cassandra's {@code PasswordAuthenticator}: SASL PLAIN (reference §1.5) against bcrypt hashes in the stored
 * {@code system_auth.roles} table ({@link RolesTable}).
 *
 * <p>Lifecycle: construct, then {@link #start()} once before the transport accepts connections: it creates
 * {@code system_auth} and {@code roles} through the {@link StorageEngine} if missing and, when no role exists yet,
 * the default superuser of the {@link PasswordAuthenticatorConfig} (login, superuser, bcrypt-hashed password).
 *
 * <p>Login: one AUTH_RESPONSE with {@code authzid NUL authcid NUL password}; the role is read through the
 * {@link QueryHandler} (with the node's own {@link ClientState#internal() internal} state) and the password checked
 * with bcrypt off the event loop. Errors (0x0100): the three token format errors of {@link PlainSaslToken#decode},
 * "Provided username X and/or password are incorrect" for an unknown role or a wrong password, and
 * "X is not permitted to log in" for a role without LOGIN. LOGIN is checked only here, as Cassandra does: ALTER ROLE
 * ... LOGIN = false keeps open sessions.
 *
 * <p>Superuser status: once {@link #resolveSuperuserStatusWith} was given the authorizer's role graph
 * (CassandraAuthorizer does it in its {@code start}), a logged-in user asks it on every check (inherited through
 * granted roles, current); without it (AllowAllAuthorizer, which keeps no role graph) the role's own
 * {@code is_superuser} as read at login.
 *
 * <p>Thread safety: safe from any thread after {@link #start()}.
 */
public final class PasswordAuthenticator implements Authenticator {

    /** The class name drivers expect in AUTHENTICATE. */
    public static final String CLASS_NAME = "org.apache.cassandra.auth.PasswordAuthenticator";

    private static final String SELECT_ROLE = "SELECT salted_hash, can_login, is_superuser FROM system_auth.roles"
            + " WHERE role = ?";
    private static final String ANY_ROLE = "SELECT role FROM system_auth.roles LIMIT 1";
    private static final String INSERT_ROLE = "INSERT INTO system_auth.roles (role, can_login, is_superuser,"
            + " salted_hash) VALUES (?, ?, ?, ?)";
    private static final int PROTOCOL_VERSION = 5;

    private final PasswordAuthenticatorConfig config;
    private final StorageEngine engine;
    private final QueryHandler queryHandler;
    private final Executor hashingExecutor;
    private volatile SuperuserStatus superuserStatus;

    /**
     * @param config       the default superuser
     * @param engine       creates {@code system_auth.roles}
     * @param queryHandler reads and writes roles (the node's QueryProcessor)
     */
    public PasswordAuthenticator(PasswordAuthenticatorConfig config, StorageEngine engine,
                                 QueryHandler queryHandler) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.queryHandler = Objects.requireNonNull(queryHandler, "queryHandler");
        this.hashingExecutor = ForkJoinPool.commonPool();
    }

    /**
     * Creates the roles table if missing and the default superuser if no role exists. Blocks until done.
     *
     * @return whether the default superuser was created (first start)
     * @throws java.util.concurrent.CompletionException when the engine refuses the schema or the write
     */
    public boolean start() {
        engine.createKeyspace(RolesTable.keyspace(), true);
        engine.createTable(RolesTable.table(), true);
        ResultMessage any = queryHandler.query(ClientState.internal(), ANY_ROLE, options(List.of())).join();
        if (!((ResultMessage.Rows) any).rows().isEmpty()) {
            return false;
        }
        queryHandler.query(ClientState.internal(), INSERT_ROLE, options(List.of(
                utf8(config.defaultSuperuserName()), bool(true), bool(true),
                utf8(PasswordHashes.hash(config.defaultSuperuserPassword()))))).join();
        return true;
    }

    /**
     * Makes the users of later logins resolve their superuser status with {@code status} on every check. Called
     * once at start-up, before the transport accepts connections.
     */
    public void resolveSuperuserStatusWith(SuperuserStatus status) {
        this.superuserStatus = Objects.requireNonNull(status, "status");
    }

    @Override
    public boolean requireAuthentication() {
        return true;
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public SaslNegotiator newSaslNegotiator() {
        return token -> {
            PlainSaslToken credentials;
            try {
                credentials = PlainSaslToken.decode(token);
            } catch (AuthenticationException e) {
                return CompletableFuture.failedFuture(e);
            }
            return authenticate(credentials.username(), credentials.password()).thenApply(SaslStep::success);
        };
    }

    /**
     * @return the role, if it exists, may log in and {@code password} matches its hash; the future fails with
     *         {@link AuthenticationException} otherwise
     */
    public CompletableFuture<AuthenticatedUser> authenticate(String username, String password) {
        return queryHandler.query(ClientState.internal(), SELECT_ROLE, options(List.of(utf8(username))))
                .thenApplyAsync(result -> check(username, password, (ResultMessage.Rows) result), hashingExecutor);
    }

    private AuthenticatedUser check(String username, String password, ResultMessage.Rows result) {
        if (result.rows().isEmpty()) {
            throw incorrect(username);
        }
        byte[][] row = result.rows().get(0);
        String hash = row[0] == null ? null : new String(row[0], StandardCharsets.UTF_8);
        if (!PasswordHashes.matches(password, hash)) {
            throw incorrect(username);
        }
        if (!isTrue(row[1])) {
            throw new AuthenticationException(username + " is not permitted to log in");
        }
        SuperuserStatus status = superuserStatus;
        return status == null ? new AuthenticatedUser(username, isTrue(row[2]))
                : new AuthenticatedUser(username, status);
    }

    private static AuthenticationException incorrect(String username) {
        return new AuthenticationException("Provided username " + username + " and/or password are incorrect");
    }

    private static boolean isTrue(byte[] value) {
        return value != null && value.length == 1 && value[0] != 0;
    }

    private static QueryOptions options(List<byte[]> values) {
        return new QueryOptions(1, values, null, false, -1, null, -1, Long.MIN_VALUE, null, Integer.MIN_VALUE,
                PROTOCOL_VERSION);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bool(boolean value) {
        return new byte[] {(byte) (value ? 1 : 0)};
    }

    @Override
    public String toString() {
        return "PasswordAuthenticator[" + config + "]";
    }
}
