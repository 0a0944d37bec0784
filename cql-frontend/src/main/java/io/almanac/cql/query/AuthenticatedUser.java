package io.almanac.cql.query;

import java.util.Objects;

/**
 * The role a connection logged in as (Cassandra's {@code AuthenticatedUser}). Its superuser status is not fixed at
 * login: {@link #superuser()} asks the node's {@link SuperuserStatus} on every call (Cassandra's
 * {@code AuthenticatedUser.isSuper} asks {@code Roles.hasSuperuserStatus}, through a cache of
 * {@code roles_validity}; here the roles are in memory, so a change applies at the next check). Users built with a
 * fixed flag ({@link #AuthenticatedUser(String, boolean)}) keep it.
 *
 * <p>Equality: by name and current superuser status (Cassandra compares names; the status is part of it here so a
 * fixed-flag user built in a test equals the live one with the same status).
 *
 * <p>Thread safety: immutable; {@link #superuser()} is as thread-safe as the status it asks.
 */
public final class AuthenticatedUser {

    /** The identity of statements the node runs for itself (creating the default superuser, role DDL). */
    public static final AuthenticatedUser SYSTEM = new AuthenticatedUser("system", true);

    private final String name;
    private final SuperuserStatus status;

    /**
     * @param name   the role name
     * @param status resolves the role's current superuser status
     */
    public AuthenticatedUser(String name, SuperuserStatus status) {
        this.name = Objects.requireNonNull(name, "name");
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * A user whose status never changes (the node itself, tests, callers that resolve status elsewhere).
     *
     * @param name      the role name
     * @param superuser the fixed superuser status
     */
    public AuthenticatedUser(String name, boolean superuser) {
        this(name, superuser ? SuperuserStatus.ALWAYS : SuperuserStatus.NEVER);
    }

    /** @return the role name */
    public String name() {
        return name;
    }

    /** @return whether the role, or a role granted to it, is a superuser now (a lookup in memory) */
    public boolean superuser() {
        return status.hasSuperuserStatus(name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthenticatedUser user && name.equals(user.name) && superuser() == user.superuser();
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[name=" + name + ", superuser=" + superuser() + "]";
    }
}
