package io.almanac.cql.statements;

import io.almanac.cql.auth.PermissionDetails;
import io.almanac.cql.auth.Resource;
import io.almanac.cql.auth.RoleResource;
import io.almanac.cql.auth.RolesTable;
import io.almanac.cql.auth.UnauthorizedException;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.AuthenticatedUser;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LIST perms [ON resource] [OF role] [NORECURSIVE]} as Cassandra's {@code ListPermissionsStatement}: columns
 * {@code role, username, resource, permission} (both names are the grantee; resource as {@code <table ks.t>}),
 * sorted by role, resource name and permission; without NORECURSIVE the grants on the resource's parents are listed
 * too; OF a role lists its grants and those of the roles granted to it; no grant at all answers Void, as Cassandra
 * does.
 *
 * <p>Errors: 0x2100 "You have not logged in"; 0x2200 "&lt;keyspace ks&gt; doesn't exist", "&lt;role r&gt; doesn't
 * exist"; 0x2100 "You are not authorized to view everyone's permissions" (or "r's permissions") for a
 * non-superuser asking about a role it does not hold; 0x2200 "LIST PERMISSIONS operation is not supported by
 * AllowAllAuthorizer".
 *
 * <p>Thread safety: immutable.
 */
final class ListPermissionsStatement implements CqlStatement {

    private static final ResultMetadata METADATA = new ResultMetadata(List.of(column("role"), column("username"),
            column("resource"), column("permission")));

    private final ParsedStatement.ListPermissions list;
    private final Resource resource;

    ListPermissionsStatement(ParsedStatement.ListPermissions list, String sessionKeyspace) {
        this.list = list;
        this.resource = list.target() == null ? null : list.target().resolve(sessionKeyspace);
    }

    private static ColumnSpec column(String name) {
        return new ColumnSpec(RolesTable.KEYSPACE, "permissions", name, CqlTypes.parse("text"));
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    @Override
    public ResultMetadata resultMetadata() {
        return METADATA;
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        AuthenticatedUser user = AccessControl.ensureLoggedIn(state);
        CompletableFuture<Boolean> resourceExists = resource == null ? CompletableFuture.completedFuture(true)
                : AccessControl.exists(context, resource);
        return resourceExists.thenCompose(exists -> {
            if (!exists) {
                throw new InvalidRequestException(resource + " doesn't exist");
            }
            return list.grantee() == null ? CompletableFuture.completedFuture(true)
                    : AccessControl.exists(context, RoleResource.role(list.grantee()));
        }).thenApply(granteeExists -> {
            if (!granteeExists) {
                throw new InvalidRequestException(RoleResource.role(list.grantee()) + " doesn't exist");
            }
            return rows(context, user);
        });
    }

    private ResultMessage rows(ExecutionContext context, AuthenticatedUser user) {
        List<PermissionDetails> details = new ArrayList<>();
        List<Resource> levels = resource == null ? Collections.singletonList(null)
                : list.recursive() ? resource.chain() : List.of(resource);
        Set<String> grantees = list.grantee() == null ? Collections.singleton(null)
                : context.authorizer().rolesOf(list.grantee());
        try {
            for (Resource level : levels) {
                for (String grantee : grantees) {
                    details.addAll(context.authorizer().list(list.permissions(), level, grantee));
                }
            }
        } catch (UnsupportedOperationException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (!user.superuser() && (list.grantee() == null
                || !context.authorizer().rolesOf(user.name()).contains(list.grantee()))) {
            throw new UnauthorizedException("You are not authorized to view "
                    + (list.grantee() == null ? "everyone" : list.grantee()) + "'s permissions");
        }
        if (details.isEmpty()) {
            return ResultMessage.Void.INSTANCE;
        }
        Collections.sort(details);
        List<byte[][]> rows = new ArrayList<>(details.size());
        for (PermissionDetails detail : details) {
            byte[] role = utf8(detail.role());
            rows.add(new byte[][] {role, role, utf8(detail.resource().toString()), utf8(detail.permission().name())});
        }
        return new ResultMessage.Rows(METADATA, rows, null);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
