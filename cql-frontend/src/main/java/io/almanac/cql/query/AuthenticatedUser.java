package io.almanac.cql.query;

import java.util.Objects;

/**
 * The role a connection logged in as (Cassandra's {@code AuthenticatedUser}). The superuser flag is read once, at
 * login: a role's later ALTER ROLE ... SUPERUSER applies to its next connections (Cassandra caches roles too,
 * {@code roles_validity}).
 *
 * <p>Thread safety: immutable.
 *
 * @param name      the role name
 * @param superuser whether the role had {@code is_superuser} when it logged in
 */
public record AuthenticatedUser(String name, boolean superuser) {

    /** The identity of statements the node runs for itself (creating the default superuser, role DDL). */
    public static final AuthenticatedUser SYSTEM = new AuthenticatedUser("system", true);

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
    }
}
