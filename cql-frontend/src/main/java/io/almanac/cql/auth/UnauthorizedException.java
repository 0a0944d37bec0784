package io.almanac.cql.auth;

import io.almanac.cql.query.CqlException;

/** A role lacks a permission, or is not logged in: ERROR 0x2100 Unauthorized (native_protocol_v4.spec §9). */
public final class UnauthorizedException extends CqlException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(UNAUTHORIZED, message);
    }

    /**
     * @return the error of Cassandra's {@code ClientState.ensurePermission}: "User alice has no SELECT permission on
     *         &lt;table ks.t&gt; or any of its parents"
     */
    public static UnauthorizedException noPermission(String role, Permission permission, Resource resource) {
        return new UnauthorizedException("User " + role + " has no " + permission + " permission on " + resource
                + " or any of its parents");
    }
}
