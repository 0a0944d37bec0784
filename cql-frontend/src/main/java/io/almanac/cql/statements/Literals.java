package io.almanac.cql.statements;

import io.almanac.cql.parser.Term;
import io.almanac.cql.parser.Term.LiteralKind;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a literal ({@code 42}, {@code 'text'}, {@code 0xcafe}, ...) to the serialized value of the column it is
 * assigned to, following Cassandra's {@code Constants.Literal}: first which literal kinds each type accepts
 * ("Invalid INTEGER constant (x) for \"c\" of type text"), then the type's {@code fromString}.
 *
 * <p>Text forms: timestamp takes milliseconds since the epoch or ISO-8601 ({@code 2024-01-31},
 * {@code 2024-01-31 12:00:00.123+0100}, {@code 2024-01-31T12:00Z}); without a zone the time is UTC. date takes
 * {@code yyyy-mm-dd} or the raw unsigned day count (2^31 is 1970-01-01). time takes {@code hh:mm:ss[.fffffffff]} or
 * nanoseconds. inet takes IPv4/IPv6 literals only (never a DNS lookup).
 *
 * <p>Thread safety: stateless.
 */
final class Literals {

    private static final Map<LiteralKind, Set<NativeType>> ASSIGNABLE = Map.of(
            LiteralKind.STRING, EnumSet.of(NativeType.ASCII, NativeType.TEXT, NativeType.INET, NativeType.DATE,
                    NativeType.TIME, NativeType.TIMESTAMP),
            LiteralKind.INTEGER, EnumSet.of(NativeType.BIGINT, NativeType.COUNTER, NativeType.DATE,
                    NativeType.DECIMAL, NativeType.DOUBLE, NativeType.DURATION, NativeType.FLOAT, NativeType.INT,
                    NativeType.SMALLINT, NativeType.TIME, NativeType.TIMESTAMP, NativeType.TINYINT,
                    NativeType.VARINT),
            LiteralKind.UUID, EnumSet.of(NativeType.UUID, NativeType.TIMEUUID),
            LiteralKind.FLOAT, EnumSet.of(NativeType.DECIMAL, NativeType.DOUBLE, NativeType.FLOAT),
            LiteralKind.BOOLEAN, EnumSet.of(NativeType.BOOLEAN),
            LiteralKind.HEX, EnumSet.of(NativeType.BLOB),
            LiteralKind.DURATION, EnumSet.of(NativeType.DURATION));

