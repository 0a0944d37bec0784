package io.almanac.cql.statements;

import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.InvalidRequestException;

/**
 * GRANT role TO grantee and REVOKE role FROM revokee (Cassandra's GrantRoleStatement and RevokeRoleStatement): the
 * connection must be logged in, both roles must exist (0x2200 "r doesn't exist"), and the performer needs AUTHORIZE
 * on the granted role (or ALL ROLES; with AllowAllAuthorizer: a superuser). The membership is kept by the
 * {@link io.almanac.cql.auth.Authorizer}, which refuses duplicates and cycles ("bob is a member of alice") and
 * unknown memberships ("bob is not a member of alice"). Answers Void.
 *
 * <p>Thread safety: stateless.
 */
final class RoleMembershipStatements {

    private RoleMembershipStatements() {
    }

    static CqlStatement change(ParsedStatement.ChangeRoleMembership change) {
        return new KeyspaceStatements.Ddl((context, state) -> {
            AccessControl.ensureLoggedIn(state);
            RoleStatements.requireRolesTable(context);
            return RoleStatements.readRole(context, change.role()).thenCompose(row -> {
                if (row == null) {
                    throw new InvalidRequestException(change.role() + " doesn't exist");
                }
                return RoleStatements.readRole(context, change.grantee());
            }).thenCompose(row -> {
                if (row == null) {
                    throw new InvalidRequestException(change.grantee() + " doesn't exist");
                }
                RoleStatements.ensureRolePermission(context, state, Permission.AUTHORIZE,
                        RoleResource.role(change.role()));
                return context.submit(() -> apply(context, change));
            });
        });
    }

    private static ResultMessage apply(ExecutionContext context, ParsedStatement.ChangeRoleMembership change) {
        try {
            if (change.grant()) {
                context.authorizer().grantRole(change.role(), change.grantee());
            } else {
                context.authorizer().revokeRole(change.role(), change.grantee());
            }
        } catch (UnsupportedOperationException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return ResultMessage.Void.INSTANCE;
    }
}
