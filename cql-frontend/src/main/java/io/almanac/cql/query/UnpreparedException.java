package io.almanac.cql.query;

/**
 * EXECUTE of an id this node does not know (e.g. after a restart): error 0x2500 with the id in its body, so the
 * driver re-prepares and retries.
 */
public final class UnpreparedException extends CqlException {
    private static final long serialVersionUID = 1L;
    private final byte[] id;

    public UnpreparedException(byte[] id) {
        super(UNPREPARED, "Prepared query with ID " + java.util.HexFormat.of().formatHex(id) + " not found"
                + " (either the query was not prepared on this host (maybe the host has been restarted?) or you have"
                + " prepared too many queries and it has been evicted from the internal cache)");
        this.id = id.clone();
    }

    /** @return the unknown statement id */
    public byte[] id() {
        return id.clone();
    }
}
