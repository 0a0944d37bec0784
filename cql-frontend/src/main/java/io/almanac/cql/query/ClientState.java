package io.almanac.cql.query;

/**
 * Per-connection session state: the keyspace chosen with USE and the role logged in (null while no authenticator
 * requires a login, Cassandra's anonymous user).
 *
 * <p>Thread safety: both fields are volatile; a connection's requests may complete on other threads.
 */
public final class ClientState {

    private volatile String keyspace;
    private volatile AuthenticatedUser user;

    /** @return a state logged in as {@link AuthenticatedUser#SYSTEM}, for statements the node runs itself */
    public static ClientState internal() {
        ClientState state = new ClientState();
        state.login(AuthenticatedUser.SYSTEM);
        return state;
    }

    /** @return the keyspace set by USE, or null */
    public String keyspace() {
        return keyspace;
    }

    public void setKeyspace(String keyspace) {
        this.keyspace = keyspace;
    }

    /** @return the logged-in role, or null when the connection did not authenticate (no authenticator required it) */
    public AuthenticatedUser user() {
        return user;
    }

    /** Records the role that completed authentication. */
    public void login(AuthenticatedUser authenticated) {
        this.user = authenticated;
    }

    /**
     * @return whether this connection may do what only superusers may: true for a superuser, and for a connection
     *         without a login (authentication not required; Cassandra's {@code ensureIsSuperuser} only checks when
     *         the authenticator requires authentication)
     */
    public boolean hasSuperuserRights() {
        AuthenticatedUser current = user;
        return current == null || current.superuser();
    }
}
