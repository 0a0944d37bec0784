package io.almanac.cql.statements;

import io.almanac.cql.parser.Selector;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The state of one aggregate over one group (Cassandra's {@code AggregateFcts}): {@code count(*)} and
 * {@code count(c)} (bigint), {@code min(c)} and {@code max(c)} (the column's type, by the type's order, null over no
 * values), {@code sum(c)} and {@code avg(c)} (the column's type; 0 over no values). Null values are skipped except by
 * {@code count(*)}.
 *
 * <p>Arithmetic: integer types sum into a {@link BigInteger} and are narrowed at the end (overflow wraps, as
 * Cassandra's narrowing does); avg of an integer type divides the exact sum by the count, truncating toward zero;
 * float and double use Kahan-compensated sums (as Cassandra 4+); decimal avg divides with
 * {@link MathContext#DECIMAL128}; avg of varint truncates. sum/avg of a counter column is bigint.
 *
 * <p>Thread safety: not thread-safe; one instance per group of one execution.
 */
final class Aggregate {

    /** The aggregate functions. */
    enum Kind {
        COUNT_ROWS, COUNT, MIN, MAX, SUM, AVG
    }

    private static final Set<NativeType> INTEGRAL = EnumSet.of(NativeType.TINYINT, NativeType.SMALLINT,
            NativeType.INT, NativeType.BIGINT, NativeType.COUNTER, NativeType.VARINT);
    private static final Set<NativeType> NUMERIC = EnumSet.of(NativeType.TINYINT, NativeType.SMALLINT,
            NativeType.INT, NativeType.BIGINT, NativeType.COUNTER, NativeType.VARINT, NativeType.FLOAT,
            NativeType.DOUBLE, NativeType.DECIMAL);

    private final Kind kind;
    private final CqlType type;
    private long count;
    private byte[] best;
    private BigInteger integerSum = BigInteger.ZERO;
    private BigDecimal decimalSum = BigDecimal.ZERO;
    private double doubleSum;
    private double compensation;

    /** @param type the result type (for sum and avg, a numeric native type) */
    Aggregate(Kind kind, CqlType type) {
        this.kind = kind;
        this.type = type;
    }

    /**
     * @param selector the aggregate as written, for error messages
     * @return the result type of {@code kind} over values of {@code inputType}
     * @throws CqlException 0x2200 for sum or avg over a non-numeric type
     */
    static CqlType resultType(Kind kind, CqlType inputType, Selector selector) {
        return switch (kind) {
            case COUNT_ROWS, COUNT -> NativeType.BIGINT;
            case MIN, MAX -> inputType;
            case SUM, AVG -> {
                if (!(inputType instanceof NativeType numeric) || !NUMERIC.contains(numeric)) {
                    String name = kind.name().toLowerCase(Locale.ROOT);
                    throw CqlException.invalid("Invalid call to function system." + name + ", none of its type"
                            + " signatures match: " + selector.arguments().get(0).defaultName() + " is of type "
                            + inputType.cqlName() + ", not a numeric type");
                }
                yield numeric == NativeType.COUNTER ? NativeType.BIGINT : numeric;
            }
        };
    }

    /** @param value a serialized input value, or null (ignored for COUNT_ROWS) */
    void add(byte[] value) {
        if (kind == Kind.COUNT_ROWS) {
            count++;
            return;
        }
        if (value == null || value.length == 0 && !(type instanceof NativeType nativeType && nativeType.isString())) {
            return;
        }
        count++;
        switch (kind) {
            case MIN -> best = best == null || type.compare(value, best) < 0 ? value : best;
            case MAX -> best = best == null || type.compare(value, best) > 0 ? value : best;
            case SUM, AVG -> accumulate(value);
            default -> {
            }
        }
    }

    private void accumulate(byte[] value) {
        NativeType numeric = (NativeType) type;
        Object decoded = numeric.decode(value);
        if (INTEGRAL.contains(numeric)) {
            integerSum = integerSum.add(decoded instanceof BigInteger big ? big
                    : BigInteger.valueOf(((Number) decoded).longValue()));
        } else if (numeric == NativeType.DECIMAL) {
            decimalSum = decimalSum.add((BigDecimal) decoded);
        } else {
            double y = ((Number) decoded).doubleValue() - compensation;
            double t = doubleSum + y;
            compensation = (t - doubleSum) - y;
            doubleSum = t;
        }
    }

    /** @return the serialized result */
    byte[] result() {
        return switch (kind) {
            case COUNT_ROWS, COUNT -> NativeType.BIGINT.encode(count);
            case MIN, MAX -> best;
            case SUM -> number(false);
            case AVG -> number(true);
        };
    }

    private byte[] number(boolean average) {
        NativeType numeric = (NativeType) type;
        if (INTEGRAL.contains(numeric)) {
            BigInteger result = average && count > 0 ? integerSum.divide(BigInteger.valueOf(count)) : integerSum;
            return switch (numeric) {
                case TINYINT -> NativeType.TINYINT.encode(result.byteValue());
                case SMALLINT -> NativeType.SMALLINT.encode(result.shortValue());
                case INT -> NativeType.INT.encode(result.intValue());
                case VARINT -> NativeType.VARINT.encode(result);
                default -> NativeType.BIGINT.encode(result.longValue());
            };
        }
        if (numeric == NativeType.DECIMAL) {
            BigDecimal result = average && count > 0
                    ? decimalSum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128) : decimalSum;
            return NativeType.DECIMAL.encode(result);
        }
        double result = average && count > 0 ? doubleSum / count : doubleSum;
        return numeric == NativeType.FLOAT ? NativeType.FLOAT.encode((float) result)
                : NativeType.DOUBLE.encode(result);
    }
}
