package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * v5 segment framing against vectors computed independently from the spec rules (reference §1.4: CRC24 init
 * 0x875060, polynomial 0x1974F0B over the LE header bytes; CRC32 = zlib crc32 pre-fed with FA 2D 55 CA; values
 * produced with a separate Python implementation of those rules).
 */
class SegmentCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void crc24MatchesSpecVectors() {
        // 5-byte payload, self-contained: header bits 0x020005 -> bytes 05 00 02
        assertThat(SegmentFormat.crc24(SegmentFormat.uncompressedHeader(5, true), 3)).isEqualTo(0x9a9919);
        // 131071-byte payload, not self-contained: bytes ff ff 01
        assertThat(SegmentFormat.crc24(SegmentFormat.uncompressedHeader(131071, false), 3)).isEqualTo(0xfe9138);
        // LZ4: compressed 20, uncompressed 50, self-contained: bytes 14 00 64 00 04
        long lz4Header = SegmentFormat.compressedHeader(20, 50, true);
        assertThat(lz4Header).isEqualTo(0x04_0064_0014L);
        assertThat(SegmentFormat.crc24(lz4Header, 5)).isEqualTo(0x36e7cf);
    }

    @Test
    void crc32IsPrefedWithTheFourInitialBytes() {
        assertThat(SegmentFormat.crc32(Unpooled.EMPTY_BUFFER, 0, 0)).isEqualTo(0x44777ed3);
    }

    @Test
    void encodesASmallEnvelopeAsOneSelfContainedSegment() {
        byte[] segment = encode(null, "hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(HEX.formatHex(segment)).isEqualTo("050002" + "19999a" + "68656c6c6f" + "74800eb6");
        assertThat(decode(null, segment)).containsExactly("hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aPayloadOfExactly131071BytesStaysSelfContained() {
        byte[] envelope = new byte[SegmentFormat.MAX_PAYLOAD_BYTES];
        byte[] segment = encode(null, envelope);
        assertThat(segment).hasSize(6 + envelope.length + 4);
        long header = SegmentFormat.readLittleEndian(Unpooled.wrappedBuffer(segment), 0, 3);
        assertThat(header).isEqualTo(SegmentFormat.uncompressedHeader(SegmentFormat.MAX_PAYLOAD_BYTES, true));
    }

    @Test
    void splitsLargeEnvelopesIntoNonSelfContainedSegmentsAndReassemblesThem() {
        byte[] envelope = new byte[300_000];
        new Random(42).nextBytes(envelope);
        byte[] segments = encode(null, envelope);

        ByteBuf in = Unpooled.wrappedBuffer(segments);
        List<Integer> lengths = new ArrayList<>();
        while (in.isReadable()) {
            long header = SegmentFormat.readLittleEndian(in, in.readerIndex(), 3);
            assertThat(header & (1L << 17)).as("self-contained flag").isZero();
            int length = (int) (header & SegmentFormat.MAX_PAYLOAD_BYTES);
            lengths.add(length);
            in.skipBytes(6 + length + 4);
        }
        assertThat(lengths).containsExactly(131071, 131071, 300_000 - 2 * 131071);
        assertThat(concat(decode(null, segments))).isEqualTo(envelope);
    }

    @Test
    void lz4SegmentsRoundTripCompressibleAndIncompressiblePayloads() {
        Lz4Codec lz4 = new Lz4Codec();
        byte[] compressible = "SELECT * FROM system_schema.columns; ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] segments = encode(lz4, compressible);
        assertThat(segments.length).isLessThan(compressible.length / 10);
        assertThat(concat(decode(lz4, segments))).isEqualTo(compressible);

        byte[] incompressible = new byte[100];
        new Random(7).nextBytes(incompressible);
        byte[] raw = encode(lz4, incompressible);
        long header = SegmentFormat.readLittleEndian(Unpooled.wrappedBuffer(raw), 0, 5);
        assertThat(header).isEqualTo(SegmentFormat.compressedHeader(100, 0, true)); // stored raw
        assertThat(concat(decode(lz4, raw))).isEqualTo(incompressible);
    }

    @Test
    void decodesSegmentsDeliveredInArbitraryPieces() {
        byte[] envelope = new byte[140_000];
        new Random(3).nextBytes(envelope);
        byte[] segments = encode(null, envelope);
        EmbeddedChannel decoder = new EmbeddedChannel(new SegmentDecoder(null));
        int[] pieces = {1, 1, 1, 2, 3, 5, 8, 13, 21}; // tiny pieces split the first header and its CRC
        for (int offset = 0, i = 0; offset < segments.length; i++) {
            int length = Math.min(segments.length - offset, i < pieces.length ? pieces[i] : 997);
            decoder.writeInbound(Unpooled.wrappedBuffer(segments, offset, length));
            offset += length;
        }
        assertThat(concat(drain(decoder))).isEqualTo(envelope);
        decoder.finishAndReleaseAll();
    }

    @Test
    void corruptHeaderIsAFramingErrorAndTheRestIsDiscarded() {
        byte[] segment = encode(null, "hello".getBytes(StandardCharsets.US_ASCII));
        segment[1] ^= 0x01;
        EmbeddedChannel decoder = new EmbeddedChannel(new SegmentDecoder(null));
        decoder.writeInbound(Unpooled.wrappedBuffer(segment));
        decoder.writeInbound(Unpooled.wrappedBuffer(encode(null, new byte[10])));

        Object first = decoder.readInbound();
        assertThat(first).isInstanceOf(FramingError.class);
        assertThat(((FramingError) first).message()).startsWith("Segment header CRC24 mismatch");
        Object next = decoder.readInbound();
        assertThat(next).isNull();
        decoder.finishAndReleaseAll();
    }

    private static byte[] encode(Lz4Codec lz4, byte[] envelope) {
        return CqlTestChannel.segments(envelope, lz4);
    }

    private static List<byte[]> decode(Lz4Codec lz4, byte[] segments) {
        EmbeddedChannel decoder = new EmbeddedChannel(new SegmentDecoder(lz4));
        decoder.writeInbound(Unpooled.wrappedBuffer(segments));
        List<byte[]> payloads = drain(decoder);
        decoder.finishAndReleaseAll();
        return payloads;
    }

    private static List<byte[]> drain(EmbeddedChannel decoder) {
        List<byte[]> payloads = new ArrayList<>();
        for (Object message = decoder.readInbound(); message != null; message = decoder.readInbound()) {
            payloads.add(CqlTestChannel.bytes((ByteBuf) message));
        }
        return payloads;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuf all = Unpooled.buffer();
        parts.forEach(all::writeBytes);
        return CqlTestChannel.bytes(all);
    }
}
