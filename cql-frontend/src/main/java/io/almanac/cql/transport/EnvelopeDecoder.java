package io.almanac.cql.transport;

import io.almanac.cql.query.CqlException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into {@link Envelope}s (layout in {@link Envelope}), as an explicit state machine
 * that never throws: a byte stream it cannot follow becomes one {@link FramingError} and then everything after it is
 * discarded until the connection closes (the Netty {@code MqttDecoder} pattern).
 *
 * <p>Thread safety: one instance per channel, used on its event loop only.
 *
 * <pre>
 *   READ_HEADER --9 bytes, supported version, 0 &lt;= length &lt;= max--&gt; READ_BODY --length bytes--&gt; READ_HEADER
 *        |                                                                  (emits Envelope)
 *        +--unsupported version / response direction / length out of range--&gt; DISCARD (emits FramingError)
 * </pre>
 *
 * <p>For an unsupported version only the bytes up to the stream id are needed (byte 2 for v1/v2, bytes 2-3 for
 * the others) so the error goes back on the request's stream (reference §1.3). Before v5 framing the decoder reads
 * the socket directly; once the connection switches to segments, {@link SegmentDecoder} sits in front of it and
 * feeds it the segment payloads, in which envelopes keep this same layout.
 */
final class EnvelopeDecoder extends ByteToMessageDecoder {

    private enum State { READ_HEADER, READ_BODY, DISCARD }

    private final int maxBodyBytes;
    private State state = State.READ_HEADER;
    private int version;
    private int flags;
    private int streamId;
    private int opcode;
    private int bodyLength;

    /** @param maxBodyBytes the largest body accepted, in bytes ({@code native_transport_max_frame_size}) */
    EnvelopeDecoder(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_HEADER -> readHeader(in, out);
            case READ_BODY -> readBody(in, out);
            case DISCARD -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int index = in.readerIndex();
        int versionByte = in.getUnsignedByte(index);
        int requested = versionByte & 0x7F;
        if (!ProtocolVersions.isSupported(requested) || (versionByte & ProtocolVersions.RESPONSE_BIT) != 0) {
            rejectVersion(in, out, versionByte, requested);
            return;
        }
        if (in.readableBytes() < Envelope.HEADER_BYTES) {
            return;
        }
        version = requested;
        flags = in.getUnsignedByte(index + 1);
        streamId = in.getShort(index + 2);
        opcode = in.getUnsignedByte(index + 4);
        bodyLength = in.getInt(index + 5);
        if (bodyLength < 0 || bodyLength > maxBodyBytes) {
            String message = bodyLength < 0
                    ? "Invalid frame body length " + bodyLength
                    : "Request is too big: length " + bodyLength
                            + " exceeds maximum allowed length " + maxBodyBytes;
            fail(in, out, new FramingError(version, streamId, CqlException.PROTOCOL_ERROR, message));
            return;
        }
        in.skipBytes(Envelope.HEADER_BYTES);
        state = State.READ_BODY;
        readBody(in, out);
    }

    private void rejectVersion(ByteBuf in, List<Object> out, int versionByte, int requested) {
        boolean shortHeader = ProtocolVersions.hasShortHeader(requested);
        int streamEnd = shortHeader ? 3 : 4;
        if (in.readableBytes() < streamEnd) {
            return;
        }
        int stream = shortHeader ? in.getByte(in.readerIndex() + 2) : in.getShort(in.readerIndex() + 2);
        String message = (versionByte & ProtocolVersions.RESPONSE_BIT) != 0 && ProtocolVersions.isSupported(requested)
                ? "Invalid message direction: a client sent a response envelope (version byte 0x"
                        + Integer.toHexString(versionByte) + ")"
                : ProtocolVersions.unsupportedMessage(requested);
        int replyVersion = ProtocolVersions.isSupported(requested)
                ? requested : ProtocolVersions.errorReplyVersion(requested);
        fail(in, out, new FramingError(replyVersion, stream, CqlException.PROTOCOL_ERROR, message));
    }

    private void readBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < bodyLength) {
            return;
        }
        out.add(new Envelope(version, flags, streamId, opcode, in.readRetainedSlice(bodyLength)));
        state = State.READ_HEADER;
    }

    private void fail(ByteBuf in, List<Object> out, FramingError error) {
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        out.add(error);
    }
}
