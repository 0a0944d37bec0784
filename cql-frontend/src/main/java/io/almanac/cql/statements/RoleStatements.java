package io.almanac.cql.statements;

import io.almanac.cql.auth.PasswordHashes;
import io.almanac.cql.auth.RolesTable;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CREATE/ALTER/DROP ROLE (and the USER aliases) against the stored {@code system_auth.roles} table, with Cassandra's
 * checks and messages (CreateRoleStatement, AlterRoleStatement, DropRoleStatement). Roles are read and written with
 * {@link InternalQueries}; passwords are stored as bcrypt hashes ({@link PasswordHashes}), hashed on the executor.
 * All answer Void. Without GRANT (not supported yet), only superusers manage roles; any role may change its own
 * password.
 *
 * <p>Errors: 0x2100 "User x has no CREATE permission on &lt;all roles&gt; or any of its parents" (and ALTER/DROP on
 * &lt;role r&gt;) for non-superusers; 0x2200 "r already exists", "r doesn't exist", "Cannot DROP primary role for
 * current login", and when {@code system_auth.roles} does not exist (the node runs without PasswordAuthenticator).
 *
 * <p>Thread safety: immutable.
 */
final class RoleStatements {

    private static final String SELECT_ROLE = "SELECT role, can_login, is_superuser FROM system_auth.roles"
            + " WHERE role = ?";
    private static final String DELETE_ROLE = "DELETE FROM system_auth.roles WHERE role = ?";

    private RoleStatements() {
    }

    static CqlStatement create(ParsedStatement.CreateRole create) {
        ParsedStatement.RoleOptions options = create.options();
        checkPassword(options.password());
        return new KeyspaceStatements.Ddl((context, state) -> {
            if (!state.hasSuperuserRights()) {
                throw noPermission(state, "CREATE", "<all roles>");
            }
            requireRolesTable(context);
            return readRole(context, create.role()).thenCompose(row -> {
                if (row != null) {
                    if (create.ifNotExists()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new InvalidRequestException(create.role() + " already exists");
                }
                return write(context, create.role(), options.password(),
                        options.login() == null ? Boolean.FALSE : options.login(),
                        options.superuser() == null ? Boolean.FALSE : options.superuser());
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    static CqlStatement alter(ParsedStatement.AlterRole alter) {
        ParsedStatement.RoleOptions options = alter.options();
        checkPassword(options.password());
        return new KeyspaceStatements.Ddl((context, state) -> {
            authorizeAlter(state, alter.role(), options);
            requireRolesTable(context);
            return readRole(context, alter.role()).thenCompose(row -> {
                if (row == null) {
                    if (alter.ifExists()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new InvalidRequestException(alter.role() + " doesn't exist");
                }
                return write(context, alter.role(), options.password(), options.login(), options.superuser());
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    static CqlStatement drop(ParsedStatement.DropRole drop) {
        return new KeyspaceStatements.Ddl((context, state) -> {
            if (!state.hasSuperuserRights()) {
                throw noPermission(state, "DROP", "<role " + drop.role() + ">");
            }
            AuthenticatedUser user = state.user();
            if (user != null && user.name().equals(drop.role())) {
                throw new InvalidRequestException("Cannot DROP primary role for current login");
            }
            requireRolesTable(context);
            return readRole(context, drop.role()).thenCompose(row -> {
                if (row == null) {
                    if (drop.ifExists()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new InvalidRequestException(drop.role() + " doesn't exist");
                }
                return InternalQueries.execute(context, DELETE_ROLE, utf8(drop.role()));
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    /** AlterRoleStatement.authorize: superusers alter anyone but their own status; others only their password. */
    private static void authorizeAlter(ClientState state, String role, ParsedStatement.RoleOptions options) {
        AuthenticatedUser user = state.user();
        if (user == null) {
            return;
        }
        boolean self = user.name().equals(role);
        if (options.superuser() != null && self) {
            throw unauthorized("You aren't allowed to alter your own superuser status or that of a role granted to"
                    + " you");
        }
        if (options.superuser() != null && !user.superuser()) {
            throw unauthorized("Only superusers are allowed to alter superuser status");
        }
        if (user.superuser()) {
            return;
        }
        if (!self) {
            throw noPermission(state, "ALTER", "<role " + role + ">");
        }
        if (options.login() != null) {
            throw unauthorized("You aren't allowed to alter LOGIN");
        }
    }

    /** @return the role's row (role, can_login, is_superuser), or null when it does not exist */
    static CompletableFuture<byte[][]> readRole(ExecutionContext context, String role) {
        return InternalQueries.rows(context, SELECT_ROLE, utf8(role))
                .thenApply(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Upserts the given columns (null ones are left as they are); hashes the password on the executor. */
    private static CompletableFuture<?> write(ExecutionContext context, String role, String password, Boolean login,
                                              Boolean superuser) {
        return context.submit(() -> password == null ? null : PasswordHashes.hash(password)).thenCompose(hash -> {
            List<String> columns = new ArrayList<>(List.of("role"));
            List<byte[]> values = new ArrayList<>(List.of(utf8(role)));
            if (hash != null) {
                columns.add("salted_hash");
                values.add(utf8(hash));
            }
            if (login != null) {
                columns.add("can_login");
                values.add(bool(login));
            }
            if (superuser != null) {
                columns.add("is_superuser");
                values.add(bool(superuser));
            }
            String insert = "INSERT INTO system_auth.roles (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            return InternalQueries.execute(context, insert, values.toArray(new byte[0][]));
        });
    }

    /** @throws InvalidRequestException when the node has no {@code system_auth.roles} (no PasswordAuthenticator) */
    static void requireRolesTable(ExecutionContext context) {
        if (context.engine().schema().table(RolesTable.KEYSPACE, RolesTable.TABLE) == null) {
            throw new InvalidRequestException("Role management needs authenticator: PasswordAuthenticator"
                    + " (system_auth.roles does not exist)");
        }
    }

    private static void checkPassword(String password) {
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw CqlException.invalid("Password must be at most 72 UTF-8 bytes (bcrypt's limit)");
        }
    }

    /** 0x2100 in ClientState.ensurePermission's words. */
    static CqlException noPermission(ClientState state, String permission, String resource) {
        return unauthorized("User " + state.user().name() + " has no " + permission + " permission on " + resource
                + " or any of its parents");
    }

    private static CqlException unauthorized(String message) {
        return new CqlException(CqlException.UNAUTHORIZED, message);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bool(boolean value) {
        return new byte[] {(byte) (value ? 1 : 0)};
    }

    static boolean isTrue(byte[] value) {
        return value != null && value.length == 1 && value[0] != 0;
    }
}
