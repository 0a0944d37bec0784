package io.almanac.storage.schema;

/**
 * CREATE of a keyspace or table that exists, without IF NOT EXISTS. The CQL frontend answers it with error code
 * 0x2400 whose body carries {@link #keyspace()} and {@link #table()} ("" for a keyspace), native_protocol_v4.spec §9.
 */
public final class AlreadyExistsException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final String keyspace;
    private final String table;

    public AlreadyExistsException(String keyspace, String table) {
        super(table.isEmpty()
                ? "Cannot add existing keyspace \"" + keyspace + "\""
                : "Cannot add already existing table \"" + table + "\" to keyspace \"" + keyspace + "\"");
        this.keyspace = keyspace;
        this.table = table;
    }

    public String keyspace() {
        return keyspace;
    }

    /** @return the table name, or "" when a keyspace already exists */
    public String table() {
        return table;
    }
}
