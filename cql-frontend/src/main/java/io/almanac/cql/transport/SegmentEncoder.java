package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Wraps each encoded outbound envelope into v5 segments ({@link SegmentFormat}): one self-contained segment when it
 * fits in 131071 bytes, otherwise consecutive non-self-contained segments of at most that size. With LZ4 each
 * segment payload is compressed, and stored raw (uncompressed length 0) when compression would not shrink it.
 *
 * <p>Thread safety: one instance per channel, used on its event loop only.
 *
 * <p>Allocation: one buffer per segment (header + payload + CRC).
 */
final class SegmentEncoder extends MessageToMessageEncoder<ByteBuf> {

    private final Lz4Codec lz4;

    /** @param lz4 the codec for LZ4 segments, or null for uncompressed segments */
    SegmentEncoder(Lz4Codec lz4) {
        super(ByteBuf.class);
        this.lz4 = lz4;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf envelope, List<Object> out) {
        int total = envelope.readableBytes();
        boolean selfContained = total <= SegmentFormat.MAX_PAYLOAD_BYTES;
        int index = envelope.readerIndex();
        int end = index + total;
        do {
            int length = Math.min(SegmentFormat.MAX_PAYLOAD_BYTES, end - index);
            out.add(lz4 == null
                    ? uncompressedSegment(ctx, envelope, index, length, selfContained)
                    : compressedSegment(ctx, envelope, index, length, selfContained));
            index += length;
        } while (index < end);
        envelope.skipBytes(total);
    }

    private static ByteBuf uncompressedSegment(ChannelHandlerContext ctx, ByteBuf src, int index, int length,
                                               boolean selfContained) {
        ByteBuf segment = ctx.alloc().buffer(SegmentFormat.UNCOMPRESSED_HEADER_BYTES + SegmentFormat.HEADER_CRC_BYTES
                + length + SegmentFormat.PAYLOAD_CRC_BYTES);
        long header = SegmentFormat.uncompressedHeader(length, selfContained);
        writeHeader(segment, header, SegmentFormat.UNCOMPRESSED_HEADER_BYTES);
        segment.writeBytes(src, index, length);
        SegmentFormat.writeLittleEndian(segment, SegmentFormat.crc32(src, index, length) & 0xFFFFFFFFL,
                SegmentFormat.PAYLOAD_CRC_BYTES);
        return segment;
    }

    private ByteBuf compressedSegment(ChannelHandlerContext ctx, ByteBuf src, int index, int length,
                                      boolean selfContained) {
        int prefix = SegmentFormat.COMPRESSED_HEADER_BYTES + SegmentFormat.HEADER_CRC_BYTES;
        int bound = lz4.maxCompressedLength(length);
        ByteBuf segment = ctx.alloc().buffer(prefix + Math.max(bound, length) + SegmentFormat.PAYLOAD_CRC_BYTES);
        int compressed = lz4.compressBlock(src, index, length, segment, prefix, bound);
        int payloadBytes;
        long header;
        if (compressed < length) {
            payloadBytes = compressed;
            header = SegmentFormat.compressedHeader(compressed, length, selfContained);
        } else {
            segment.setBytes(prefix, src, index, length);
            payloadBytes = length;
            header = SegmentFormat.compressedHeader(length, 0, selfContained);
        }
        writeHeader(segment, header, SegmentFormat.COMPRESSED_HEADER_BYTES);
        int crc = SegmentFormat.crc32(segment, prefix, payloadBytes);
        segment.writerIndex(prefix + payloadBytes);
        SegmentFormat.writeLittleEndian(segment, crc & 0xFFFFFFFFL, SegmentFormat.PAYLOAD_CRC_BYTES);
        return segment;
    }

    private static void writeHeader(ByteBuf segment, long header, int headerBytes) {
        segment.writerIndex(0);
        SegmentFormat.writeLittleEndian(segment, header, headerBytes);
        SegmentFormat.writeLittleEndian(segment, SegmentFormat.crc24(header, headerBytes),
                SegmentFormat.HEADER_CRC_BYTES);
    }
}
