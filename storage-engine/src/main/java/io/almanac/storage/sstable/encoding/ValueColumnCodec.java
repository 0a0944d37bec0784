package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes the serialized values (native protocol bytes, native_protocol_v4.spec §6) of one column of a block. The
 * encoder picks the encoding from the column's CQL type and the values themselves, and writes it as a tag, so the
 * decoder needs no schema: fixed-width numbers become integers or ALP/Gorilla doubles when every value has the
 * type's width (an empty value, legal in CQL, sends the column to DICTIONARY or RAW); other values use a block-local
 * dictionary when at most half of them are distinct, else RAW.
 *
 * <pre>
 * ValueColumn := (nothing when count = 0) | encoding:u8 Payload       (count known to the reader)
 *   0 RAW         lengths:LongSequence(count) bytes:byte{sum of lengths}
 *   1 DICTIONARY  entryCount:varint (length:varint bytes){entryCount} indexes:LongSequence(count)
 *   2 INTEGER     width:u8 (1, 2, 4 or 8) values:LongSequence(count)  (big-endian two's complement, sign-extended:
 *                 bigint, int, smallint, tinyint, timestamp, date, time, counter, boolean)
 *   3 DOUBLE      DoubleSequence(count)                             (8-byte IEEE 754 big-endian values)
 *   4 FLOAT       DoubleSequence(count)                             (4-byte values)
 * </pre>
 *
 * <p>Thread safety: an instance is not thread safe (scratch arrays); {@link #decode} is static and stateless.
 * Allocation: encoding reuses scratch arrays and allocates a hash map for dictionary candidates; decoding allocates
 * the returned array, one copy per RAW value and one array per dictionary entry (cells of the block share the
 * dictionary's arrays; values are never modified).
 */
public final class ValueColumnCodec {

    static final int RAW = 0;
    static final int DICTIONARY = 1;
    static final int INTEGER = 2;
    static final int DOUBLE = 3;
    static final int FLOAT = 4;

    private final DoubleSequenceCodec doubles = new DoubleSequenceCodec();
    private long[] scratch = new long[0];

    /**
     * Writes {@code values[0, count)} (none null) as a ValueColumn; nothing at all when {@code count} is 0.
     *
     * @param type the column's type, or null when unknown
     */
    public void encode(byte[][] values, int count, CqlType type, EncodeBuffer out) {
        if (count == 0) {
            return;
        }
        if (scratch.length < count) {
            scratch = new long[count];
        }
        int width = type instanceof NativeType nativeType ? numericWidth(nativeType) : -1;
        if (width > 0 && allOfWidth(values, count, width)) {
            if (type == NativeType.DOUBLE || type == NativeType.FLOAT) {
                out.putByte(type == NativeType.DOUBLE ? DOUBLE : FLOAT);
                toLongs(values, count, width, false);
                doubles.encode(scratch, count, type == NativeType.FLOAT, out);
            } else {
                out.putByte(INTEGER);
                out.putByte(width);
                toLongs(values, count, width, true);
                LongSequenceCodec.encode(scratch, count, out);
            }
            return;
        }
        if (!encodeDictionary(values, count, out)) {
            out.putByte(RAW);
            for (int i = 0; i < count; i++) {
                scratch[i] = values[i].length;
            }
            LongSequenceCodec.encode(scratch, count, out);
            for (int i = 0; i < count; i++) {
                out.putBytes(values[i]);
            }
        }
    }

    private static int numericWidth(NativeType type) {
        return switch (type) {
            case BIGINT, TIMESTAMP, TIME, COUNTER, DOUBLE -> 8;
            case INT, DATE, FLOAT -> 4;
            case SMALLINT -> 2;
            case TINYINT, BOOLEAN -> 1;
            default -> -1;
        };
    }

    private static boolean allOfWidth(byte[][] values, int count, int width) {
        for (int i = 0; i < count; i++) {
            if (values[i].length != width) {
                return false;
            }
        }
        return true;
    }

    private void toLongs(byte[][] values, int count, int width, boolean signExtend) {
        for (int i = 0; i < count; i++) {
            long value = 0;
            for (byte b : values[i]) {
                value = value << 8 | (b & 0xFF);
            }
            int shift = 64 - 8 * width;
            scratch[i] = signExtend && shift > 0 ? value << shift >> shift : value;
        }
    }

    /** Writes a DICTIONARY column when at most half the values are distinct; @return whether it did. */
    private boolean encodeDictionary(byte[][] values, int count, EncodeBuffer out) {
        int limit = count / 2;
        Map<ByteBuffer, Integer> indexes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Integer index = indexes.get(ByteBuffer.wrap(values[i]));
            if (index == null) {
                if (indexes.size() >= limit) {
                    return false;
                }
                index = indexes.size();
                indexes.put(ByteBuffer.wrap(values[i]), index);
            }
            scratch[i] = index;
        }
        byte[][] entries = new byte[indexes.size()][];
        indexes.forEach((value, index) -> entries[index] = value.array());
        out.putByte(DICTIONARY);
        out.putVarLong(entries.length);
        for (byte[] entry : entries) {
            out.putVarLong(entry.length);
            out.putBytes(entry);
        }
        LongSequenceCodec.encode(scratch, count, out);
        return true;
    }

    /**
     * Reads a ValueColumn of {@code count} values.
     *
     * @return the values (none null)
     * @throws MalformedDataException on an unknown encoding or width, a dictionary index out of range, a length
     *                                past the block, or truncation
     */
    public static byte[][] decode(DecodeCursor in, int count) {
        if (count == 0) {
            return new byte[0][];
        }
        int at = in.offset();
        int encoding = in.readByte() & 0xFF;
        long[] longs = new long[count];
        byte[][] values = new byte[count][];
        switch (encoding) {
            case RAW -> {
                LongSequenceCodec.decode(in, count, longs);
                for (int i = 0; i < count; i++) {
                    if (longs[i] < 0 || longs[i] > in.limit() - in.offset()) {
                        throw new MalformedDataException(in.offset(), "value length " + longs[i] + " past the block");
                    }
                    values[i] = in.readBytes((int) longs[i]);
                }
            }
            case DICTIONARY -> decodeDictionary(in, count, longs, values);
            case INTEGER -> {
                int width = in.readByte() & 0xFF;
                if (width != 1 && width != 2 && width != 4 && width != 8) {
                    throw new MalformedDataException(in.offset() - 1, "bad integer width " + width);
                }
                LongSequenceCodec.decode(in, count, longs);
                toBytes(longs, count, width, values);
            }
            case DOUBLE, FLOAT -> {
                DoubleSequenceCodec.decode(in, count, encoding == FLOAT, longs);
                toBytes(longs, count, encoding == FLOAT ? 4 : 8, values);
            }
            default -> throw new MalformedDataException(at, "unknown value encoding " + encoding);
        }
        return values;
    }

    private static void decodeDictionary(DecodeCursor in, int count, long[] indexes, byte[][] values) {
        int entryCount = VarInts.readBounded(in, Math.min(count, in.limit() - in.offset()), "dictionary size");
        byte[][] entries = new byte[entryCount][];
        for (int i = 0; i < entryCount; i++) {
            entries[i] = in.readBytes(VarInts.readBounded(in, in.limit() - in.offset(), "dictionary entry length"));
        }
        int at = in.offset();
        LongSequenceCodec.decode(in, count, indexes);
        for (int i = 0; i < count; i++) {
            if (indexes[i] < 0 || indexes[i] >= entryCount) {
                throw new MalformedDataException(at, "dictionary index " + indexes[i] + " outside [0, " + entryCount
                        + ")");
            }
            values[i] = entries[(int) indexes[i]];
        }
    }

    private static void toBytes(long[] longs, int count, int width, byte[][] values) {
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[width];
            long rest = longs[i];
            for (int b = width - 1; b >= 0; b--) {
                value[b] = (byte) rest;
                rest >>>= 8;
            }
            values[i] = value;
        }
    }
}
