package io.almanac.cql.query;

/**
 * An error the client gets as an ERROR message (opcode 0x00): {@code <code><message>}, native_protocol_v4.spec §9.
 * Errors raised by the storage engine are mapped by the transport: InvalidRequestException 0x2200,
 * ConfigurationException 0x2300, AlreadyExistsException 0x2400, OverloadedException 0x1001.
 */
public class CqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int SERVER_ERROR = 0x0000;
    public static final int PROTOCOL_ERROR = 0x000A;
    public static final int BAD_CREDENTIALS = 0x0100;
    public static final int OVERLOADED = 0x1001;
    public static final int SYNTAX_ERROR = 0x2000;
    public static final int UNAUTHORIZED = 0x2100;
    public static final int INVALID = 0x2200;
    public static final int CONFIG_ERROR = 0x2300;
    public static final int ALREADY_EXISTS = 0x2400;
    public static final int UNPREPARED = 0x2500;

    private final int code;

    public CqlException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the protocol error code */
    public int code() {
        return code;
    }

    /** A CQL statement that does not parse: 0x2000. */
    public static CqlException syntax(String message) {
        return new CqlException(SYNTAX_ERROR, message);
    }

    /** A semantic error: 0x2200. */
    public static CqlException invalid(String message) {
        return new CqlException(INVALID, message);
    }
}
