package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.auth.DataResource;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.Resource;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.query.CqlException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Builds GRANT / REVOKE / LIST PERMISSIONS, GRANT / REVOKE of roles and LIST ROLES / USERS, following Cassandra's
 * Parser.g: {@code ALL [PERMISSIONS]} or one permission {@code [PERMISSION]}; for GRANT and REVOKE the permissions
 * are limited to those applicable to the resource (Cassandra's {@code filterPermissions}), and none left is a syntax
 * error.
 *
 * <p>Thread safety: stateless.
 */
final class PermissionBuilder {

    private PermissionBuilder() {
    }

    /**
     * @throws CqlException 0x2000 for an unknown permission, or one the resource does not support ("Resource type
     *                      DataResource does not support any of the requested permissions"); 0x2200 for LIST forms
     *                      Almanac does not support
     */
    static ParsedStatement statement(CqlParser.PermissionStatementContext statement) {
        if (statement instanceof CqlParser.GrantPermissionsContext grant) {
            ParsedStatement.PermissionTarget target = target(grant.resource());
            return new ParsedStatement.ChangePermissions(true, applicable(grant.permissionOrAll(), target), target,
                    RoleBuilder.roleName(grant.roleName()));
        }
        if (statement instanceof CqlParser.RevokePermissionsContext revoke) {
            ParsedStatement.PermissionTarget target = target(revoke.resource());
            return new ParsedStatement.ChangePermissions(false, applicable(revoke.permissionOrAll(), target), target,
                    RoleBuilder.roleName(revoke.roleName()));
        }
        if (statement instanceof CqlParser.GrantRoleContext grant) {
            return new ParsedStatement.ChangeRoleMembership(true, RoleBuilder.roleName(grant.role),
                    RoleBuilder.roleName(grant.grantee));
        }
        if (statement instanceof CqlParser.RevokeRoleContext revoke) {
            return new ParsedStatement.ChangeRoleMembership(false, RoleBuilder.roleName(revoke.role),
                    RoleBuilder.roleName(revoke.grantee));
        }
        CqlParser.ListPermissionsContext list = (CqlParser.ListPermissionsContext) statement;
        String grantee = list.roleName() == null ? null : RoleBuilder.roleName(list.roleName());
        CqlParser.PermissionOrAllContext what = list.permissionOrAll();
        if (what.K_PERMISSION() == null && what.K_PERMISSIONS() == null && list.resource() == null) {
            String word = what.permissionWord().getText().toLowerCase(Locale.ROOT);
            if (word.equals("roles")) {
                return new ParsedStatement.ListRoles(false, grantee, list.K_NORECURSIVE() == null);
            }
            if (word.equals("users") && grantee == null && list.K_NORECURSIVE() == null) {
                return new ParsedStatement.ListRoles(true);
            }
        }
        ParsedStatement.PermissionTarget target = list.resource() == null ? null : target(list.resource());
        return new ParsedStatement.ListPermissions(permissions(what), target, grantee, list.K_NORECURSIVE() == null);
    }

    private static Set<Permission> applicable(CqlParser.PermissionOrAllContext what,
                                              ParsedStatement.PermissionTarget target) {
        Set<Permission> requested = permissions(what);
        Resource resource = target.resource() != null ? target.resource() : DataResource.table("ks", target.table());
        Set<Permission> filtered = EnumSet.noneOf(Permission.class);
        filtered.addAll(requested);
        filtered.retainAll(resource.applicablePermissions());
        if (filtered.isEmpty()) {
            throw CqlException.syntax("Resource type " + resource.typeName() + " does not support any of the"
                    + " requested permissions");
        }
        return filtered;
    }

    /** @return every permission for {@code ALL [PERMISSIONS]}, else the one named */
    private static Set<Permission> permissions(CqlParser.PermissionOrAllContext what) {
        String word = what.permissionWord().getText();
        if (word.equalsIgnoreCase("all")) {
            if (what.K_PERMISSION() != null) {
                throw CqlException.syntax("Invalid permission ALL PERMISSION (expected ALL or ALL PERMISSIONS)");
            }
            return Permission.ALL;
        }
        if (what.K_PERMISSIONS() != null) {
            throw CqlException.syntax("Invalid permission " + word + " PERMISSIONS (expected " + word
                    + " or " + word + " PERMISSION)");
        }
        Permission permission = Permission.fromName(word);
        if (permission == null) {
            if (word.equalsIgnoreCase("unmask") || word.equalsIgnoreCase("select_masked")) {
                throw unsupported("The permission " + word.toUpperCase(Locale.ROOT) + " (dynamic data masking)");
            }
            throw CqlException.syntax("Unknown permission " + word + " (expected CREATE, ALTER, DROP, SELECT, MODIFY,"
                    + " AUTHORIZE, DESCRIBE, EXECUTE or ALL)");
        }
        return EnumSet.of(permission);
    }

    private static ParsedStatement.PermissionTarget target(CqlParser.ResourceContext resource) {
        if (resource instanceof CqlParser.AllKeyspacesResourceContext) {
            return new ParsedStatement.PermissionTarget(DataResource.root(), null);
        }
        if (resource instanceof CqlParser.AllRolesResourceContext) {
            return new ParsedStatement.PermissionTarget(RoleResource.root(), null);
        }
        if (resource instanceof CqlParser.KeyspaceResourceContext keyspace) {
            return new ParsedStatement.PermissionTarget(
                    DataResource.keyspace(TermBuilder.ident(keyspace.keyspaceName().ident())), null);
        }
        if (resource instanceof CqlParser.RoleResourceContext role) {
            return new ParsedStatement.PermissionTarget(RoleResource.role(RoleBuilder.roleName(role.roleName())),
                    null);
        }
        QualifiedName table = TermBuilder.tableName(((CqlParser.TableResourceContext) resource).tableName());
        if (table.keyspace() == null) {
            return new ParsedStatement.PermissionTarget(null, table.name());
        }
        return new ParsedStatement.PermissionTarget(DataResource.table(table.keyspace(), table.name()), null);
    }
}
