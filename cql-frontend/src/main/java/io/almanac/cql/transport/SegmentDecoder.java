package io.almanac.cql.transport;

import io.almanac.cql.query.CqlException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads v5 segments ({@link SegmentFormat}) and passes their payloads, checked and decompressed, to the
 * {@link EnvelopeDecoder} behind it. Envelopes spanning several non-self-contained segments are reassembled there,
 * because the payloads arrive in order as one byte stream.
 *
 * <p>Thread safety: one instance per channel, used on its event loop only.
 *
 * <pre>
 *   READ_HEADER --header + CRC24 ok--&gt; READ_PAYLOAD --payload + CRC32 ok--&gt; READ_HEADER (emits the payload)
 *        |                                   |
 *        +--------- CRC mismatch ------------+--&gt; DISCARD (emits FramingError; the connection is closed)
 * </pre>
 *
 * <p>A checksum mismatch means the stream can no longer be trusted, so it is answered with a protocol error on
 * stream 0 and the connection is closed, never by guessing.
 */
final class SegmentDecoder extends ByteToMessageDecoder {

    private enum State { READ_HEADER, READ_PAYLOAD, DISCARD }

    private final Lz4Codec lz4;
    private final int headerBytes;
    private State state = State.READ_HEADER;
    private int payloadBytes;
    private int uncompressedBytes;

    /** @param lz4 the codec for LZ4 segments, or null when the connection negotiated no compression */
    SegmentDecoder(Lz4Codec lz4) {
        this.lz4 = lz4;
        this.headerBytes = lz4 == null
                ? SegmentFormat.UNCOMPRESSED_HEADER_BYTES : SegmentFormat.COMPRESSED_HEADER_BYTES;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_HEADER -> readHeader(ctx, in, out);
            case READ_PAYLOAD -> readPayload(ctx, in, out);
            case DISCARD -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < headerBytes + SegmentFormat.HEADER_CRC_BYTES) {
            return;
        }
        int index = in.readerIndex();
        long header = SegmentFormat.readLittleEndian(in, index, headerBytes);
        int expected = (int) SegmentFormat.readLittleEndian(in, index + headerBytes, SegmentFormat.HEADER_CRC_BYTES);
        int actual = SegmentFormat.crc24(header, headerBytes);
        if (expected != actual) {
            fail(in, out, "Segment header CRC24 mismatch: received 0x" + Integer.toHexString(expected)
                    + ", computed 0x" + Integer.toHexString(actual));
            return;
        }
        payloadBytes = (int) (header & SegmentFormat.MAX_PAYLOAD_BYTES);
        uncompressedBytes = lz4 == null ? 0 : (int) ((header >>> 17) & SegmentFormat.MAX_PAYLOAD_BYTES);
        in.skipBytes(headerBytes + SegmentFormat.HEADER_CRC_BYTES);
        state = State.READ_PAYLOAD;
        readPayload(ctx, in, out);
    }

    private void readPayload(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < payloadBytes + SegmentFormat.PAYLOAD_CRC_BYTES) {
            return;
        }
        int index = in.readerIndex();
        int expected = (int) SegmentFormat.readLittleEndian(in, index + payloadBytes, SegmentFormat.PAYLOAD_CRC_BYTES);
        int actual = SegmentFormat.crc32(in, index, payloadBytes);
        if (expected != actual) {
            fail(in, out, "Segment payload CRC32 mismatch: received 0x" + Integer.toHexString(expected)
                    + ", computed 0x" + Integer.toHexString(actual));
            return;
        }
        ByteBuf payload;
        if (uncompressedBytes == 0) {
            payload = in.readRetainedSlice(payloadBytes);
        } else {
            try {
                payload = lz4.decompressBlock(ctx.alloc(), in, index, payloadBytes, uncompressedBytes);
            } catch (ProtocolException e) {
                fail(in, out, e.getMessage());
                return;
            }
            in.skipBytes(payloadBytes);
        }
        in.skipBytes(SegmentFormat.PAYLOAD_CRC_BYTES);
        state = State.READ_HEADER;
        out.add(payload);
    }

    private void fail(ByteBuf in, List<Object> out, String message) {
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        out.add(new FramingError(ProtocolVersions.V5, 0, CqlException.PROTOCOL_ERROR, message));
    }
}
