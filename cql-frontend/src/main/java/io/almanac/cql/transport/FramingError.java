package io.almanac.cql.transport;

/**
 * A failure that breaks (or may break) the byte stream of a connection: an unsupported protocol version, an envelope
 * over the size limit, a segment whose checksum does not match. The decoder that finds it emits this instead of
 * throwing, then discards everything after it; the connection handler answers with {@code code}/{@code message} on
 * {@code streamId} and closes the connection once the answer is flushed.
 *
 * <p>Thread safety: immutable.
 *
 * @param replyVersion the protocol version of the reply header (without the direction bit)
 * @param streamId     the stream to answer on (the offending request's, or 0 when unknown)
 * @param code         the error code, normally 0x000A
 * @param message      the error message
 */
record FramingError(int replyVersion, int streamId, int code, String message) {
}
