package io.almanac.ingest.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The common cases of {@link JsonValueConverter}, read straight from a streaming parser's current token without
 * building a JSON tree: a string for {@code text}, a {@code yyyy-mm-dd} string for {@code date}, an integral number in range for {@code tinyint}, {@code smallint},
 * {@code int}, {@code bigint} and {@code timestamp} (epoch milliseconds), a finite number for {@code float} and
 * {@code double}, {@code true}/{@code false} for {@code boolean}. Each gives exactly the bytes the tree path gives
 * (native_protocol_v4.spec §6: big-endian two's complement integers, IEEE 754 floats, one byte 0/1 for booleans).
 * Every other pair of token and type, and every value the tree path would refuse (out of range, overflowing), answers
 * null so the caller takes the tree path, which owns the error messages.
 *
 * <p>Numbers: a JSON number's double is the correctly rounded value of its decimal text, as
 * {@code BigDecimal.doubleValue()} of the tree path; a negative zero becomes positive zero, as a {@code BigDecimal}
 * has no sign on zero.
 *
 * <p>Allocation per value: the serialized {@code byte[]}; for a text string also Jackson's {@code String} of it (a
 * date is read from the parser's character buffer).
 *
 * <p>Thread safety: stateless.
 */
final class JsonTokenValues {

    /** Serialized date of 1970-01-01: dates are unsigned day counts centred on 2^31 (native_protocol_v4.spec §6.6). */
    private static final long EPOCH_DAY_OFFSET = 1L << 31;

    private JsonTokenValues() {
    }

    /**
     * @param parser positioned on {@code token}, a value token that is not {@code VALUE_NULL}; not advanced
     * @return the serialized value, or null when the tree path must convert it
     * @throws IOException when the parser cannot read the token's value
     */
    static byte[] convert(JsonParser parser, JsonToken token, CqlType type) throws IOException {
        if (!(type instanceof NativeType nativeType)) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> nativeType == NativeType.TEXT ? parser.getText().getBytes(StandardCharsets.UTF_8)
                    : nativeType == NativeType.DATE ? date(parser.getTextCharacters(), parser.getTextOffset(),
                            parser.getTextLength()) : null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null
                    : integral(parser.getLongValue(), nativeType);
            case VALUE_NUMBER_FLOAT -> floating(parser.getDoubleValue(), nativeType);
            case VALUE_TRUE, VALUE_FALSE -> nativeType == NativeType.BOOLEAN
                    ? new byte[] {(byte) (token == JsonToken.VALUE_TRUE ? 1 : 0)} : null;
            default -> null;
        };
    }

    /**
     * A date as exactly {@code yyyy-mm-dd} (four-digit year), serialized as days since the epoch plus 2^31
     * (native_protocol_v4.spec §6.6); anything else, and impossible dates, take the tree path.
     */
    private static byte[] date(char[] text, int offset, int length) {
        if (length != 10 || text[offset + 4] != '-' || text[offset + 7] != '-') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return bigEndian(LocalDate.of(year, month, day).toEpochDay() + EPOCH_DAY_OFFSET, 4);
    }

    /** @return the decimal value of {@code count} ASCII digits, or -1 when one is not a digit */
    private static int digits(char[] text, int offset, int count) {
        int value = 0;
        for (int i = offset; i < offset + count; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }

    private static byte[] integral(long value, NativeType type) {
        return switch (type) {
            case TINYINT -> value == (byte) value ? new byte[] {(byte) value} : null;
            case SMALLINT -> value == (short) value ? bigEndian(value, 2) : null;
            case INT -> value == (int) value ? bigEndian(value, 4) : null;
            case BIGINT, TIMESTAMP -> bigEndian(value, 8);
            case FLOAT, DOUBLE -> floating((double) value, type);
            default -> null;
        };
    }

    private static byte[] floating(double value, NativeType type) {
        double positiveZero = value == 0 ? 0.0 : value;
        if (type == NativeType.DOUBLE) {
            return Double.isInfinite(positiveZero) ? null
                    : bigEndian(Double.doubleToRawLongBits(positiveZero), 8);
        }
        if (type == NativeType.FLOAT) {
            float narrowed = (float) positiveZero;
            return Float.isInfinite(narrowed) ? null : bigEndian(Float.floatToRawIntBits(narrowed), 4);
        }
        return null;
    }

    private static byte[] bigEndian(long value, int lengthBytes) {
        byte[] bytes = new byte[lengthBytes];
        for (int i = lengthBytes - 1, shift = 0; i >= 0; i--, shift += 8) {
            bytes[i] = (byte) (value >>> shift);
        }
        return bytes;
    }
}
