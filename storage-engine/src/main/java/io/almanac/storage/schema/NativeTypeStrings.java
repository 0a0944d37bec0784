package io.almanac.storage.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Parses a value of a native type from its plain string form, as Cassandra's {@code AbstractType.fromString} does
 * for {@code nodetool getsstables} keys: text as is (no quotes), numbers in decimal, booleans {@code true/false},
 * timestamps as milliseconds since the epoch or ISO-8601 ({@code 2026-11-20T10:00:00Z}, {@code 2026-11-20 10:00:00},
 * {@code 2026-11-20 10:00:00+0000}, {@code 2026-11-20}; UTC when no offset), dates {@code yyyy-mm-dd}, times
 * {@code hh:mm:ss[.fffffffff]} or nanoseconds, uuids in the 8-4-4-4-12 form, blobs in hex (with or without
 * {@code 0x}), inet as a numeric address (never a host name: no DNS lookup).
 *
 * <p>Thread safety: stateless.
 */
final class NativeTypeStrings {

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter(Locale.ROOT);

    private NativeTypeStrings() {
    }

    /**
     * @return the serialized value of {@code text}
     * @throws InvalidRequestException "Unable to make &lt;type&gt; from '&lt;text&gt;'" when it does not parse
     */
    static byte[] parse(NativeType type, String text) {
        try {
            return type.encode(value(type, text.strip()));
        } catch (NumberFormatException | DateTimeException | UnknownHostException | ArithmeticException e) {
            throw new InvalidRequestException("Unable to make " + type.cqlName() + " from '" + text + "'");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unable to make " + type.cqlName() + " from '" + text + "': "
                    + e.getMessage());
        }
    }

    private static Object value(NativeType type, String text) throws UnknownHostException {
        return switch (type) {
            case ASCII, TEXT -> text;
            case BIGINT, COUNTER -> Long.parseLong(text);
            case INT -> Integer.parseInt(text);
            case SMALLINT -> Short.parseShort(text);
            case TINYINT -> Byte.parseByte(text);
            case VARINT -> new BigInteger(text);
            case DECIMAL -> new BigDecimal(text);
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case BOOLEAN -> parseBoolean(text);
            case TIMESTAMP -> text.matches("-?[0-9]+") ? Long.parseLong(text) : timestamp(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> text.matches("[0-9]+") ? Long.parseLong(text) : LocalTime.parse(text).toNanoOfDay();
            case UUID, TIMEUUID -> UUID.fromString(text);
            case BLOB -> HexFormat.of().parseHex(text.startsWith("0x") || text.startsWith("0X") ? text.substring(2)
                    : text);
            case INET -> inet(text);
            case DURATION -> throw new IllegalArgumentException("duration keys are not supported");
        };
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static Instant timestamp(String text) {
        var parsed = TIMESTAMP.parseBest(text, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (parsed instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (parsed instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return ((LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static InetAddress inet(String text) throws UnknownHostException {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not a numeric address");
        }
        return InetAddress.getByName(text);
    }
}
