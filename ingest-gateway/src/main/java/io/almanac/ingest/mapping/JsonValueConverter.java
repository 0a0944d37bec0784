package io.almanac.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Converts one non-null JSON value to the native-protocol serialization of a CQL native type (native_protocol_v4.spec
 * §6), with the conversions the ingest API documents. Collections are handled by {@link JsonCollectionConverter}.
 *
 * <pre>
 *   CQL type                     accepted JSON
 *   text, ascii                  string (ascii: only characters 0..127)
 *   tinyint smallint int bigint  integral number or decimal-integer string, range-checked
 *   varint                       integral number or decimal-integer string
 *   float, double                number, numeric string, "NaN", "Infinity", "-Infinity"
 *   decimal                      number or numeric string (scale kept: 1.50 has scale 2)
 *   boolean                      true/false, or the strings "true"/"false" (any case)
 *   timestamp                    ISO-8601 string with offset or Z, ISO date (midnight UTC), or epoch milliseconds
 *                                (integral number or digit string); sub-millisecond digits are truncated
 *   date                         'yyyy-mm-dd' string
 *   time                         'hh:mm:ss[.fffffffff]' string or integral nanoseconds since midnight
 *   uuid, timeuuid               canonical 8-4-4-4-12 hex string; timeuuid must be version 1
 *   blob                         "0x" + hex digits, otherwise base64 (RFC 4648 basic alphabet)
 *   inet                         IPv4 or IPv6 literal (never a host name: no DNS lookup)
 *   counter, duration            refused
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class JsonValueConverter {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    /** Serialized date of 1970-01-01: dates are unsigned day counts centred on 2^31 (native_protocol_v4.spec §6.6). */
    private static final long EPOCH_DAY_OFFSET = 1L << 31;
    private static final int MAX_SHOWN_CHARS = 64;
    private static final Map<String, Double> SPECIAL_FLOATING = Map.of(
            "NaN", Double.NaN, "Infinity", Double.POSITIVE_INFINITY, "-Infinity", Double.NEGATIVE_INFINITY);

    private JsonValueConverter() {
    }

    /**
     * The outcome of one conversion: the serialized value, or why there is none.
     *
     * @param value   the serialized value, or null on failure
     * @param failure the reason, or null on success
     */
    record Conversion(byte[] value, String failure) {
        static Conversion ok(byte[] value) {
            return new Conversion(value, null);
        }

        static Conversion failed(String failure) {
            return new Conversion(null, failure);
        }

        boolean isFailure() {
            return failure != null;
        }
    }

    /** @param node a non-null, non-JSON-null value */
    static Conversion convert(JsonNode node, NativeType type) {
        return switch (type) {
            case TEXT -> node.isTextual() ? Conversion.ok(node.textValue().getBytes(StandardCharsets.UTF_8))
                    : expected("a string", node);
            case ASCII -> ascii(node);
            case TINYINT -> integral(node, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT -> integral(node, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT -> integral(node, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integral(node, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case VARINT -> varint(node);
            case FLOAT, DOUBLE -> floating(node, type);
            case DECIMAL -> decimal(node);
            case BOOLEAN -> bool(node);
            case TIMESTAMP -> timestamp(node);
            case DATE -> date(node);
            case TIME -> time(node);
            case UUID, TIMEUUID -> uuid(node, type);
            case BLOB -> blob(node);
            case INET -> inet(node);
            case COUNTER -> Conversion.failed("counter columns cannot be set (counters can only be incremented or"
                    + " decremented, not set)");
            case DURATION -> Conversion.failed("duration values are not supported yet");
        };
    }

    private static Conversion ascii(JsonNode node) {
        if (!node.isTextual()) {
            return expected("a string", node);
        }
        String text = node.textValue();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return Conversion.failed("expected an ASCII string, got a non-ASCII character at index " + i);
            }
        }
        return Conversion.ok(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Conversion integral(JsonNode node, NativeType type, long min, long max) {
        BigInteger value = integerValue(node);
        if (value == null) {
            return expected("an integer", node);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            return Conversion.failed("value " + value + " is out of range for " + type.cqlName() + " [" + min + ", "
                    + max + "]");
        }
        return Conversion.ok(type.encode(value.longValue()));
    }

    private static Conversion varint(JsonNode node) {
        BigInteger value = integerValue(node);
        return value == null ? expected("an integer", node) : Conversion.ok(value.toByteArray());
    }

    /** @return the integer an integral number or a decimal-integer string holds, or null */
    private static BigInteger integerValue(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isTextual() && INTEGER.matcher(node.textValue()).matches()) {
            return new BigInteger(node.textValue());
        }
        return null;
    }

    private static Conversion floating(JsonNode node, NativeType type) {
        double value;
        if (node.isNumber()) {
            value = node.decimalValue().doubleValue();
        } else if (node.isTextual() && SPECIAL_FLOATING.containsKey(node.textValue())) {
            double special = SPECIAL_FLOATING.get(node.textValue());
            return Conversion.ok(type == NativeType.FLOAT ? type.encode((float) special) : type.encode(special));
        } else if (node.isTextual() && parseDecimal(node.textValue()) != null) {
            value = parseDecimal(node.textValue()).doubleValue();
        } else {
            return expected("a number", node);
        }
        boolean overflows = type == NativeType.FLOAT ? Float.isInfinite((float) value) : Double.isInfinite(value);
        if (overflows) {
            return Conversion.failed("value " + shown(node) + " is out of range for " + type.cqlName());
        }
        return Conversion.ok(type == NativeType.FLOAT ? type.encode((float) value) : type.encode(value));
    }

    private static Conversion decimal(JsonNode node) {
        BigDecimal value = node.isNumber() ? node.decimalValue()
                : node.isTextual() ? parseDecimal(node.textValue()) : null;
        return value == null ? expected("a decimal number", node) : Conversion.ok(NativeType.DECIMAL.encode(value));
    }

    private static BigDecimal parseDecimal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || "+-.eE".indexOf(c) >= 0)) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Conversion bool(JsonNode node) {
        if (node.isBoolean()) {
            return Conversion.ok(NativeType.BOOLEAN.encode(node.booleanValue()));
        }
        if (node.isTextual() && (node.textValue().equalsIgnoreCase("true")
                || node.textValue().equalsIgnoreCase("false"))) {
            return Conversion.ok(NativeType.BOOLEAN.encode(node.textValue().equalsIgnoreCase("true")));
        }
        return expected("a boolean", node);
    }

    private static Conversion timestamp(JsonNode node) {
        BigInteger millis = integerValue(node);
        if (millis == null && node.isTextual()) {
            millis = isoMillis(node.textValue());
        }
        if (millis == null) {
            return expected("an ISO-8601 timestamp or epoch milliseconds", node);
        }
        if (millis.bitLength() > 63) {
            return Conversion.failed("timestamp " + shown(node) + " is out of range");
        }
        return Conversion.ok(NativeType.TIMESTAMP.encode(millis.longValue()));
    }

    /** @return epoch milliseconds of an ISO-8601 date-time with offset, or of an ISO date at midnight UTC; or null */
    private static BigInteger isoMillis(String text) {
        try {
            OffsetDateTime dateTime = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return BigInteger.valueOf(dateTime.toInstant().toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            // not a date-time with offset; try a date
        }
        try {
            LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            return BigInteger.valueOf(date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Conversion date(JsonNode node) {
        if (!node.isTextual()) {
            return expected("a date as 'yyyy-mm-dd'", node);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(node.textValue(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
            return expected("a date as 'yyyy-mm-dd'", node);
        }
        long serialized = date.toEpochDay() + EPOCH_DAY_OFFSET;
        if (serialized < 0 || serialized > 0xFFFF_FFFFL) {
            return Conversion.failed("date " + shown(node) + " is out of range");
        }
        return Conversion.ok(NativeType.DATE.encode(date));
    }

    private static Conversion time(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger nanos = node.bigIntegerValue();
            if (nanos.signum() < 0 || nanos.compareTo(BigInteger.valueOf(NANOS_PER_DAY)) >= 0) {
                return Conversion.failed("time " + nanos + " is out of range [0, 86399999999999] nanoseconds");
            }
            return Conversion.ok(NativeType.TIME.encode(nanos.longValue()));
        }
        if (node.isTextual()) {
            try {
                return Conversion.ok(NativeType.TIME.encode(
                        LocalTime.parse(node.textValue(), DateTimeFormatter.ISO_LOCAL_TIME).toNanoOfDay()));
            } catch (DateTimeException e) {
                // fall through to the error
            }
        }
        return expected("a time as 'hh:mm:ss[.fffffffff]' or nanoseconds since midnight", node);
    }

    private static Conversion uuid(JsonNode node, NativeType type) {
        if (!node.isTextual() || !UUID_TEXT.matcher(node.textValue()).matches()) {
            return expected("a UUID", node);
        }
        UUID uuid = UUID.fromString(node.textValue());
        if (type == NativeType.TIMEUUID && uuid.version() != 1) {
            return Conversion.failed("expected a version 1 (time-based) UUID for timeuuid, got version "
                    + uuid.version());
        }
        return Conversion.ok(type.encode(uuid));
    }

    private static Conversion blob(JsonNode node) {
        if (!node.isTextual()) {
            return expected("a base64 string or 0x-prefixed hex", node);
        }
        String text = node.textValue();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Conversion.ok(HexFormat.of().parseHex(text, 2, text.length()));
            }
            return Conversion.ok(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return expected("a base64 string or 0x-prefixed hex", node);
        }
    }

    private static Conversion inet(JsonNode node) {
        byte[] address = node.isTextual() ? InetLiterals.parse(node.textValue()) : null;
        return address == null ? expected("an IPv4 or IPv6 address", node) : Conversion.ok(address);
    }

    /** @return the failure "expected {what}, got {the JSON value}" */
    static Conversion expected(String what, JsonNode node) {
        return Conversion.failed("expected " + what + ", got " + shown(node));
    }

    /** @return the value as JSON text, cut to a readable length */
    static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
