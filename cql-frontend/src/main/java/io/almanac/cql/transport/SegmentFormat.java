package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * The v5 segment layout ("frame format" of native_protocol_v5.spec §2; reference §1.4) and its checksums. Segment
 * headers and trailers are little-endian; the envelopes inside keep their big-endian layout.
 *
 * <p>Thread safety: stateless.
 *
 * <pre>
 * Uncompressed segment (6-byte header):
 *   bits 0-16  payload length (max 131071)      LE 3 bytes  +  CRC24 of those 3 bytes, LE 3 bytes
 *   bit  17    self-contained flag
 *   bits 18-23 padding
 *   then: payload (payload length bytes), CRC32 of the payload (LE 4 bytes)
 *
 * LZ4 segment (8-byte header):
 *   bits 0-16  compressed length                LE 5 bytes  +  CRC24 of those 5 bytes, LE 3 bytes
 *   bits 17-33 uncompressed length (0 = payload stored raw)
 *   bit  34    self-contained flag
 *   bits 35-39 padding
 *   then: LZ4 block (compressed length bytes, no length prefix), CRC32 of the compressed bytes (LE 4 bytes)
 * </pre>
 *
 * <p>A self-contained segment holds one or more whole envelopes; an envelope larger than one segment spans
 * consecutive segments whose self-contained flag is clear.
 *
 * <p>CRC24 ({@code Crc.crc24} in Cassandra): register starts at 0x875060; for each header byte, least significant
 * first, XOR it in at bits 16-23, then 8 times shift left by one and XOR 0x1974F0B when bit 24 is set; the low 24
 * bits are the checksum. CRC32: java.util.zip.CRC32 first updated with FA 2D 55 CA, then with the payload.
 */
final class SegmentFormat {

    /** The largest payload of one segment, in bytes (17 bits). */
    static final int MAX_PAYLOAD_BYTES = (1 << 17) - 1;
    static final int UNCOMPRESSED_HEADER_BYTES = 3;
    static final int COMPRESSED_HEADER_BYTES = 5;
    static final int HEADER_CRC_BYTES = 3;
    static final int PAYLOAD_CRC_BYTES = 4;

    private static final int CRC24_INIT = 0x875060;
    private static final int CRC24_POLY = 0x1974F0B;
    private static final byte[] CRC32_INITIAL_BYTES = {(byte) 0xFA, (byte) 0x2D, (byte) 0x55, (byte) 0xCA};

    private SegmentFormat() {
    }

    /**
     * @param header the header bits, least significant byte first (as written on the wire)
     * @param bytes  how many header bytes (3 or 5)
     * @return the 24-bit header checksum
     */
    static int crc24(long header, int bytes) {
        int crc = CRC24_INIT;
        long remaining = header;
        for (int i = 0; i < bytes; i++) {
            crc ^= (int) (remaining & 0xFF) << 16;
            remaining >>>= 8;
            for (int bit = 0; bit < 8; bit++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= CRC24_POLY;
                }
            }
        }
        return crc & 0xFFFFFF;
    }

    /** @return the payload checksum of {@code length} bytes of {@code buffer} from {@code index} */
    static int crc32(ByteBuf buffer, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(CRC32_INITIAL_BYTES);
        crc.update(buffer.nioBuffer(index, length));
        return (int) crc.getValue();
    }

    /** @return the uncompressed-segment header bits for {@code payloadBytes} */
    static long uncompressedHeader(int payloadBytes, boolean selfContained) {
        return payloadBytes | (selfContained ? 1L << 17 : 0L);
    }

    /** @return the LZ4-segment header bits; {@code uncompressedBytes} 0 means the payload is stored raw */
    static long compressedHeader(int compressedBytes, int uncompressedBytes, boolean selfContained) {
        return compressedBytes | ((long) uncompressedBytes << 17) | (selfContained ? 1L << 34 : 0L);
    }

    /** Writes {@code bytes} bytes of {@code value}, least significant first. */
    static void writeLittleEndian(ByteBuf out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.writeByte((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    /** @return {@code bytes} bytes of {@code in} from {@code index}, least significant first */
    static long readLittleEndian(ByteBuf in, int index, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) in.getUnsignedByte(index + i) << (8 * i);
        }
        return value;
    }
}
