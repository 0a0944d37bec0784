package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CQL {@code duration} values: parsing the literal form ({@code 1h30m}, {@code 15m}, {@code 1d}), the serialized
 * form, and {@code floor(timestamp, duration)} bucketing (Cassandra's {@code Duration} and {@code TimeFcts.floor}).
 *
 * <p>Serialized form (native_protocol_v5.spec §6.24): three signed variable-length integers, each zig-zag encoded
 * ({@code (n << 1) ^ (n >> 63)}) then written as Cassandra's unsigned vint, whose first byte's leading one bits
 * count the extra bytes that follow:
 * <pre>
 * +----------------+--------------+-------------------+
 * | months (vint)  | days (vint)  | nanoseconds (vint)|
 * +----------------+--------------+-------------------+
 * vint: 0xxxxxxx | 10xxxxxx xxxxxxxx | 110xxxxx xxxxxxxx xxxxxxxx | ... | 11111111 + 8 bytes
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class Durations {

    private static final Pattern UNIT = Pattern.compile("(\\d+)(y|mo|w|d|h|ms|m|s|us|\u00b5s|ns)");
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** A decoded duration. */
    record Value(long months, long days, long nanos) {
    }

    private Durations() {
    }

    /**
     * @param text a duration literal in Cassandra's standard format, e.g. {@code 1h30m} or {@code -2d}
     * @return the serialized duration
     * @throws CqlException 0x2200 when the text is not a duration
     */
    static byte[] parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String body = negative ? lower.substring(1) : lower;
        Matcher unit = UNIT.matcher(body);
        long months = 0;
        long days = 0;
        long nanos = 0;
        int end = 0;
        while (unit.find() && unit.start() == end) {
            long amount = Long.parseLong(unit.group(1));
            switch (unit.group(2)) {
                case "y" -> months += amount * 12;
                case "mo" -> months += amount;
                case "w" -> days += amount * 7;
                case "d" -> days += amount;
                case "h" -> nanos += amount * 3_600_000_000_000L;
                case "m" -> nanos += amount * 60_000_000_000L;
                case "s" -> nanos += amount * 1_000_000_000L;
                case "ms" -> nanos += amount * NANOS_PER_MILLI;
                case "us", "\u00b5s" -> nanos += amount * 1000;
                default -> nanos += amount;
            }
            end = unit.end();
        }
        if (end == 0 || end != body.length()) {
            throw CqlException.invalid("Unable to convert '" + text + "' to a duration");
        }
        long sign = negative ? -1 : 1;
        return serialize(new Value(sign * months, sign * days, sign * nanos));
    }

    /** @return the serialized form of {@code value} */
    static byte[] serialize(Value value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6);
        writeVint(out, zigzag(value.months()));
        writeVint(out, zigzag(value.days()));
        writeVint(out, zigzag(value.nanos()));
        return out.toByteArray();
    }

    /** @throws CqlException 0x2200 for bytes that are not a serialized duration */
    static Value deserialize(byte[] bytes) {
        int[] position = {0};
        long months = unzigzag(readVint(bytes, position));
        long days = unzigzag(readVint(bytes, position));
        long nanos = unzigzag(readVint(bytes, position));
        if (position[0] != bytes.length) {
            throw CqlException.invalid("Invalid duration value of " + bytes.length + " bytes");
        }
        return new Value(months, days, nanos);
    }

    /**
     * {@code floor(time, duration, start)}: the start of the bucket of {@code duration} that holds {@code time},
     * buckets counted from {@code start}.
     *
     * @param timeMillis  the timestamp, milliseconds since the epoch
     * @param duration    the serialized bucket width; positive, without months or years, at least 1 ms
     * @param startMillis the first bucket's start, milliseconds since the epoch
     * @return the bucket's start, milliseconds since the epoch
     * @throws CqlException 0x2200 for a zero, negative, sub-millisecond or month-based duration
     */
    static long floorMillis(long timeMillis, byte[] duration, long startMillis) {
        Value value = deserialize(duration);
        if (value.months() < 0 || value.days() < 0 || value.nanos() < 0) {
            throw CqlException.invalid("Negative durations are not supported by the floor function");
        }
        if (value.months() != 0) {
            throw CqlException.invalid("Durations with months or years are not supported yet by the floor function");
        }
        long widthMillis = value.days() * MILLIS_PER_DAY + value.nanos() / NANOS_PER_MILLI;
        if (widthMillis == 0 || value.nanos() % NANOS_PER_MILLI != 0) {
            throw CqlException.invalid("The floor function only supports durations of whole milliseconds, at"
                    + " least 1ms");
        }
        return startMillis + Math.floorDiv(timeMillis - startMillis, widthMillis) * widthMillis;
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private static long unzigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private static void writeVint(ByteArrayOutputStream out, long value) {
        int size = (639 - Long.numberOfLeadingZeros(value | 1) * 9) >> 6;
        if (size == 1) {
            out.write((int) value);
            return;
        }
        int extraBytes = size - 1;
        byte[] bytes = new byte[size];
        for (int i = 0; i < Math.min(size, 8); i++) {
            bytes[size - 1 - i] = (byte) (value >>> (8 * i));
        }
        bytes[0] |= (byte) ~(0xFF >> extraBytes);
        out.write(bytes, 0, size);
    }

    private static long readVint(byte[] bytes, int[] position) {
        if (position[0] >= bytes.length) {
            throw CqlException.invalid("Invalid duration value of " + bytes.length + " bytes");
        }
        int first = bytes[position[0]++] & 0xFF;
        int extraBytes = Integer.numberOfLeadingZeros(~first & 0xFF) - 24;
        if (position[0] + extraBytes > bytes.length) {
            throw CqlException.invalid("Invalid duration value of " + bytes.length + " bytes");
        }
        long value = extraBytes == 8 ? 0 : first & (0xFF >> extraBytes);
        for (int i = 0; i < extraBytes; i++) {
            value = (value << 8) | (bytes[position[0]++] & 0xFF);
        }
        return value;
    }
}
