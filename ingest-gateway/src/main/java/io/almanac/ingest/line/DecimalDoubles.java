package io.almanac.ingest.line;

import java.nio.charset.StandardCharsets;

/**
 * Parses a line-protocol {@code float} (already checked against the grammar: sign, digits, optional fraction,
 * optional exponent) to the double {@link Double#parseDouble} gives, without building a {@code String} in the usual
 * case. Clinger's fast path ("How to Read Floating Point Numbers Accurately", 1990): when the decimal significand
 * (all digits, the point dropped) is at most 2^53 and the power of ten is at most 22 either way, both are exact
 * doubles and one IEEE multiplication or division is correctly rounded, so the result is the same double. Anything
 * else (long significands, large exponents) goes through {@link Double#parseDouble}.
 *
 * <p>Allocation: none on the fast path; the text as a {@code String} otherwise.
 *
 * <p>Thread safety: stateless.
 */
final class DecimalDoubles {

    /** The largest significand exactly representable as a double: 2^53. */
    private static final long MAX_EXACT_SIGNIFICAND = 1L << 53;
    /** 10^0 .. 10^22, each an exact double. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};

    private DecimalDoubles() {
    }

    /**
     * @param data  holds the number's ASCII text in [start, end), which matches the grammar's {@code float} rule
     * @return the correctly rounded double of the text (as {@link Double#parseDouble}; infinite when it overflows)
     */
    static double parse(byte[] data, int start, int end) {
        int i = start;
        boolean negative = data[i] == '-';
        if (data[i] == '+' || data[i] == '-') {
            i++;
        }
        long significand = 0;
        int exponent = 0;
        boolean exact = true;
        for (; i < end && data[i] >= '0' && data[i] <= '9'; i++) {
            exact &= significand < MAX_EXACT_SIGNIFICAND / 10;
            significand = significand * 10 + (data[i] - '0');
        }
        if (i < end && data[i] == '.') {
            for (i++; i < end && data[i] >= '0' && data[i] <= '9'; i++) {
                exact &= significand < MAX_EXACT_SIGNIFICAND / 10;
                significand = significand * 10 + (data[i] - '0');
                exponent--;
            }
        }
        if (i < end) { // 'e' or 'E', then an optional sign and digits
            i++;
            boolean negativeExponent = data[i] == '-';
            if (data[i] == '+' || data[i] == '-') {
                i++;
            }
            int written = 0;
            for (; i < end; i++) {
                exact &= written < 1_000;
                written = Math.min(written * 10 + (data[i] - '0'), 1_000_000);
            }
            exponent += negativeExponent ? -written : written;
        }
        if (!exact || significand > MAX_EXACT_SIGNIFICAND || exponent < -22 || exponent > 22) {
            return Double.parseDouble(new String(data, start, end - start, StandardCharsets.ISO_8859_1));
        }
        double value = exponent < 0 ? significand / POWERS_OF_TEN[-exponent]
                : significand * POWERS_OF_TEN[exponent];
        return negative ? -value : value;
    }
}
