package io.almanac.storage.sstable.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LongSequenceCodecTest {

    private static long[] roundTrip(long[] values) {
        EncodeBuffer out = new EncodeBuffer(16);
        LongSequenceCodec.encode(values, values.length, out);
        DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(out.array()), 0, out.position());
        long[] decoded = new long[values.length];
        LongSequenceCodec.decode(in, values.length, decoded);
        assertThat(in.hasRemaining()).as("decoder consumed everything").isFalse();
        return decoded;
    }

    private static int encodedSize(long[] values) {
        EncodeBuffer out = new EncodeBuffer(16);
        LongSequenceCodec.encode(values, values.length, out);
        return out.position();
    }

    @Test
    void varIntsRoundTripEdgeValues() {
        long[] edges = {0, 1, -1, 63, -64, 64, 127, 128, 300, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};
        for (long value : edges) {
            EncodeBuffer out = new EncodeBuffer(1);
            out.putZigZag(value);
            out.putVarLong(value);
            assertThat(out.position()).isEqualTo(VarInts.size(VarInts.zigZag(value)) + VarInts.size(value));
            DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(out.array()), 0, out.position());
            assertThat(VarInts.readZigZag(in)).isEqualTo(value);
            assertThat(VarInts.readVarLong(in)).isEqualTo(value);
        }
    }

    @Test
    void aVarIntOfElevenBytesOrATruncatedOneIsMalformed() {
        byte[] tooLong = new byte[11];
        Arrays.fill(tooLong, (byte) 0x80);
        assertThatThrownBy(() -> VarInts.readVarLong(new DecodeCursor().wrap(new UnsafeBuffer(tooLong), 0, 11)))
                .isInstanceOf(MalformedDataException.class);
        assertThatThrownBy(() -> VarInts.readVarLong(new DecodeCursor().wrap(new UnsafeBuffer(tooLong), 0, 3)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("truncated");
    }

    @Test
    void edgeSequencesRoundTrip() {
        long[][] cases = {
            {},
            {0},
            {Long.MIN_VALUE},
            {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1},
            {Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1, 1, 1},
            {5, 5, 5, 5, 5, 5, 5, 5, 5},
        };
        for (long[] values : cases) {
            assertThat(roundTrip(values)).containsExactly(values);
        }
    }

    @Test
    void randomSequencesOfEveryShapeRoundTrip() {
        Random random = new Random(20261121L);
        for (int iteration = 0; iteration < 500; iteration++) {
            int count = random.nextInt(300);
            long[] values = new long[count];
            int shape = random.nextInt(5);
            long base = random.nextLong();
            int period = 1 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                values[i] = switch (shape) {
                    case 0 -> random.nextLong();
                    case 1 -> base + (i / period) * 1_000_000L + random.nextInt(3);
                    case 2 -> base + random.nextInt(5) - 2;
                    case 3 -> i % period;
                    default -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                };
            }
            assertThat(roundTrip(values)).as("iteration %d", iteration).containsExactly(values);
        }
    }

    @Test
    void regularTimestampsInterleavedFourWaysCostAlmostNothing() {
        long[] values = new long[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_763_700_000_000_000L + (i / 4) * 1_000_000L;
        }
        assertThat(roundTrip(values)).containsExactly(values);
        assertThat(encodedSize(values)).as("four lanes, each one delta run").isLessThan(50);
    }

    @Test
    void garbageNeverDecodesPastItsBytesNorThrowsAnythingElse() {
        Random random = new Random(7L);
        for (int iteration = 0; iteration < 2000; iteration++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(garbage), 0, garbage.length);
            long[] into = new long[1 + random.nextInt(100)];
            try {
                LongSequenceCodec.decode(in, into.length, into);
                assertThat(in.offset()).isLessThanOrEqualTo(garbage.length);
            } catch (MalformedDataException expected) {
                assertThat(expected.offset()).isBetween(0, garbage.length);
            }
        }
    }

    @Test
    void badLaneCountAndModeAreMalformed() {
        byte[] zeroLanes = {0, 0};
        assertThatThrownBy(() -> LongSequenceCodec.decode(new DecodeCursor().wrap(new UnsafeBuffer(zeroLanes), 0, 2),
                1, new long[1])).isInstanceOf(MalformedDataException.class).hasMessageContaining("lane count");
        byte[] badMode = {1, 3, 0};
        assertThatThrownBy(() -> LongSequenceCodec.decode(new DecodeCursor().wrap(new UnsafeBuffer(badMode), 0, 3),
                1, new long[1])).isInstanceOf(MalformedDataException.class).hasMessageContaining("lane mode");
        byte[] longRun = {1, LongSequenceCodec.RLE, 5, 0};
        assertThatThrownBy(() -> LongSequenceCodec.decode(new DecodeCursor().wrap(new UnsafeBuffer(longRun), 0, 4),
                3, new long[3])).isInstanceOf(MalformedDataException.class).hasMessageContaining("run length");
    }
}
