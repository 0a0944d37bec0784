package io.almanac.cql.statements;

import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.Resource;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.InvalidRequestException;

/**
 * GRANT and REVOKE of permissions, with the checks of Cassandra's {@code PermissionsManagementStatement}: the
 * connection must be logged in (0x2100 "You have not logged in"), the role must exist (0x2200 "Role r doesn't
 * exist"), the resource must exist (0x2200 "Resource &lt;keyspace ks&gt; doesn't exist"), and the performer needs
 * AUTHORIZE on the resource and every permission it grants or revokes (0x2100, on the resource or a parent). The
 * change itself runs on the executor and answers Void; with AllowAllAuthorizer it fails 0x2200 "GRANT operation is not
 * supported by AllowAllAuthorizer".
 *
 * <p>Thread safety: immutable.
 */
final class PermissionStatements {

    private PermissionStatements() {
    }

    /** @throws io.almanac.cql.query.CqlException 0x2200 for an unqualified table without a session keyspace */
    static CqlStatement change(ParsedStatement.ChangePermissions change, String sessionKeyspace) {
        Resource resource = change.target().resolve(sessionKeyspace);
        return new KeyspaceStatements.Ddl((context, state) -> {
            AccessControl.ensureLoggedIn(state);
            return RoleStatements.readRole(context, change.role())
                    .thenCompose(row -> {
                        if (row == null) {
                            throw new InvalidRequestException("Role " + change.role() + " doesn't exist");
                        }
                        return AccessControl.exists(context, resource);
                    })
                    .thenCompose(exists -> {
                        if (!exists) {
                            throw new InvalidRequestException("Resource " + resource + " doesn't exist");
                        }
                        checkAccess(context, state, change, resource);
                        return context.submit(() -> apply(context, change, resource));
                    });
        });
    }

    private static void checkAccess(ExecutionContext context, ClientState state,
                                    ParsedStatement.ChangePermissions change, Resource resource) {
        AccessControl.ensurePermission(context, state, Permission.AUTHORIZE, resource);
        for (Permission permission : change.permissions()) {
            AccessControl.ensurePermission(context, state, permission, resource);
        }
    }

    private static ResultMessage apply(ExecutionContext context, ParsedStatement.ChangePermissions change,
                                       Resource resource) {
        try {
            if (change.grant()) {
                context.authorizer().grant(change.permissions(), resource, change.role());
            } else {
                context.authorizer().revoke(change.permissions(), resource, change.role());
            }
        } catch (UnsupportedOperationException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return ResultMessage.Void.INSTANCE;
    }
}
