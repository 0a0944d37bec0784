package io.almanac.ingest.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free float parse gives exactly {@link Double#parseDouble}'s double for every grammar float. */
class DecimalDoublesTest {

    @Test
    void edgeCasesMatchParseDouble() {
        for (String text : List.of("0", "-0", "+0", "0.0", "-0.0", ".5", "-.5", "5.", "1", "21.5", "-2.25", "0.1",
                "0.3", "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993", "9007199254740991.5",
                "123456789012345678901234567890", "0.000000000000000000000000000001", "1.7976931348623157e308",
                "1.8e308", "4.9e-324", "2e-324", "1E5", "1e+5", "-1E-5", "3.141592653589793", "2.718281828459045235360",
                "1.00000000000000000000", "00000000000000000000000001.5", "1e0000000000000000000005",
                "1e99999999999")) {
            assertSame(text);
        }
    }

    @Test
    void randomDecimalsMatchParseDouble() {
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(4) == 0) {
                text.append(random.nextBoolean() ? '-' : '+');
            }
            int integerDigits = random.nextInt(12);
            int fractionDigits = integerDigits == 0 ? 1 + random.nextInt(10) : random.nextInt(10);
            appendDigits(text, integerDigits, random);
            if (fractionDigits > 0 || random.nextBoolean()) {
                text.append('.');
                appendDigits(text, fractionDigits, random);
            }
            if (random.nextInt(3) == 0) {
                text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "")
                        .append(random.nextInt(40));
            }
            assertSame(text.toString());
        }
    }

    private static void appendDigits(StringBuilder text, int count, Random random) {
        for (int i = 0; i < count; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
    }

    private static void assertSame(String text) {
        byte[] framed = (" x" + text + "y ").getBytes(StandardCharsets.US_ASCII);
        double parsed = DecimalDoubles.parse(framed, 2, 2 + text.length());
        assertThat(Double.doubleToRawLongBits(parsed)).as(text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
}
