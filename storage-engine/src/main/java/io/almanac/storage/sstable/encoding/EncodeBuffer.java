package io.almanac.storage.sstable.encoding;

import org.agrona.ExpandableArrayBuffer;

/**
 * A growable byte array with a write position: the destination of block encoders. Integers written here are
 * little-endian LEB128 varints (see {@link VarInts}) or single bytes; nothing is aligned.
 *
 * <p>Thread safety: not thread safe; one encoding thread. Allocation: grows its backing array by doubling and
 * reuses it after {@link #reset()}.
 */
public final class EncodeBuffer {

    private final ExpandableArrayBuffer buffer;
    private int position;

    /** @param initialCapacityBytes the initial capacity, bytes */
    public EncodeBuffer(int initialCapacityBytes) {
        this.buffer = new ExpandableArrayBuffer(initialCapacityBytes);
    }

    /** Forgets everything written; keeps the backing array. */
    public void reset() {
        position = 0;
    }

    /** @return bytes written since the last {@link #reset()} */
    public int position() {
        return position;
    }

    /** @return the backing array (valid bytes are [0, position())) */
    public byte[] array() {
        return buffer.byteArray();
    }

    public void putByte(int value) {
        buffer.putByte(position++, (byte) value);
    }

    public void putBytes(byte[] bytes) {
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    /** Writes {@code length} bytes of {@code source} from {@code offset}. */
    public void putBytes(byte[] source, int offset, int length) {
        buffer.putBytes(position, source, offset, length);
        position += length;
    }

    /** Writes {@code value} as an unsigned LEB128 varint (1 to 10 bytes). */
    public void putVarLong(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer.putByte(position++, (byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        buffer.putByte(position++, (byte) rest);
    }

    /** Writes {@code value} zigzag-mapped, as a varint. */
    public void putZigZag(long value) {
        putVarLong(VarInts.zigZag(value));
    }
}
