package io.almanac.cql.statements;

import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.auth.DataResource;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.Resource;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.auth.UnauthorizedException;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.parser.QualifiedName;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Permission checks of Cassandra's {@code ClientState} and each statement's {@code authorize}: what a parsed
 * statement needs ({@link #requirements}), the check itself ({@link #ensurePermission}), the grants a creator gets
 * and the clean-up after a drop.
 *
 * <p>Checks pass without looking when the authorizer does not require authorization (AllowAllAuthorizer), when the
 * connection has no login (no authenticator) or runs as the node itself, and for superusers. SELECT on
 * {@code system.local}, {@code system.peers}, {@code system.peers_v2}, and every table of {@code system_schema} and
 * {@code system_virtual_schema} is allowed to every role (Cassandra's {@code READABLE_SYSTEM_RESOURCES}: drivers read
 * them at connect).
 *
 * <p>Thread safety: stateless.
 */
final class AccessControl {

    private static final Set<String> READABLE_SYSTEM_TABLES = Set.of("local", "peers", "peers_v2");
    private static final Set<String> READABLE_SYSTEM_KEYSPACES = Set.of("system_schema", "system_virtual_schema");

    private AccessControl() {
    }

    /**
     * A permission a statement needs on a resource (or one of its parents).
     *
     * @param permission the permission
     * @param resource   the resource
     */
    record Requirement(Permission permission, Resource resource) {
    }

    /**
     * @return what executing {@code statement} needs: SELECT or MODIFY on the table of reads and writes (each
     *         table of a batch), CREATE on all keyspaces for CREATE KEYSPACE, CREATE on the keyspace for CREATE
     *         TABLE, DROP on the dropped keyspace or table, ALTER on the altered keyspace or table; nothing for
     *         statements that check at execution (roles, permissions) or need nothing (USE, DESCRIBE)
     */
    static List<Requirement> requirements(ParsedStatement statement, String sessionKeyspace) {
        Set<Requirement> needed = new LinkedHashSet<>();
        if (statement instanceof ParsedStatement.Select select) {
            needed.add(new Requirement(Permission.SELECT, table(select.table(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.Modification modification) {
            needed.add(new Requirement(Permission.MODIFY, table(modification.table(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.Batch batch) {
            for (ParsedStatement.Modification child : batch.statements()) {
                needed.add(new Requirement(Permission.MODIFY, table(child.table(), sessionKeyspace)));
            }
        } else if (statement instanceof ParsedStatement.Truncate truncate) {
            needed.add(new Requirement(Permission.MODIFY, table(truncate.table(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.CreateKeyspace) {
            needed.add(new Requirement(Permission.CREATE, DataResource.root()));
        } else if (statement instanceof ParsedStatement.DropKeyspace drop) {
            needed.add(new Requirement(Permission.DROP, DataResource.keyspace(drop.keyspace())));
        } else if (statement instanceof ParsedStatement.CreateTable create) {
            needed.add(new Requirement(Permission.CREATE, DataResource.keyspace(
                    TableTarget.keyspace(create.table().keyspace(), sessionKeyspace))));
        } else if (statement instanceof ParsedStatement.DropTable drop) {
            needed.add(new Requirement(Permission.DROP, table(drop.table(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.CreateType create) {
            needed.add(new Requirement(Permission.CREATE, typeKeyspace(create.type(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.AlterType alter) {
            needed.add(new Requirement(Permission.ALTER, typeKeyspace(alter.type(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.DropType drop) {
            needed.add(new Requirement(Permission.DROP, typeKeyspace(drop.type(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.AlterTable alter) {
            needed.add(new Requirement(Permission.ALTER, table(alter.table(), sessionKeyspace)));
        } else if (statement instanceof ParsedStatement.AlterKeyspace alter) {
            needed.add(new Requirement(Permission.ALTER, DataResource.keyspace(alter.keyspace())));
        }
        return new ArrayList<>(needed);
    }

    /** User types are guarded by their keyspace's permissions (Cassandra's CreateTypeStatement and friends). */
    private static DataResource typeKeyspace(QualifiedName type, String sessionKeyspace) {
        return DataResource.keyspace(TableTarget.keyspace(type.keyspace(), sessionKeyspace));
    }

    private static DataResource table(QualifiedName table, String sessionKeyspace) {
        return DataResource.table(TableTarget.keyspace(table.keyspace(), sessionKeyspace), table.name());
    }

    /**
     * Cassandra's {@code ClientState.ensurePermission}.
     *
     * @throws UnauthorizedException 0x2100 "User alice has no SELECT permission on &lt;table ks.t&gt; or any of its
     *                               parents"
     */
    static void ensurePermission(ExecutionContext context, ClientState state, Permission permission,
                                 Resource resource) {
        AuthenticatedUser user = state.user();
        Authorizer authorizer = context.authorizer();
        if (user == null || user.superuser() || !authorizer.requireAuthorization()) {
            return;
        }
        if (permission == Permission.SELECT && isReadableSystemTable(resource)) {
            return;
        }
        if (!authorizer.hasPermission(user, permission, resource)) {
            throw UnauthorizedException.noPermission(user.name(), permission, resource);
        }
    }

    private static boolean isReadableSystemTable(Resource resource) {
        if (!(resource instanceof DataResource data) || data.table() == null) {
            return false;
        }
        return READABLE_SYSTEM_KEYSPACES.contains(data.keyspace())
                || ("system".equals(data.keyspace()) && READABLE_SYSTEM_TABLES.contains(data.table()));
    }

    /**
     * Cassandra's {@code ClientState.ensureNotAnonymous}.
     *
     * @return the logged-in role
     * @throws UnauthorizedException 0x2100 "You have not logged in" when the connection did not authenticate
     */
    static AuthenticatedUser ensureLoggedIn(ClientState state) {
        AuthenticatedUser user = state.user();
        if (user == null) {
            throw new UnauthorizedException("You have not logged in");
        }
        return user;
    }

    /**
     * Grants the creator of a keyspace, table or role every permission applicable to it (Cassandra's
     * {@code grantPermissionsToCreator}); nothing for connections without login, the node itself, or when the
     * authorizer keeps no grants. Blocks: call it on the executor.
     */
    static void grantToCreator(ExecutionContext context, ClientState state, Resource resource) {
        AuthenticatedUser user = state.user();
        Authorizer authorizer = context.authorizer();
        if (user == null || user == AuthenticatedUser.SYSTEM || !authorizer.requireAuthorization()) {
            return;
        }
        authorizer.grant(resource.applicablePermissions(), resource, user.name());
    }

    /** Forgets the grants on a dropped resource. Blocks: call it on the executor. */
    static void revokeAllOn(ExecutionContext context, Resource resource) {
        context.authorizer().revokeAllOn(resource);
    }

    /**
     * @return whether the resource exists: a keyspace or table of the schema or of the virtual tables, or a role of
     *         {@code system_auth.roles}; the roots always exist
     */
    static CompletableFuture<Boolean> exists(ExecutionContext context, Resource resource) {
        if (resource instanceof RoleResource role) {
            if (role.role() == null) {
                return CompletableFuture.completedFuture(true);
            }
            return RoleStatements.readRole(context, role.role()).thenApply(row -> row != null);
        }
        DataResource data = (DataResource) resource;
        if (data.keyspace() == null) {
            return CompletableFuture.completedFuture(true);
        }
        if (data.table() == null) {
            return CompletableFuture.completedFuture(context.engine().schema().keyspace(data.keyspace()) != null
                    || context.systemTables().isVirtualKeyspace(data.keyspace()));
        }
        return CompletableFuture.completedFuture(context.engine().schema().table(data.keyspace(), data.table()) != null
                || context.systemTables().table(data.keyspace(), data.table()) != null);
    }
}
