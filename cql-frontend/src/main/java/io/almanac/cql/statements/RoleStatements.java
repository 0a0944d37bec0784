package io.almanac.cql.statements;

import io.almanac.cql.auth.PasswordHashes;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.RoleResource;
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
 * All answer Void. With CassandraAuthorizer, managing roles needs CREATE on ALL ROLES, ALTER or DROP on the role
 * (or ALL ROLES), the creator of a role is granted ALTER, DROP and AUTHORIZE on it, and dropping a role removes its
 * grants and the grants on it; with AllowAllAuthorizer only superusers manage roles. Any role may change its own
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
            ensureRolePermission(context, state, Permission.CREATE, RoleResource.root());
            AuthenticatedUser user = state.user();
            if (Boolean.TRUE.equals(options.superuser()) && user != null && !user.superuser()) {
                throw unauthorized("Only superusers can create a role with superuser status");
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
                        options.superuser() == null ? Boolean.FALSE : options.superuser())
                        .thenCompose(written -> context.submit(() -> {
                            context.authorizer().superuserChanged(create.role(),
                                    Boolean.TRUE.equals(options.superuser()));
                            AccessControl.grantToCreator(context, state, RoleResource.role(create.role()));
                            return null;
                        }));
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    static CqlStatement alter(ParsedStatement.AlterRole alter) {
        ParsedStatement.RoleOptions options = alter.options();
        checkPassword(options.password());
        return new KeyspaceStatements.Ddl((context, state) -> {
            authorizeAlter(context, state, alter.role(), options);
            requireRolesTable(context);
            return readRole(context, alter.role()).thenCompose(row -> {
                if (row == null) {
                    if (alter.ifExists()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new InvalidRequestException(alter.role() + " doesn't exist");
                }
                return write(context, alter.role(), options.password(), options.login(), options.superuser())
                        .thenApply(written -> {
                            if (options.superuser() != null) {
                                context.authorizer().superuserChanged(alter.role(), options.superuser());
                            }
                            return written;
                        });
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    static CqlStatement drop(ParsedStatement.DropRole drop) {
        return new KeyspaceStatements.Ddl((context, state) -> {
            ensureRolePermission(context, state, Permission.DROP, RoleResource.role(drop.role()));
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
                boolean superuser = isTrue(row[2]) || context.authorizer().hasSuperuserStatus(drop.role());
                if (superuser && user != null && !user.superuser()) {
                    throw unauthorized("Only superusers can drop a role with superuser status");
                }
                return InternalQueries.execute(context, DELETE_ROLE, utf8(drop.role()))
                        .thenCompose(deleted -> context.submit(() -> {
                            context.authorizer().revokeAllFrom(drop.role());
                            context.authorizer().revokeAllOn(RoleResource.role(drop.role()));
                            return null;
                        }));
            }).thenApply(ignored -> io.almanac.cql.query.ResultMessage.Void.INSTANCE);
        });
    }

    /**
     * AlterRoleStatement.checkAccess: superusers alter anyone but the status of themselves and of the roles granted
     * to them; others their own password, or another role they hold ALTER on.
     */
    private static void authorizeAlter(ExecutionContext context, ClientState state, String role,
                                       ParsedStatement.RoleOptions options) {
        AuthenticatedUser user = state.user();
        if (user == null) {
            return;
        }
        boolean self = user.name().equals(role);
        if (options.superuser() != null && (self || context.authorizer().rolesOf(user.name()).contains(role))) {
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
            ensureRolePermission(context, state, Permission.ALTER, RoleResource.role(role));
            return;
        }
        if (options.login() != null) {
            throw unauthorized("You aren't allowed to alter LOGIN");
        }
    }

    /**
     * With an authorizer that keeps grants (CassandraAuthorizer), Cassandra's check: the permission on the role
     * resource or a parent. With AllowAllAuthorizer, stricter than Cassandra (which lets every role manage roles):
     * only superusers.
     *
     * @throws CqlException 0x2100 "User x has no CREATE permission on &lt;all roles&gt; or any of its parents"
     */
    static void ensureRolePermission(ExecutionContext context, ClientState state, Permission permission,
                                     RoleResource resource) {
        if (context.authorizer().requireAuthorization()) {
            AccessControl.ensurePermission(context, state, permission, resource);
        } else if (!state.hasSuperuserRights()) {
            throw noPermission(state, permission.name(), resource.toString());
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