    private static final Pattern DIGITS = Pattern.compile("-?\\d+");
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})"
            + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
            + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F.:]*:[0-9a-fA-F.:]*");
    private static final long DATE_EPOCH_DAY = 1L << 31;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private Literals() {
    }

    /**
     * @return whether a literal of this kind may be assigned to {@code type} (Cassandra's
     *         {@code Constants.Literal.testAssignment}), before its text is parsed
     */
    static boolean assignable(Term.Literal literal, CqlType type) {
        return type instanceof NativeType nativeType && ASSIGNABLE.get(literal.kind()).contains(nativeType);
    }

    /**
     * @param literal  the literal
     * @param receiver the column (or bind variable) it is assigned to
     * @return the serialized value
     * @throws CqlException 0x2200 when the literal's kind does not fit the type or its text does not parse
     */
    static byte[] serialize(Term.Literal literal, ColumnSpec receiver) {
        CqlType type = receiver.type();
        if (!assignable(literal, type)) {
            throw CqlException.invalid("Invalid " + literal.kind() + " constant (" + literal.text() + ") for \""
                    + receiver.name() + "\" of type " + type.cqlName());
        }
        return parse(literal, (NativeType) type);
    }

    private static byte[] parse(Term.Literal literal, NativeType type) {
        String text = literal.text();
        return switch (type) {
            case ASCII -> ascii(text);
            case TEXT -> text.getBytes(StandardCharsets.UTF_8);
            case INT -> ByteBuffer.allocate(4).putInt((int) integer(text, "int", Integer.MIN_VALUE,
                    Integer.MAX_VALUE)).array();
            case BIGINT, COUNTER -> ByteBuffer.allocate(8).putLong(integer(text, "long", Long.MIN_VALUE,
                    Long.MAX_VALUE)).array();
            case SMALLINT -> ByteBuffer.allocate(2).putShort((short) integer(text, "short", Short.MIN_VALUE,
                    Short.MAX_VALUE)).array();
            case TINYINT -> new byte[] {(byte) integer(text, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE)};
            case VARINT -> varint(text);
            case FLOAT -> ByteBuffer.allocate(4).putFloat((float) floating(text, "float")).array();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(floating(text, "double")).array();
            case DECIMAL -> decimal(text);
            case BOOLEAN -> new byte[] {(byte) (text.equalsIgnoreCase("true") ? 1 : 0)};
            case UUID -> uuid(text, false);
            case TIMEUUID -> uuid(text, true);
            case BLOB -> hex(text);
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(timestampMillis(text)).array();
            case DATE -> ByteBuffer.allocate(4).putInt((int) dateDays(text)).array();
            case TIME -> ByteBuffer.allocate(8).putLong(timeNanos(text)).array();
            case INET -> inet(text);
            case DURATION -> {
                if (literal.kind() != LiteralKind.DURATION) {
                    throw StatementErrors.unsupported("Integer duration literals are");
                }
                yield Durations.parse(text);
            }
        };
    }

    private static byte[] ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                throw CqlException.invalid("Invalid ASCII character in string literal: " + text);
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static long integer(String text, String typeName, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw CqlException.invalid("Unable to make " + typeName + " from '" + text + "'");
        }
    }

    private static byte[] varint(String text) {
        try {
            return new BigInteger(text).toByteArray();
        } catch (NumberFormatException e) {
            throw CqlException.invalid("Unable to make int from '" + text + "'");
        }
    }

    private static double floating(String text, String typeName) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw CqlException.invalid("Unable to make " + typeName + " from '" + text + "'");
        }
    }

    private static byte[] decimal(String text) {
        try {
            BigDecimal decimal = new BigDecimal(text);
            byte[] unscaled = decimal.unscaledValue().toByteArray();
            return ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled).array();
        } catch (NumberFormatException e) {
            throw CqlException.invalid("Unable to make BigDecimal from '" + text + "'");
        }
    }

    private static byte[] uuid(String text, boolean timeBased) {
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw CqlException.invalid("Unable to make UUID from '" + text + "'");
        }
        if (timeBased && uuid.version() != 1) {
            throw CqlException.invalid("Unsupported UUID version for timeuuid: must be a type 1 UUID");
        }
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }

    private static byte[] hex(String text) {
        String digits = text.substring(2);
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw CqlException.invalid("cannot parse '" + digits + "' as hex bytes");
        }
    }

    /** @return milliseconds since the epoch */
    static long timestampMillis(String text) {
        String trimmed = text.trim();
        if (DIGITS.matcher(trimmed).matches()) {
            try {
                return Long.parseLong(trimmed);
            } catch (NumberFormatException e) {
                throw timestampError(text);
            }
        }
        Matcher m = TIMESTAMP.matcher(trimmed);
        if (!m.matches()) {
            throw timestampError(text);
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), group(m, 4), group(m, 5), group(m, 6),
                    fractionNanos(m.group(7)) / 1_000_000 * 1_000_000);
            return local.toInstant(offset(m.group(8))).toEpochMilli();
        } catch (DateTimeException e) {
            throw timestampError(text);
        }
    }

    private static CqlException timestampError(String text) {
        return CqlException.invalid("Unable to parse a date/time from '" + text + "'");
    }

    private static int group(Matcher m, int group) {
        return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
    }

    private static int fractionNanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        StringBuilder nanos = new StringBuilder(fraction);
        while (nanos.length() < 9) {
            nanos.append('0');
        }
        return Integer.parseInt(nanos.toString());
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z") || zone.equals("UTC") || zone.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** @return the date as the unsigned day count of the protocol (2^31 = 1970-01-01) */
    static long dateDays(String text) {
        if (DIGITS.matcher(text).matches()) {
            long days;
            try {
                days = Long.parseLong(text);
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 0 || days > 0xFFFF_FFFFL) {
                throw CqlException.invalid("Unable to make unsigned int (for date) from: '" + text + "'");
            }
            return days;
        }
        try {
            return LocalDate.parse(text).toEpochDay() + DATE_EPOCH_DAY;
        } catch (DateTimeException e) {
            throw CqlException.invalid("Unable to coerce '" + text + "' to a formatted date (long)");
        }
    }

    /** @return nanoseconds since midnight */
    static long timeNanos(String text) {
        long nanos;
        if (DIGITS.matcher(text).matches()) {
            try {
                nanos = Long.parseLong(text);
            } catch (NumberFormatException e) {
                nanos = -1;
            }
        } else {
            Matcher m = TIME.matcher(text.trim());
            if (!m.matches()) {
                throw CqlException.invalid("Timestamp format must be hh:mm:ss[.fffffffff]");
            }
            try {
                nanos = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), fractionNanos(m.group(4))).toNanoOfDay();
            } catch (DateTimeException e) {
                throw CqlException.invalid("Timestamp format must be hh:mm:ss[.fffffffff]");
            }
        }
        if (nanos < 0 || nanos >= NANOS_PER_DAY) {
            throw CqlException.invalid("Input long out of bounds: " + text);
        }
        return nanos;
    }

    private static byte[] inet(String text) {
        if (!IPV4_LITERAL.matcher(text).matches() && !IPV6_LITERAL.matcher(text).matches()) {
            throw CqlException.invalid("Unable to make inet address from '" + text + "'");
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw CqlException.invalid("Unable to make inet address from '" + text + "'");
        }
    }
}
