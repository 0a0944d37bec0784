package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;

/**
 * Encodes {@code count} doubles or floats (as raw IEEE 754 bits) whose count the reader knows. As in
 * {@link LongSequenceCodec} the values are split into interleaved lanes (the encoder tries 1 to 16 and keeps the
 * smallest). Each lane is either decimal-scaled (ALP, Afroozeh et al., "ALP: Adaptive Lossless floating-Point
 * Compression", SIGMOD 2024): the smallest exponent e &lt;= {@link #MAX_EXPONENT} such that every value v of the lane
 * equals m / 10^e for the integer m = round(v * 10^e), bit for bit, with the m stored as a {@link LongSequenceCodec}
 * lane; or, when no exponent is exact (NaN, infinities, -0.0, values with many significant digits) or XOR is
 * smaller, Gorilla XOR bit-packing (Pelkonen et al., "Gorilla", VLDB 2015 §4.1.2).
 *
 * <pre>
 * DoubleSequence := (nothing when count = 0) | lanes:u8 (1..16) DoubleLane{lanes}
 * DoubleLane     := exponent:u8 (0..9) Lane                      (ALP; Lane as in LongSequenceCodec, of the m)
 *                 | 0xFF byteLength:varint bits:byte{byteLength}   (Gorilla, bit stream MSB first)
 *   decoded value: double: m / 10^e (IEEE division);  float: (float) (m / 10^e in double)
 * Gorilla bits   := first:64                                       (raw bits; a float's in the low 32)
 *                   ( '0'                                          (same as previous)
 *                   | '1' '0' meaningful:(64 - lead - trail)       (xor fits the previous window)
 *                   | '1' '1' lead:6 (length - 1):6 meaningful:length  (new window; trail = 64 - lead - length)
 *                   )*
 * </pre>
 *
 * <p>Thread safety: not thread safe (scratch arrays); one instance per encoding thread; decoding is stateless.
 * Allocation: encoding reuses the scratch arrays, growing them to the largest count seen; decoding allocates
 * nothing (it fills the caller's array).
 */
public final class DoubleSequenceCodec {

    /** Largest decimal exponent tried. */
    public static final int MAX_EXPONENT = 9;
    static final int GORILLA = 0xFF;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private final BitWriter bits = new BitWriter();
    private long[] scaled = new long[0];
    private byte[] minimumExponent = new byte[0];
    private byte[] laneExponent = new byte[LongSequenceCodec.MAX_LANES];

    /** Writes {@code values[0, count)} (raw bits; for floats the int bits, zero-extended) as a DoubleSequence. */
    public void encode(long[] values, int count, boolean isFloat, EncodeBuffer out) {
        if (count == 0) {
            return;
        }
        if (scaled.length < count) {
            scaled = new long[count];
            minimumExponent = new byte[count];
        }
        for (int i = 0; i < count; i++) {
            minimumExponent[i] = (byte) minimumExponent(values[i], isFloat);
        }
        int bestLanes = 1;
        long bestSize = Long.MAX_VALUE;
        for (int lanes = 1; lanes <= Math.min(LongSequenceCodec.MAX_LANES, count); lanes++) {
            long size = 0;
            for (int lane = 0; lane < lanes && size < bestSize; lane++) {
                size += chooseLane(values, lane, lanes, LongSequenceCodec.laneCount(count, lane, lanes), isFloat);
            }
            if (size < bestSize) {
                bestSize = size;
                bestLanes = lanes;
            }
        }
        out.putByte(bestLanes);
        for (int lane = 0; lane < bestLanes; lane++) {
            int laneCount = LongSequenceCodec.laneCount(count, lane, bestLanes);
            chooseLane(values, lane, bestLanes, laneCount, isFloat);
            int exponent = laneExponent[lane];
            if (exponent < 0) {
                gorilla(values, lane, bestLanes, laneCount);
                out.putByte(GORILLA);
                out.putVarLong(bits.byteLength());
                out.putBytes(bits.array(), 0, bits.byteLength());
            } else {
                out.putByte(exponent);
                LongSequenceCodec.encodeLane(scaled, lane, bestLanes, laneCount, 0, out);
            }
        }
    }

    /** Picks ALP or Gorilla for one lane (recorded in laneExponent, -1 = Gorilla); @return its size in bytes. */
    private long chooseLane(long[] values, int start, int stride, int count, boolean isFloat) {
        int exponent = 0;
        for (int i = 0; i < count && exponent >= 0; i++) {
            exponent = minimumExponent[start + i * stride] < 0 ? -1
                    : Math.max(exponent, minimumExponent[start + i * stride]);
        }
        while (exponent >= 0 && !scaleLane(values, start, stride, count, exponent, isFloat)) {
            exponent = exponent == MAX_EXPONENT ? -1 : exponent + 1;
        }
        long gorillaSize = 1 + bytesOf(gorilla(values, start, stride, count));
        long alpSize = exponent < 0 ? Long.MAX_VALUE : 1 + LongSequenceCodec.laneSize(scaled, start, stride, count, 0);
        laneExponent[start] = (byte) (alpSize <= gorillaSize ? exponent : -1);
        return Math.min(alpSize, gorillaSize);
    }

