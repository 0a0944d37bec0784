package io.almanac.cql.query;

/**
 * Per-connection session state: the keyspace chosen with USE.
 *
 * <p>Thread safety: the keyspace is volatile; a connection's requests may complete on other threads.
 */
public final class ClientState {

    private volatile String keyspace;

    /** @return the keyspace set by USE, or null */
    public String keyspace() {
        return keyspace;
    }

    public void setKeyspace(String keyspace) {
        this.keyspace = keyspace;
    }
}
