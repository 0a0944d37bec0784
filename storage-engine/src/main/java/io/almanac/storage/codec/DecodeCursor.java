package io.almanac.storage.codec;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * A bounds-checked reading position over a {@link DirectBuffer}: every read checks that it stays below
 * {@link #limit()} and throws {@link MalformedDataException} (naming the offset) instead of reading past it.
 * Integers are little-endian, as every Almanac binary layout.
 *
 * <p>Thread safety: not thread safe; one cursor per decoding thread, reused with {@link #wrap}.
 */
public final class DecodeCursor {

    /** Byte order of every multi-byte integer in Almanac's ring records, commit log entries and SSTables. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int limit;

    /** Points the cursor at {@code length} bytes of {@code buffer} from {@code offset}; returns this. */
    public DecodeCursor wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + length;
        return this;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    /** Moves the position to {@code newOffset} (must be inside the wrapped range). */
    public void offset(int newOffset) {
        if (newOffset < 0 || newOffset > limit) {
            throw new MalformedDataException(newOffset, "offset outside the record");
        }
        this.offset = newOffset;
    }

    public boolean hasRemaining() {
        return offset < limit;
    }

    private int advance(int bytes) {
        if (bytes < 0 || offset + bytes > limit || offset + bytes < offset) {
            throw new MalformedDataException(offset, "truncated: need " + bytes + " bytes, " + (limit - offset)
                    + " left");
        }
        int at = offset;
        offset += bytes;
        return at;
    }

    public byte readByte() {
        return buffer.getByte(advance(1));
    }

    /** @return an unsigned 16-bit value */
    public int readUnsignedShort() {
        return buffer.getShort(advance(2), ORDER) & 0xFFFF;
    }

    public int readInt() {
        return buffer.getInt(advance(4), ORDER);
    }

    public long readLong() {
        return buffer.getLong(advance(8), ORDER);
    }

    /** @return a new array with the next {@code length} bytes */
    public byte[] readBytes(int length) {
        if (length < 0) {
            throw new MalformedDataException(offset, "negative length " + length);
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(advance(length), bytes);
        return bytes;
    }

    /** Skips {@code length} bytes. */
    public void skip(int length) {
        advance(length);
    }
}
