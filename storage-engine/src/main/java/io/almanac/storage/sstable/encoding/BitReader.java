package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.MalformedDataException;
import org.agrona.DirectBuffer;

/**
 * Reads a bit stream written by {@link BitWriter} (most significant bit first) from a byte range of a buffer.
 * Reading past the range is a {@link MalformedDataException} naming the offset of the byte that was missing, never
 * a read of neighbouring bytes.
 *
 * <p>Thread safety: not thread safe. Allocation: none.
 */
public final class BitReader {

    private DirectBuffer buffer;
    private int startOffset;
    private long limitBits;
    private long bitPosition;

    /** Points the reader at {@code lengthBytes} bytes of {@code buffer} from {@code offset}; returns this. */
    public BitReader wrap(DirectBuffer buffer, int offset, int lengthBytes) {
        this.buffer = buffer;
        this.startOffset = offset;
        this.limitBits = (long) lengthBytes * 8;
        this.bitPosition = 0;
        return this;
    }

    /**
     * @return the next {@code width} bits (0..64) as the low bits of a long
     * @throws MalformedDataException when fewer than {@code width} bits remain
     */
    public long read(int width) {
        if (bitPosition + width > limitBits) {
            throw new MalformedDataException(startOffset + (int) (limitBits >>> 3), "truncated bit stream: need "
                    + width + " bits, " + (limitBits - bitPosition) + " left");
        }
        long result = 0;
        for (int remaining = width; remaining > 0; ) {
            int current = buffer.getByte(startOffset + (int) (bitPosition >>> 3)) & 0xFF;
            int available = 8 - (int) (bitPosition & 7);
            int take = Math.min(available, remaining);
            int chunk = (current >>> (available - take)) & ((1 << take) - 1);
            result = (result << take) | chunk;
            remaining -= take;
            bitPosition += take;
        }
        return result;
    }

    /** @return the offset, in the wrapped buffer, of the byte holding the next bit */
    public int offset() {
        return startOffset + (int) (bitPosition >>> 3);
    }

    /** @return the next bit. @throws MalformedDataException when none remains */
    public boolean readBit() {
        return read(1) != 0;
    }
}
