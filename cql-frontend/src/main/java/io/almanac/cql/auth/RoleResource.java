package io.almanac.cql.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The role hierarchy of Cassandra's {@code RoleResource}: {@code roles} ({@code <all roles>}) and {@code roles/r}
 * ({@code <role r>}).
 *
 * <p>Applicable permissions (Cassandra 4.x): CREATE, ALTER, DROP, AUTHORIZE, DESCRIBE on all roles; ALTER, DROP,
 * AUTHORIZE on a role.
 *
 * <p>Thread safety: immutable.
 *
 * @param role the role, or null for all roles
 */
public record RoleResource(String role) implements Resource {

    private static final Set<Permission> ROOT_LEVEL = Collections.unmodifiableSet(EnumSet.of(Permission.CREATE,
            Permission.ALTER, Permission.DROP, Permission.AUTHORIZE, Permission.DESCRIBE));
    private static final Set<Permission> ROLE_LEVEL = Collections.unmodifiableSet(EnumSet.of(Permission.ALTER,
            Permission.DROP, Permission.AUTHORIZE));
    private static final RoleResource ROOT = new RoleResource(null);

    /** @return {@code <all roles>} */
    public static RoleResource root() {
        return ROOT;
    }

    /** @return {@code <role r>} */
    public static RoleResource role(String role) {
        return new RoleResource(java.util.Objects.requireNonNull(role, "role"));
    }

    @Override
    public String name() {
        return role == null ? "roles" : "roles/" + role;
    }

    @Override
    public Resource parent() {
        return role == null ? null : ROOT;
    }

    @Override
    public Set<Permission> applicablePermissions() {
        return role == null ? ROOT_LEVEL : ROLE_LEVEL;
    }

    @Override
    public String toString() {
        return role == null ? "<all roles>" : "<role " + role + ">";
    }
}
