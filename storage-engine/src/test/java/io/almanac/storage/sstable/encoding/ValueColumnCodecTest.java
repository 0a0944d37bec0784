package io.almanac.storage.sstable.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ValueColumnCodecTest {

    private final ValueColumnCodec codec = new ValueColumnCodec();

    private EncodeBuffer encode(byte[][] values, CqlType type) {
        EncodeBuffer out = new EncodeBuffer(16);
        codec.encode(values, values.length, type, out);
        return out;
    }

    private byte[][] roundTrip(byte[][] values, CqlType type) {
        EncodeBuffer out = encode(values, type);
        DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(out.array()), 0, out.position());
        byte[][] decoded = ValueColumnCodec.decode(in, values.length);
        assertThat(in.hasRemaining()).isFalse();
        return decoded;
    }

    private static byte[] doubleBytes(double value) {
        return ByteBuffer.allocate(8).putDouble(value).array();
    }

    private static byte[] floatBytes(float value) {
        return ByteBuffer.allocate(4).putFloat(value).array();
    }

    private static byte[] longBytes(long value, int width) {
        byte[] bytes = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>= 8;
        }
        return bytes;
    }

    @Test
    void doubleEdgeValuesRoundTripBitForBit() {
        double[] edges = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0123L), Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_NORMAL, 21.3, 21.4, 0.1, 1e300, -1e-300, 9.223372036854776E18, 1013.25};
        byte[][] values = new byte[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            values[i] = doubleBytes(edges[i]);
        }
        assertThat(roundTrip(values, NativeType.DOUBLE)).isDeepEqualTo(values);
    }

    @Test
    void floatEdgeValuesRoundTripBitForBit() {
        float[] edges = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7FC0_0001), Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, 21.3f, 21.4f, 0.1f, 1013.25f, -7.5f};
        byte[][] values = new byte[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            values[i] = floatBytes(edges[i]);
        }
        assertThat(roundTrip(values, NativeType.FLOAT)).isDeepEqualTo(values);
    }

    @Test
    void randomDoublesAndFloatsOfEveryKindRoundTrip() {
        Random random = new Random(99L);
        for (int iteration = 0; iteration < 200; iteration++) {
            int count = 1 + random.nextInt(200);
            int kind = random.nextInt(4);
            byte[][] doubles = new byte[count][];
            byte[][] floats = new byte[count][];
            double walk = random.nextInt(2000) / 10.0;
            for (int i = 0; i < count; i++) {
                walk = Math.round((walk + (random.nextInt(3) - 1) / 10.0) * 10) / 10.0;
                double value = switch (kind) {
                    case 0 -> walk;
                    case 1 -> Double.longBitsToDouble(random.nextLong());
                    case 2 -> random.nextGaussian() * 1e6;
                    default -> i % 4 == 0 ? walk : i % 4 == 1 ? 1013.25 + i / 100.0 : i % 4 == 2 ? i : -0.0;
                };
                doubles[i] = doubleBytes(value);
                floats[i] = kind == 1 ? longBytes(random.nextInt(), 4) : floatBytes((float) value);
            }
            assertThat(roundTrip(doubles, NativeType.DOUBLE)).as("iteration %d", iteration).isDeepEqualTo(doubles);
            assertThat(roundTrip(floats, NativeType.FLOAT)).as("iteration %d", iteration).isDeepEqualTo(floats);
        }
    }

    @Test
    void oneDecimalRandomWalkCostsAboutOneBytePerValue() {
        Random random = new Random(5L);
        byte[][] values = new byte[1000][];
        long tenths = 213;
        for (int i = 0; i < values.length; i++) {
            tenths += random.nextInt(3) - 1;
            values[i] = doubleBytes(tenths / 10.0);
        }
        assertThat(roundTrip(values, NativeType.DOUBLE)).isDeepEqualTo(values);
        assertThat(encode(values, NativeType.DOUBLE).position()).isLessThan(1100);
    }

    @Test
    void integersOfEveryWidthRoundTripIncludingExtremes() {
        Random random = new Random(11L);
        NativeType[] types = {NativeType.BIGINT, NativeType.TIMESTAMP, NativeType.TIME, NativeType.COUNTER,
            NativeType.INT, NativeType.DATE, NativeType.SMALLINT, NativeType.TINYINT, NativeType.BOOLEAN};
        for (NativeType type : types) {
            int width = type.fixedSizeBytes();
            byte[][] values = new byte[300][];
            for (int i = 0; i < values.length; i++) {
                long value = switch (i % 5) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> -1;
                    case 3 -> random.nextLong();
                    default -> i;
                };
                values[i] = longBytes(value, width);
            }
            assertThat(roundTrip(values, type)).as(type.cqlName()).isDeepEqualTo(values);
        }
    }

    @Test
    void emptyValuesInFixedWidthColumnsAndEmptyStringsRoundTrip() {
        byte[][] values = {doubleBytes(1.5), new byte[0], doubleBytes(2.5), new byte[0]};
        assertThat(roundTrip(values, NativeType.DOUBLE)).isDeepEqualTo(values);
        byte[][] ints = {longBytes(3, 4), new byte[0], longBytes(-3, 4)};
        assertThat(roundTrip(ints, NativeType.INT)).isDeepEqualTo(ints);
        byte[][] texts = {new byte[0], new byte[0], "a".getBytes(StandardCharsets.UTF_8), new byte[0]};
        assertThat(roundTrip(texts, NativeType.TEXT)).isDeepEqualTo(texts);
    }

    @Test
    void repeatedTextUsesTheDictionaryAndVariedBlobsStayRaw() {
        String[] metrics = {"counter", "humidity", "pressure", "temperature"};
        byte[][] values = new byte[400][];
        for (int i = 0; i < values.length; i++) {
            values[i] = metrics[i % 4].getBytes(StandardCharsets.UTF_8);
        }
        EncodeBuffer out = encode(values, NativeType.TEXT);
        assertThat(out.array()[0]).isEqualTo((byte) ValueColumnCodec.DICTIONARY);
        assertThat(out.position()).isLessThan(60);
        assertThat(roundTrip(values, NativeType.TEXT)).isDeepEqualTo(values);
        Random random = new Random(3L);
        byte[][] blobs = new byte[50][];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = new byte[random.nextInt(40)];
            random.nextBytes(blobs[i]);
        }
        assertThat(encode(blobs, NativeType.BLOB).array()[0]).isEqualTo((byte) ValueColumnCodec.RAW);
        assertThat(roundTrip(blobs, NativeType.BLOB)).isDeepEqualTo(blobs);
        assertThat(roundTrip(blobs, null)).isDeepEqualTo(blobs);
    }

    @Test
    void aDictionaryIndexOutOfRangeAndAnUnknownEncodingAreMalformed() {
        EncodeBuffer out = new EncodeBuffer(16);
        out.putByte(ValueColumnCodec.DICTIONARY);
        out.putVarLong(1);
        out.putVarLong(1);
        out.putByte('x');
        long[] indexes = {0, 1};
        LongSequenceCodec.encode(indexes, 2, out);
        DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(out.array()), 0, out.position());
        assertThatThrownBy(() -> ValueColumnCodec.decode(in, 2)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("dictionary index 1");
        byte[] unknown = {9, 0, 0};
        assertThatThrownBy(() -> ValueColumnCodec.decode(new DecodeCursor().wrap(new UnsafeBuffer(unknown), 0, 3), 1))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("unknown value encoding 9");
    }

    @Test
    void aTruncatedGorillaStreamIsMalformed() {
        byte[][] values = new byte[20][];
        Random random = new Random(8L);
        for (int i = 0; i < values.length; i++) {
            values[i] = doubleBytes(Double.longBitsToDouble(random.nextLong()));
        }
        EncodeBuffer out = encode(values, NativeType.DOUBLE);
        for (int length = 0; length < out.position(); length++) {
            DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(out.array()), 0, length);
            assertThatThrownBy(() -> ValueColumnCodec.decode(in, values.length))
                    .isInstanceOf(MalformedDataException.class);
        }
    }
}
