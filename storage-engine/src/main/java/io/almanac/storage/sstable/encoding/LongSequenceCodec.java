package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;

/**
 * Encodes a sequence of {@code count} longs (timestamps, TTLs, dictionary indexes, integer values, ALP-scaled
 * doubles) whose count the reader already knows. The sequence is split round-robin into {@code lanes} interleaved
 * lanes (element i belongs to lane i mod lanes), so that a table with k rows per timestamp (k metrics) sees each
 * metric's own series; each lane picks the cheapest of three transforms, optionally run-length encoded. The encoder
 * tries every lane count from 1 to {@link #MAX_LANES} and keeps the smallest.
 *
 * <pre>
 * LongSequence := (nothing when count = 0) | lanes:u8 (1..16) Lane{lanes}
 * Lane         := mode:u8 Stream            (lane j holds elements j, j + lanes, j + 2 * lanes, ... )
 *   base: 0 for lane 0; v[j - 1] for lane j &gt; 0 (lanes are decoded in order, so it is known)
 *   mode bits 0-1: order   0 = values, 1 = deltas, 2 = delta-of-deltas      (bits 3-7 must be 0)
 *   mode bit  2:   RLE
 *   order 0: t[0] = v[0] - base, t[i] = v[i]
 *   order 1: t[0] = v[0] - base, t[i] = v[i] - v[i-1]
 *   order 2: t[0] = v[0] - base, t[1] = v[1] - v[0], t[i] = (v[i] - v[i-1]) - (v[i-1] - v[i-2])
 *   (all arithmetic wraps modulo 2^64, so every long sequence round-trips)
 * Stream       := zigzag(t):varint{laneCount}                       (RLE clear)
 *               | (runLength:varint (&gt;= 1) zigzag(t):varint)*       (RLE set; run lengths sum to laneCount)
 *
 *   one-second timestamps, 4 rows each:  1000 1000 1000 1000 2000 2000 ... with lanes = 4, order 1, RLE:
 *   +-------+------+-------+-----------+------+-------+-----------+ ...
 *   | 4     | 0x05 | n:var | zz(1000)  | 0x05 | n:var | zz(1000)  |
 *   +-------+------+-------+-----------+------+-------+-----------+
 * </pre>
 *
 * <p>Thread safety: stateless. Allocation: encoding allocates one small cost accumulator (four long[3]) per lane it
 * evaluates; {@link #decode} allocates nothing (it fills the caller's array).
 */
public final class LongSequenceCodec {

    /** Largest lane count. */
    public static final int MAX_LANES = 16;
    static final int RLE = 0x04;
    static final int ORDER_MASK = 0x03;

    private LongSequenceCodec() {
    }

    /** Writes {@code values[0, count)} as a LongSequence. */
    public static void encode(long[] values, int count, EncodeBuffer out) {
        if (count == 0) {
            return;
        }
        int lanes = bestLaneCount(values, count);
        out.putByte(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            encodeLane(values, lane, lanes, laneCount(count, lane, lanes), lane == 0 ? 0 : values[lane - 1], out);
        }
    }

    /** @return how many of {@code count} elements lane {@code lane} of {@code lanes} holds */
    public static int laneCount(int count, int lane, int lanes) {
        return count <= lane ? 0 : (count - lane + lanes - 1) / lanes;
    }

    private static int bestLaneCount(long[] values, int count) {
        int best = 1;
        long bestSize = Long.MAX_VALUE;
        for (int lanes = 1; lanes <= Math.min(MAX_LANES, count); lanes++) {
            long size = 0;
            for (int lane = 0; lane < lanes && size < bestSize; lane++) {
                size += laneSize(values, lane, lanes, laneCount(count, lane, lanes),
                        lane == 0 ? 0 : values[lane - 1]);
            }
            if (size < bestSize) {
                bestSize = size;
                best = lanes;
            }
        }
        return best;
    }

    /**
     * @return the encoded size, bytes, of the best Lane over {@code count} elements from {@code start} by
     *         {@code stride} whose first element is stored relative to {@code base}
     */
    public static int laneSize(long[] values, int start, int stride, int count, long base) {
        return 1 + (int) (LaneCosts.of(values, start, stride, count, base).best() >>> 8);
    }

