package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code CAST(x AS type)} in selectors (Cassandra's {@code CastFcts}): between the numeric types (narrowing as
 * Java's primitive conversions do, as Cassandra does), from any native type but blob and duration to text, ascii
 * and varchar, and between the time types (timestamp, date, timeuuid to timestamp or date). A null value casts to
 * null.
 *
 * <p>Text forms: numbers as Java prints them ({@code 1.5}, {@code 10}), timestamps as
 * {@code 2024-01-31T11:00:00.250Z}, dates as {@code 2024-02-29}, uuids in their canonical form.
 *
 * <p>Thread safety: stateless.
 */
final class Casts {

    private static final Set<NativeType> NUMERIC = EnumSet.of(NativeType.TINYINT, NativeType.SMALLINT,
            NativeType.INT, NativeType.BIGINT, NativeType.COUNTER, NativeType.FLOAT, NativeType.DOUBLE,
            NativeType.DECIMAL, NativeType.VARINT);
    private static final Set<NativeType> TIME = EnumSet.of(NativeType.TIMESTAMP, NativeType.DATE,
            NativeType.TIMEUUID);
    private static final DateTimeFormatter TIMESTAMP_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Casts() {
    }

    /**
     * @param name the selector being cast, for the error message
     * @throws CqlException 0x2200 when {@code from} cannot be cast to {@code to}
     */
    static void check(CqlType from, NativeType to, String name) {
        if (!(from instanceof NativeType source) || !castable(source, to)) {
            throw CqlException.invalid(name + " of type " + from.cqlName() + " cannot be cast to " + to.cqlName());
        }
    }

    private static boolean castable(NativeType from, NativeType to) {
        if (from == to) {
            return true;
        }
        if (to == NativeType.TEXT || to == NativeType.ASCII) {
            return from != NativeType.BLOB && from != NativeType.DURATION;
        }
        if (NUMERIC.contains(to)) {
            return NUMERIC.contains(from) && to != NativeType.COUNTER;
        }
        return TIME.contains(from) && (to == NativeType.TIMESTAMP || to == NativeType.DATE);
    }

    /**
     * @param value a serialized value of {@code from}, or null
     * @return the serialized value as {@code to}, or null
     */
    static byte[] cast(byte[] value, CqlType from, NativeType to) {
        if (value == null || from == to) {
            return value;
        }
        NativeType source = (NativeType) from;
        if (value.length == 0 && !source.isString()) {
            return null;
        }
        if (to == NativeType.TEXT || to == NativeType.ASCII) {
            return text(value, source).getBytes(to == NativeType.ASCII ? StandardCharsets.US_ASCII
                    : StandardCharsets.UTF_8);
        }
        if (NUMERIC.contains(to)) {
            return number(source.decode(value), to);
        }
        long millis = NativeFunctions.millis(source, value);
        return to == NativeType.TIMESTAMP ? Selection.bigint(millis)
                : NativeType.DATE.encode(LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L)));
    }

    private static String text(byte[] value, NativeType type) {
        Object decoded = type.decode(value);
        return switch (type) {
            case TIMESTAMP -> TIMESTAMP_TEXT.format((Instant) decoded);
            case INET -> ((InetAddress) decoded).getHostAddress();
            case DECIMAL -> ((BigDecimal) decoded).toString();
            default -> String.valueOf(decoded);
        };
    }

    private static byte[] number(Object value, NativeType to) {
        Number number = (Number) value;
        return switch (to) {
            case TINYINT -> NativeType.TINYINT.encode(number.byteValue());
            case SMALLINT -> NativeType.SMALLINT.encode(number.shortValue());
            case INT -> NativeType.INT.encode(number.intValue());
            case BIGINT -> NativeType.BIGINT.encode(number.longValue());
            case FLOAT -> NativeType.FLOAT.encode(number.floatValue());
            case DOUBLE -> NativeType.DOUBLE.encode(number.doubleValue());
            case DECIMAL -> NativeType.DECIMAL.encode(decimal(number));
            default -> NativeType.VARINT.encode(decimal(number).toBigInteger());
        };
    }

    private static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Float || number instanceof Double) {
            return new BigDecimal(number.toString());
        }
        return BigDecimal.valueOf(number.longValue());
    }
}
