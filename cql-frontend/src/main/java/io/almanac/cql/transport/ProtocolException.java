package io.almanac.cql.transport;

import io.almanac.cql.query.CqlException;

/**
 * A request that breaks the native protocol (a truncated body, an unknown opcode, a bad STARTUP option): answered with
 * ERROR 0x000A (Protocol_error) on the request's stream, native_protocol_v5.spec §9. Decoders raise it inside the
 * connection handler, which always turns it into an ERROR message; it never leaves the pipeline.
 *
 * <p>Thread safety: immutable.
 */
final class ProtocolException extends CqlException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(PROTOCOL_ERROR, message);
    }
}
