package io.almanac.cql.auth;

import java.util.Comparator;

/**
 * One row of LIST PERMISSIONS (Cassandra's {@code PermissionDetails}): a permission a role holds on a resource.
 * Ordered as Cassandra orders them: by role, then resource name, then permission.
 *
 * <p>Thread safety: immutable.
 *
 * @param role       the grantee
 * @param resource   the resource
 * @param permission the permission
 */
public record PermissionDetails(String role, Resource resource, Permission permission)
        implements Comparable<PermissionDetails> {

    private static final Comparator<PermissionDetails> ORDER = Comparator.comparing(PermissionDetails::role)
            .thenComparing(details -> details.resource().name()).thenComparing(PermissionDetails::permission);

    @Override
    public int compareTo(PermissionDetails other) {
        return ORDER.compare(this, other);
    }
}