    /**
     * Writes one Lane (mode and Stream) of {@code count} elements from {@code start} by {@code stride}, the first
     * relative to {@code base}.
     */
    public static void encodeLane(long[] values, int start, int stride, int count, long base, EncodeBuffer out) {
        int mode = (int) (LaneCosts.of(values, start, stride, count, base).best() & 0xFF);
        out.putByte(mode);
        int order = mode & ORDER_MASK;
        boolean rle = (mode & RLE) != 0;
        long previous = 0;
        long previousDelta = 0;
        long runValue = 0;
        int runLength = 0;
        for (int i = 0; i < count; i++) {
            long value = values[start + i * stride];
            long delta = value - previous;
            long t = i == 0 ? value - base : order == 0 ? value : order == 1 || i == 1 ? delta : delta - previousDelta;
            previousDelta = delta;
            previous = value;
            if (!rle) {
                out.putZigZag(t);
            } else if (runLength > 0 && t == runValue) {
                runLength++;
            } else {
                if (runLength > 0) {
                    out.putVarLong(runLength);
                    out.putZigZag(runValue);
                }
                runValue = t;
                runLength = 1;
            }
        }
        if (rle && runLength > 0) {
            out.putVarLong(runLength);
            out.putZigZag(runValue);
        }
    }

    /**
     * Reads a LongSequence of {@code count} elements into {@code into[0, count)}.
     *
     * @throws MalformedDataException on a bad lane count, mode, run length or varint, or truncation
     */
    public static void decode(DecodeCursor in, int count, long[] into) {
        if (count == 0) {
            return;
        }
        int at = in.offset();
        int lanes = in.readByte() & 0xFF;
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new MalformedDataException(at, "bad lane count " + lanes);
        }
        for (int lane = 0; lane < lanes; lane++) {
            decodeLane(in, into, lane, lanes, laneCount(count, lane, lanes), lane == 0 ? 0 : into[lane - 1]);
        }
    }

    /** Reads one Lane of {@code count} elements into {@code into} from {@code start} by {@code stride}. */
    public static void decodeLane(DecodeCursor in, long[] into, int start, int stride, int count, long base) {
        int at = in.offset();
        int mode = in.readByte() & 0xFF;
        if ((mode & ~(ORDER_MASK | RLE)) != 0 || (mode & ORDER_MASK) == 3) {
            throw new MalformedDataException(at, "bad lane mode " + mode);
        }
        int order = mode & ORDER_MASK;
        boolean rle = (mode & RLE) != 0;
        long previous = 0;
        long previousDelta = 0;
        long runValue = 0;
        int runLeft = 0;
        for (int i = 0; i < count; i++) {
            long t;
            if (!rle) {
                t = VarInts.readZigZag(in);
            } else {
                if (runLeft == 0) {
                    runLeft = VarInts.readBounded(in, count - i, "run length");
                    if (runLeft == 0) {
                        throw new MalformedDataException(in.offset() - 1, "empty run");
                    }
                    runValue = VarInts.readZigZag(in);
                }
                t = runValue;
                runLeft--;
            }
            long value;
            if (i == 0) {
                value = t + base;
            } else if (order == 0) {
                value = t;
            } else {
                long delta = order == 1 || i == 1 ? t : previousDelta + t;
                value = previous + delta;
            }
            previousDelta = value - previous;
            previous = value;
            into[start + i * stride] = value;
        }
    }

    /** Sizes of the six lane modes computed in one pass; {@link #best()} packs (size &lt;&lt; 8) | mode. */
    private static final class LaneCosts {
        private final long[] plain = new long[3];
        private final long[] rle = new long[3];
        private final long[] runValue = new long[3];
        private final long[] runLength = new long[3];

        static LaneCosts of(long[] values, int start, int stride, int count, long base) {
            LaneCosts costs = new LaneCosts();
            long previous = 0;
            long previousDelta = 0;
            for (int i = 0; i < count; i++) {
                long value = values[start + i * stride];
                long delta = value - previous;
                costs.add(0, i == 0 ? value - base : value);
                costs.add(1, i == 0 ? value - base : delta);
                costs.add(2, i == 0 ? value - base : i == 1 ? delta : delta - previousDelta);
                previousDelta = delta;
                previous = value;
            }
            return costs;
        }

        private void add(int order, long t) {
            plain[order] += VarInts.size(VarInts.zigZag(t));
            if (runLength[order] > 0 && runValue[order] == t) {
                runLength[order]++;
                return;
            }
            closeRun(order);
            runValue[order] = t;
            runLength[order] = 1;
        }

        private void closeRun(int order) {
            if (runLength[order] > 0) {
                rle[order] += VarInts.size(runLength[order]) + VarInts.size(VarInts.zigZag(runValue[order]));
            }
        }

        long best() {
            long best = Long.MAX_VALUE;
            for (int order = 0; order < 3; order++) {
                closeRun(order);
                runLength[order] = 0;
                best = Math.min(best, plain[order] << 8 | order);
                best = Math.min(best, rle[order] << 8 | order | RLE);
            }
            return best;
        }
    }
}
