package io.almanac.cql.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a role may do to a {@link Resource}, as Cassandra's {@code org.apache.cassandra.auth.Permission} (without the
 * 5.0 data-masking permissions UNMASK and SELECT_MASKED: Almanac has no masked columns). The declaration order is
 * Cassandra's and orders LIST PERMISSIONS output.
 *
 * <p>Thread safety: immutable constants.
 */
public enum Permission {
    /** CREATE KEYSPACE / TABLE / ROLE. */
    CREATE,
    /** ALTER KEYSPACE / TABLE / ROLE. */
    ALTER,
    /** DROP KEYSPACE / TABLE / ROLE. */
    DROP,
    /** SELECT. */
    SELECT,
    /** INSERT, UPDATE, DELETE, TRUNCATE. */
    MODIFY,
    /** GRANT and REVOKE of permissions on the resource. */
    AUTHORIZE,
    /** LIST ROLES of every role (on ALL ROLES). */
    DESCRIBE,
    /** Executing functions (no function resources exist in Almanac, so it applies to nothing). */
    EXECUTE;

    /** Every permission: what {@code ALL [PERMISSIONS]} names before it is filtered by the resource. */
    public static final Set<Permission> ALL = Collections.unmodifiableSet(EnumSet.allOf(Permission.class));

    /** @return the permission named {@code name} (any case), or null when there is none */
    public static Permission fromName(String name) {
        for (Permission permission : values()) {
            if (permission.name().equals(name.toUpperCase(Locale.ROOT))) {
                return permission;
            }
        }
        return null;
    }
}
