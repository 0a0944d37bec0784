package io.almanac.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Round trips and orderings of native types over many random values from a fixed seed (named in failures). */
class NativeTypeRoundTripTest {

    private static final long SEED = 0xA1_4A_4ACL;
    private static final int RUNS = 1_000;

    @Test
    void bigintRoundTripsAndComparesNumerically() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            long a = random.nextLong();
            long b = run % 10 == 0 ? a : random.nextLong();
            byte[] left = NativeType.BIGINT.encode(a);
            assertThat(NativeType.BIGINT.decode(left)).as(describe(run)).isEqualTo(a);
            assertThat(Integer.signum(NativeType.BIGINT.compare(left, NativeType.BIGINT.encode(b))))
                    .as(describe(run)).isEqualTo(Integer.signum(Long.compare(a, b)));
        }
    }

    @Test
    void intAndDoubleRoundTripAndCompare() {
        Random random = new Random(SEED);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE};
        for (int run = 0; run < RUNS; run++) {
            int i = random.nextInt();
            double d = run < specials.length ? specials[run] : random.nextDouble() * random.nextLong();
            double e = random.nextBoolean() ? d : random.nextGaussian() * 1e6;
            assertThat(NativeType.INT.decode(NativeType.INT.encode(i))).as(describe(run)).isEqualTo(i);
            assertThat(NativeType.DOUBLE.decode(NativeType.DOUBLE.encode(d))).as(describe(run)).isEqualTo(d);
            assertThat(Integer.signum(NativeType.DOUBLE.compare(NativeType.DOUBLE.encode(d),
                    NativeType.DOUBLE.encode(e)))).as(describe(run)).isEqualTo(Integer.signum(Double.compare(d, e)));
        }
    }

    @Test
    void textRoundTripsAndValidates() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(20); c > 0; c--) {
                text.appendCodePoint(random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : random.nextInt(0x10FFFF));
            }
            byte[] bytes = NativeType.TEXT.encode(text.toString());
            NativeType.TEXT.validate(bytes);
            String expected = new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(NativeType.TEXT.decode(bytes)).as(describe(run)).isEqualTo(expected);
        }
    }

    @Test
    void uuidAndCollectionsRoundTrip() {
        Random random = new Random(SEED);
        CollectionType listType = CollectionType.list(NativeType.INT, true);
        CollectionType mapType = (CollectionType) CqlTypes.parse("frozen<map<text, int>>");
        for (int run = 0; run < RUNS; run++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            assertThat(NativeType.UUID.decode(NativeType.UUID.encode(uuid))).as(describe(run)).isEqualTo(uuid);
            List<Integer> list = new ArrayList<>();
            for (int n = random.nextInt(10); n > 0; n--) {
                list.add(random.nextInt());
            }
            assertThat(listType.decode(listType.encode(list))).as(describe(run)).isEqualTo(list);
        }
        assertThat(mapType.decode(mapType.encode(Map.of("a", 1, "b", 2)))).isEqualTo(Map.of("a", 1, "b", 2));
    }

    private static String describe(int run) {
        return "seed " + SEED + " run " + run;
    }

    @Test
    void timeuuidsOfOneTimestampOrderTheirTailAsSignedBytesAsCassandraDoes() {
        long msb = 0x1E1D_4A80_0000_11F0L; // a version-1 UUID: the timestamp fields and version nibble
        byte[] minimal = NativeType.TIMEUUID.encode(new UUID(msb, 0x8080_8080_8080_8080L)); // minTimeuuid's tail
        byte[] positive = NativeType.TIMEUUID.encode(new UUID(msb, 0x0000_0000_0000_0001L));
        byte[] maximal = NativeType.TIMEUUID.encode(new UUID(msb, 0x7F7F_7F7F_7F7F_7F7FL)); // maxTimeuuid's tail
        assertThat(NativeType.TIMEUUID.compare(minimal, positive)).isNegative();
        assertThat(NativeType.TIMEUUID.compare(positive, maximal)).isNegative();
        assertThat(NativeType.TIMEUUID.compare(maximal, minimal)).isPositive();
    }
}
