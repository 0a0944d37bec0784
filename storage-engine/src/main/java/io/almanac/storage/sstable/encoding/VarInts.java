package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;

/**
 * Variable-length integers of the encoded Data.db blocks: unsigned LEB128 (7 bits per byte, least significant group
 * first, high bit set on every byte but the last; at most 10 bytes for 64 bits) and zigzag mapping of signed values
 * (0, -1, 1, -2, ... map to 0, 1, 2, 3, ...), as Protocol Buffers' {@code sint64}.
 *
 * <pre>
 *   300 = 0b1_0010_1100  -&gt;  +----------+----------+
 *                            | 1 0101100| 0 0000010|
 *                            +----------+----------+
 * </pre>
 *
 * <p>Thread safety: stateless. Allocation: none.
 */
public final class VarInts {

    /** Largest encoded varint, bytes. */
    public static final int MAX_VARINT_BYTES = 10;

    private VarInts() {
    }

    /** @return {@code value} zigzag-mapped to an unsigned long */
    public static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    /** @return the signed value of a zigzag-mapped {@code mapped} */
    public static long unZigZag(long mapped) {
        return (mapped >>> 1) ^ -(mapped & 1);
    }

    /** @return the encoded size of the unsigned varint {@code value}, bytes (1 to 10) */
    public static int size(long value) {
        if (value == 0) {
            return 1;
        }
        return (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
    }

    /**
     * Reads an unsigned varint.
     *
     * @throws MalformedDataException when the bytes run out or the varint is longer than 10 bytes
     */
    public static long readVarLong(DecodeCursor cursor) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = cursor.readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedDataException(cursor.offset() - 1, "varint longer than 10 bytes");
    }

    /** Reads a zigzag varint. @throws MalformedDataException as {@link #readVarLong} */
    public static long readZigZag(DecodeCursor cursor) {
        return unZigZag(readVarLong(cursor));
    }

    /**
     * Reads an unsigned varint that must lie in [0, {@code max}] (counts, lengths, indexes).
     *
     * @param what names the value in the error
     * @throws MalformedDataException when malformed or outside the range
     */
    public static int readBounded(DecodeCursor cursor, int max, String what) {
        int at = cursor.offset();
        long value = readVarLong(cursor);
        if (value < 0 || value > max) {
            throw new MalformedDataException(at, what + " " + Long.toUnsignedString(value) + " outside [0, " + max
                    + "]");
        }
        return (int) value;
    }
}
