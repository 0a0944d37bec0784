package io.almanac.cql.transport;

/**
 * Message opcodes, native_protocol_v5.spec §2.4 (there is no 0x04).
 *
 * <p>Thread safety: immutable constants.
 */
enum Opcode {
    ERROR(0x00, false), STARTUP(0x01, true), READY(0x02, false), AUTHENTICATE(0x03, false),
    OPTIONS(0x05, true), SUPPORTED(0x06, false), QUERY(0x07, true), RESULT(0x08, false), PREPARE(0x09, true),
    EXECUTE(0x0A, true), REGISTER(0x0B, true), EVENT(0x0C, false), BATCH(0x0D, true),
    AUTH_CHALLENGE(0x0E, false), AUTH_RESPONSE(0x0F, true), AUTH_SUCCESS(0x10, false);

    private final int code;
    private final boolean request;

    Opcode(int code, boolean request) {
        this.code = code;
        this.request = request;
    }

    int code() {
        return code;
    }

    /** @return whether clients send this opcode (as opposed to the server) */
    boolean isRequest() {
        return request;
    }

    /** @return the opcode, or null when {@code code} is not one */
    static Opcode of(int code) {
        return switch (code) {
            case 0x00 -> ERROR;
            case 0x01 -> STARTUP;
            case 0x02 -> READY;
            case 0x03 -> AUTHENTICATE;
            case 0x05 -> OPTIONS;
            case 0x06 -> SUPPORTED;
            case 0x07 -> QUERY;
            case 0x08 -> RESULT;
            case 0x09 -> PREPARE;
            case 0x0A -> EXECUTE;
            case 0x0B -> REGISTER;
            case 0x0C -> EVENT;
            case 0x0D -> BATCH;
            case 0x0E -> AUTH_CHALLENGE;
            case 0x0F -> AUTH_RESPONSE;
            case 0x10 -> AUTH_SUCCESS;
            default -> null;
        };
    }
}
