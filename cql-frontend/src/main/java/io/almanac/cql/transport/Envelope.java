package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One protocol message: a 9-byte header and its body (a "frame" in v4, an "envelope" in v5; native_protocol_v5.spec
 * §1-2). Under v5 framing, envelopes travel inside segments ({@link SegmentFormat}); their layout does not change.
 *
 * <p>Thread safety: not thread-safe; handed from one pipeline stage to the next.
 *
 * <pre>
 *   0         8        16        24        32         40
 *   +---------+---------+---------+---------+---------+
 *   | version |  flags  |      stream       | opcode  |      version: bit 7 = response, bits 0-6 = protocol
 *   +---------+---------+---------+---------+---------+      stream:  signed; requests &gt;= 0, events -1
 *   |                length                 |                length:  body bytes, big-endian
 *   +---------+---------+---------+---------+
 *   |               body ...                |
 *   +----------------------------------------
 * </pre>
 *
 * <p>The envelope owns its body: release it (or pass it on) exactly once.
 */
final class Envelope extends DefaultByteBufHolder {

    /** Header size of v3+ envelopes, in bytes. */
    static final int HEADER_BYTES = 9;
    /** Header size of v1/v2 frames (one-byte stream id), in bytes. */
    static final int SHORT_HEADER_BYTES = 8;

    /** Flag 0x01: the body is compressed (v4 only; ignored under v5 framing). */
    static final int FLAG_COMPRESSED = 0x01;
    /** Flag 0x02: tracing requested / tracing id present. */
    static final int FLAG_TRACING = 0x02;
    /** Flag 0x04: the body starts with a custom payload {@code [bytes map]}. */
    static final int FLAG_CUSTOM_PAYLOAD = 0x04;
    /** Flag 0x08: the response body starts with warnings. */
    static final int FLAG_WARNING = 0x08;
    /** Flag 0x10: the client opts in to a beta protocol version. */
    static final int FLAG_USE_BETA = 0x10;

    private final int version;
    private final int flags;
    private final int streamId;
    private final int opcode;

    /**
     * @param version  protocol version (without the direction bit)
     * @param flags    header flags
     * @param streamId the stream id (signed 16 bits)
     * @param opcode   the opcode byte
     * @param body     the body; this envelope takes ownership
     */
    Envelope(int version, int flags, int streamId, int opcode, ByteBuf body) {
        super(body);
        this.version = version;
        this.flags = flags;
        this.streamId = streamId;
        this.opcode = opcode;
    }

    int version() {
        return version;
    }

    int flags() {
        return flags;
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    int streamId() {
        return streamId;
    }

    int opcode() {
        return opcode;
    }

    ByteBuf body() {
        return content();
    }

    @Override
    public String toString() {
        return "Envelope(v" + version + ", stream " + streamId + ", opcode 0x" + Integer.toHexString(opcode)
                + ", flags 0x" + Integer.toHexString(flags) + ", " + content().readableBytes() + " body bytes)";
    }
}