    private static long bytesOf(int byteLength) {
        return VarInts.size(byteLength) + byteLength;
    }

    /** Fills scaled[] for the lane at {@code exponent}; @return whether every value is exact. */
    private boolean scaleLane(long[] values, int start, int stride, int count, int exponent, boolean isFloat) {
        for (int i = 0; i < count; i++) {
            int at = start + i * stride;
            long m = Math.round(valueOf(values[at], isFloat) * POWERS_OF_TEN[exponent]);
            if (decodeScaled(m, exponent, isFloat) != values[at]) {
                return false;
            }
            scaled[at] = m;
        }
        return true;
    }

    private static int minimumExponent(long raw, boolean isFloat) {
        double value = valueOf(raw, isFloat);
        for (int exponent = 0; exponent <= MAX_EXPONENT; exponent++) {
            if (decodeScaled(Math.round(value * POWERS_OF_TEN[exponent]), exponent, isFloat) == raw) {
                return exponent;
            }
        }
        return -1;
    }

    private static double valueOf(long raw, boolean isFloat) {
        return isFloat ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    }

    /** @return the raw bits of m / 10^exponent as a double, or as a float zero-extended */
    static long decodeScaled(long m, int exponent, boolean isFloat) {
        double value = (double) m / POWERS_OF_TEN[exponent];
        return isFloat ? Float.floatToRawIntBits((float) value) & 0xFFFFFFFFL : Double.doubleToRawLongBits(value);
    }

    /** Writes the lane as a Gorilla bit stream into {@link #bits}; @return its length in bytes. */
    private int gorilla(long[] values, int start, int stride, int count) {
        bits.reset();
        long previous = values[start];
        bits.write(previous, 64);
        int lead = -1;
        int trail = 0;
        for (int i = 1; i < count; i++) {
            long value = values[start + i * stride];
            long xor = value ^ previous;
            previous = value;
            if (xor == 0) {
                bits.writeBit(false);
                continue;
            }
            bits.writeBit(true);
            int newLead = Long.numberOfLeadingZeros(xor);
            int newTrail = Long.numberOfTrailingZeros(xor);
            if (lead >= 0 && newLead >= lead && newTrail >= trail) {
                bits.writeBit(false);
                bits.write(xor >>> trail, 64 - lead - trail);
            } else {
                lead = newLead;
                trail = newTrail;
                int length = 64 - lead - trail;
                bits.writeBit(true);
                bits.write(lead, 6);
                bits.write(length - 1, 6);
                bits.write(xor >>> trail, length);
            }
        }
        return bits.byteLength();
    }

    /**
     * Reads a DoubleSequence of {@code count} values into {@code into[0, count)} (raw bits).
     *
     * @throws MalformedDataException on a bad lane count or exponent, a truncated bit stream or a bad window
     */
    public static void decode(DecodeCursor in, int count, boolean isFloat, long[] into) {
        if (count == 0) {
            return;
        }
        int at = in.offset();
        int lanes = in.readByte() & 0xFF;
        if (lanes < 1 || lanes > LongSequenceCodec.MAX_LANES) {
            throw new MalformedDataException(at, "bad lane count " + lanes);
        }
        BitReader reader = new BitReader();
        for (int lane = 0; lane < lanes; lane++) {
            int laneCount = LongSequenceCodec.laneCount(count, lane, lanes);
            int exponentAt = in.offset();
            int exponent = in.readByte() & 0xFF;
            if (exponent == GORILLA) {
                int length = VarInts.readBounded(in, in.limit() - in.offset(), "bit stream length");
                reader.wrap(in.buffer(), in.offset(), length);
                in.skip(length);
                readGorilla(reader, into, lane, lanes, laneCount);
            } else if (exponent > MAX_EXPONENT) {
                throw new MalformedDataException(exponentAt, "bad exponent " + exponent);
            } else {
                LongSequenceCodec.decodeLane(in, into, lane, lanes, laneCount, 0);
                for (int i = 0; i < laneCount; i++) {
                    int index = lane + i * lanes;
                    into[index] = decodeScaled(into[index], exponent, isFloat);
                }
            }
        }
    }

    private static void readGorilla(BitReader reader, long[] into, int start, int stride, int count) {
        long previous = reader.read(64);
        into[start] = previous;
        int lead = -1;
        int trail = 0;
        for (int i = 1; i < count; i++) {
            if (reader.readBit()) {
                if (reader.readBit()) {
                    lead = (int) reader.read(6);
                    int length = (int) reader.read(6) + 1;
                    trail = 64 - lead - length;
                    if (trail < 0) {
                        throw new MalformedDataException(reader.offset(), "bad Gorilla window " + lead + "+" + length);
                    }
                } else if (lead < 0) {
                    throw new MalformedDataException(reader.offset(), "Gorilla window reused before one was set");
                }
                previous ^= reader.read(64 - lead - trail) << trail;
            }
            into[start + i * stride] = previous;
        }
    }
}
