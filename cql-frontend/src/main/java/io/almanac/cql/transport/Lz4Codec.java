package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 as the native protocol uses it (native_protocol_v4.spec §5, reference §1.4): raw LZ4 blocks, no frame format.
 *
 * <p>Thread safety: thread-safe (the lz4-java compressor and decompressor are stateless).
 *
 * <pre>
 * v4 compressed body (header flag 0x01):   +------------------------+--------------------------+
 *                                          | uncompressed length    | LZ4 block                |
 *                                          | [int], big-endian      | (rest of the body)       |
 *                                          +------------------------+--------------------------+
 * v5 LZ4 segment payload: the LZ4 block alone; both lengths are in the segment header ({@link SegmentFormat}).
 * </pre>
 *
 * <p>Decompression uses the bounds-checking decompressor and verifies the produced length, so a hostile block
 * yields {@link ProtocolException}, never an overrun.
 */
final class Lz4Codec implements BodyCompression {

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4Codec() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    /** @return a new buffer holding the v4 compressed form of {@code body} (not released here) */
    @Override
    public ByteBuf compressBody(ByteBufAllocator allocator, ByteBuf body) {
        int length = body.readableBytes();
        int bound = compressor.maxCompressedLength(length);
        ByteBuf out = allocator.buffer(4 + bound);
        out.writeInt(length);
        int written = compressBlock(body, body.readerIndex(), length, out, out.writerIndex(), bound);
        out.writerIndex(out.writerIndex() + written);
        return out;
    }

    /**
     * @param maxBytes the largest uncompressed body accepted, in bytes
     * @return a new buffer with the decompressed v4 body
     * @throws ProtocolException when the body is malformed or decompresses to more than {@code maxBytes}
     */
    @Override
    public ByteBuf decompressBody(ByteBufAllocator allocator, ByteBuf body, int maxBytes) {
        if (body.readableBytes() < 4) {
            throw new ProtocolException("Compressed body too short: " + body.readableBytes() + " bytes");
        }
        int length = body.getInt(body.readerIndex());
        if (length < 0 || length > maxBytes) {
            throw new ProtocolException("Invalid uncompressed length " + length + " in compressed body (maximum "
                    + maxBytes + ")");
        }
        return decompressBlock(allocator, body, body.readerIndex() + 4, body.readableBytes() - 4, length);
    }

    /** @return the largest LZ4 block {@code length} input bytes can produce */
    int maxCompressedLength(int length) {
        return compressor.maxCompressedLength(length);
    }

    /** Compresses {@code length} bytes of {@code src} at {@code srcIndex} into {@code dest} at {@code destIndex}. */
    int compressBlock(ByteBuf src, int srcIndex, int length, ByteBuf dest, int destIndex, int maxDestBytes) {
        ByteBuffer source = src.nioBuffer(srcIndex, length);
        ByteBuffer target = dest.nioBuffer(destIndex, maxDestBytes);
        return compressor.compress(source, 0, length, target, 0, maxDestBytes);
    }

    /**
     * @return a new buffer with exactly {@code uncompressedBytes} bytes decompressed from the block
     * @throws ProtocolException when the block is corrupt or does not decompress to that length
     */
    ByteBuf decompressBlock(ByteBufAllocator allocator, ByteBuf src, int srcIndex, int length, int uncompressedBytes) {
        ByteBuf out = allocator.buffer(uncompressedBytes);
        try {
            ByteBuffer target = out.nioBuffer(0, uncompressedBytes);
            int produced = decompressor.decompress(src.nioBuffer(srcIndex, length), 0, length, target, 0,
                    uncompressedBytes);
            if (produced != uncompressedBytes) {
                throw new ProtocolException("LZ4 block decompressed to " + produced + " bytes, expected "
                        + uncompressedBytes);
            }
            out.writerIndex(uncompressedBytes);
            return out;
        } catch (LZ4Exception e) {
            out.release();
            throw new ProtocolException("Corrupt LZ4 block: " + e.getMessage());
        } catch (ProtocolException e) {
            out.release();
            throw e;
        }
    }
}
