package io.almanac.storage.sstable.encoding;

import java.util.Arrays;

/**
 * Writes a stream of bits most significant bit first: bit 0 of the stream is bit 7 of byte 0. The last byte is
 * padded with zero bits.
 *
 * <pre>
 *   write(0b1, 1); write(0b0110, 4); write(0b111, 3); write(0b1, 1)
 *   byte 0: 1 0110 111   byte 1: 1 0000000 (padding)
 * </pre>
 *
 * <p>Thread safety: not thread safe. Allocation: grows its byte array by doubling; reused after {@link #reset()}.
 */
public final class BitWriter {

    private byte[] bytes = new byte[64];
    private long bitCount;

    /** Forgets the bits written; keeps the array. */
    public void reset() {
        Arrays.fill(bytes, 0, byteLength(), (byte) 0);
        bitCount = 0;
    }

    /** @return bits written */
    public long bitCount() {
        return bitCount;
    }

    /** @return bytes holding the bits written (the last one zero-padded) */
    public int byteLength() {
        return (int) ((bitCount + 7) >>> 3);
    }

    /** @return the backing array; bytes [0, byteLength()) hold the stream */
    public byte[] array() {
        return bytes;
    }

    /** Appends the low {@code width} bits of {@code value}, most significant first ({@code width} in 0..64). */
    public void write(long value, int width) {
        for (int remaining = width; remaining > 0; ) {
            int byteIndex = (int) (bitCount >>> 3);
            if (byteIndex >= bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            int free = 8 - (int) (bitCount & 7);
            int take = Math.min(free, remaining);
            int chunk = (int) ((value >>> (remaining - take)) & ((1 << take) - 1));
            bytes[byteIndex] |= (byte) (chunk << (free - take));
            remaining -= take;
            bitCount += take;
        }
    }

    /** Appends one bit. */
    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }
}
