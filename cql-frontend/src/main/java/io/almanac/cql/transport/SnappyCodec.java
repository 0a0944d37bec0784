package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.compression.Snappy;

/**
 * Snappy as protocol v4 uses it (native_protocol_v4.spec §5; Cassandra's {@code SnappyCompressor} calls
 * {@code Snappy.rawCompress}): the body is one raw Snappy block, which starts with its own uncompressed length. The
 * block codec is Netty's pure-Java {@link Snappy} (already on the class path through netty-codec), so no native
 * library is needed.
 *
 * <pre>
 * v4 compressed body (header flag 0x01):  +------------------------------------+--------------------------------+
 *                                         | uncompressed length                | literal / copy elements        |
 *                                         | unsigned varint, 7 bits a byte, LE | (rest of the body)             |
 *                                         +------------------------------------+--------------------------------+
 * </pre>
 *
 * <p>Decompression reads the length first and refuses more than the frame limit before allocating, writes into a
 * buffer capped at that length and checks the produced length, so a hostile block yields {@link ProtocolException},
 * never an overrun or a large allocation.
 *
 * <p>Thread safety: thread-safe (a {@link Snappy} state machine is made per call).
 */
final class SnappyCodec implements BodyCompression {

    /** The STARTUP COMPRESSION name. */
    static final String NAME = "snappy";

    private static final int MAX_LENGTH_BYTES = 5;

    @Override
    public ByteBuf compressBody(ByteBufAllocator allocator, ByteBuf body) {
        int length = body.readableBytes();
        // worst case of raw Snappy: 32 + n + n / 6 (snappy's MaxCompressedLength)
        ByteBuf out = allocator.buffer(32 + length + length / 6);
        try {
            new Snappy().encode(body.duplicate(), out, length);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public ByteBuf decompressBody(ByteBufAllocator allocator, ByteBuf body, int maxBytes) {
        long length = uncompressedLength(body);
        if (length > maxBytes) {
            throw new ProtocolException("Invalid uncompressed length " + length + " in compressed body (maximum "
                    + maxBytes + ")");
        }
        ByteBuf out = allocator.buffer((int) length, (int) length);
        try {
            new Snappy().decode(body.duplicate(), out);
            if (out.readableBytes() != length) {
                throw new ProtocolException("Snappy block decompressed to " + out.readableBytes()
                        + " bytes, expected " + length);
            }
            return out;
        } catch (ProtocolException e) {
            out.release();
            throw e;
        } catch (RuntimeException e) {
            // DecompressionException, or IndexOutOfBoundsException for a block that reads or writes out of bounds
            out.release();
            throw new ProtocolException("Corrupt Snappy block: " + e.getMessage());
        }
    }

    /** @return the block's leading uncompressed length (unsigned varint) */
    private static long uncompressedLength(ByteBuf body) {
        long length = 0;
        int index = body.readerIndex();
        for (int i = 0; i < MAX_LENGTH_BYTES; i++) {
            if (index + i >= body.writerIndex()) {
                break;
            }
            int b = body.getByte(index + i) & 0xFF;
            length |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return length;
            }
        }
        throw new ProtocolException("Corrupt Snappy block: bad uncompressed length");
    }
}
