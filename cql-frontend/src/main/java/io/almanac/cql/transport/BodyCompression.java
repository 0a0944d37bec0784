package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A protocol v4 body compression ({@code STARTUP COMPRESSION}: {@code lz4} or {@code snappy}, native_protocol_v4.spec
 * §5): an envelope whose header carries flag 0x01 has its whole body in this compressed form. Protocol v5 compresses
 * segments instead, with LZ4 only.
 *
 * <p>Thread safety: implementations are thread-safe.
 */
interface BodyCompression {

    /** @return a new buffer holding the compressed form of {@code body} (neither is released here) */
    ByteBuf compressBody(ByteBufAllocator allocator, ByteBuf body);

    /**
     * @param maxBytes the largest uncompressed body accepted, in bytes
     * @return a new buffer with the decompressed body
     * @throws ProtocolException when the body is malformed or decompresses to more than {@code maxBytes}
     */
    ByteBuf decompressBody(ByteBufAllocator allocator, ByteBuf body, int maxBytes);
}
