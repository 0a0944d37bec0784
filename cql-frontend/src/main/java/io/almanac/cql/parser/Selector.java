package io.almanac.cql.parser;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One item of a SELECT clause or of GROUP BY ({@code *} is represented by an empty selector list). Function calls
 * nest: {@code toDate(max(ts))} is a FUNCTION whose argument is a FUNCTION.
 *
 * @param kind      what is selected
 * @param columns   the column (COLUMN, WRITETIME, TTL) or the arguments of {@code token(...)} (TOKEN); empty
 *                  otherwise
 * @param alias     the {@code AS} alias, or null
 * @param function  the function name as resolved ({@code [keyspace.]name}, lower-cased unless quoted) for FUNCTION,
 *                  the target type's CQL name for CAST; null otherwise
 * @param arguments the arguments of FUNCTION and CAST (one for CAST), the components of TUPLE; empty otherwise
 * @param literal   the constant of LITERAL; null otherwise
 */
public record Selector(Kind kind, List<String> columns, String alias, String function, List<Selector> arguments,
                       Term literal) {

    /** The selector forms Almanac executes. */
    public enum Kind {
        /** A column's value. */
        COLUMN,
        /** {@code token(pk columns)}: the partition's Murmur3 token, bigint. */
        TOKEN,
        /** {@code writetime(c)}: the cell's write timestamp in microseconds, bigint. */
        WRITETIME,
        /** {@code ttl(c)}: the cell's remaining TTL in seconds, int, or null. */
        TTL,
        /** {@code count(*)}: the number of rows, bigint. */
        COUNT_ROWS,
        /** A scalar or aggregate function call: {@code name(arguments)}. */
        FUNCTION,
        /** {@code CAST(argument AS type)}. */
        CAST,
        /**
         * A term: a constant (e.g. the duration of {@code floor(ts, 1h)}), {@code null}, a bind marker, or one of
         * these under a type hint ({@code (int) ?}, a {@link Term.TypeHint}).
         */
        LITERAL,
        /** {@code selected.field}: a field of a user-defined type value; the field name is {@code columns[0]}. */
        FIELD,
        /** {@code (a, b, ...)}: a tuple of the arguments' values (Cassandra's {@code Selectable.WithTuple}). */
        TUPLE,
        /**
         * {@code selected[key]}: an element of a set or map value (Cassandra's {@code WithElementSelection}); the
         * selected value is {@code arguments[0]}, the key is {@code literal}.
         */
        ELEMENT,
        /**
         * {@code selected[from..to]}: a slice of a set or map value (Cassandra's {@code WithSliceSelection}); the
         * selected value is {@code arguments[0]}, the bounds are the LITERAL selectors {@code arguments[1]} and
         * {@code arguments[2]}, whose literal is null for a missing bound.
         */
        SLICE
    }

    public Selector {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        arguments = List.copyOf(arguments);
    }

    /** A column, token(), writetime() or ttl() selector. */
    public Selector(Kind kind, List<String> columns, String alias) {
        this(kind, columns, alias, null, List.of(), null);
    }

    /** @return a function call selector */
    public static Selector call(String function, List<Selector> arguments, String alias) {
        return new Selector(Kind.FUNCTION, List.of(), alias, function, arguments, null);
    }

    /** @return the selection of field {@code field} of the value {@code selected} gives */
    public static Selector field(Selector selected, String field) {
        return new Selector(Kind.FIELD, List.of(field), null, null, List.of(selected), null);
    }

    /** @return the tuple selector {@code (components...)} (at least two components) */
    public static Selector tuple(List<Selector> components) {
        return new Selector(Kind.TUPLE, List.of(), null, null, components, null);
    }

    /** @return the selection of the element {@code key} of the set or map value {@code selected} gives */
    public static Selector element(Selector selected, Term key) {
        return new Selector(Kind.ELEMENT, List.of(), null, null, List.of(selected), key);
    }

    /** @return the selection of the slice {@code [from..to]} (a null bound: unbounded) of a set or map value */
    public static Selector slice(Selector selected, Term from, Term to) {
        return new Selector(Kind.SLICE, List.of(), null, null, List.of(selected, bound(from), bound(to)), null);
    }

    private static Selector bound(Term bound) {
        return new Selector(Kind.LITERAL, List.of(), null, null, List.of(), bound);
    }

    /** @return this selector with another alias */
    public Selector withAlias(String newAlias) {
        return new Selector(kind, columns, newAlias, function, arguments, literal);
    }

    /**
     * @return the default result column name, as Cassandra names it ({@code system.token(k)}, {@code ttl(v)},
     *         {@code count} for {@code count(*)}, {@code system.max(v)}, {@code cast(v as int)}, {@code (a, b)},
     *         {@code m['a']}, {@code s[2..]})
     */
    public String defaultName() {
        return switch (kind) {
            case COLUMN -> columns.get(0);
            case TOKEN -> "system.token(" + String.join(", ", columns) + ")";
            case WRITETIME -> "writetime(" + columns.get(0) + ")";
            case TTL -> "ttl(" + columns.get(0) + ")";
            case COUNT_ROWS -> "count";
            case FUNCTION -> qualifiedFunctionName() + "(" + String.join(", ",
                    arguments.stream().map(Selector::defaultName).toList()) + ")";
            case CAST -> "cast(" + arguments.get(0).defaultName() + " as " + function.toLowerCase(Locale.ROOT) + ")";
            case LITERAL -> literal == null ? "" : literal.toString();
            case FIELD -> arguments.get(0).defaultName() + "." + columns.get(0);
            case TUPLE -> "(" + String.join(", ", arguments.stream().map(Selector::defaultName).toList()) + ")";
            case ELEMENT -> arguments.get(0).defaultName() + "[" + literal + "]";
            case SLICE -> arguments.get(0).defaultName() + "[" + arguments.get(1).defaultName() + ".."
                    + arguments.get(2).defaultName() + "]";
        };
    }

    /** @return the function name with its keyspace, {@code system.} for unqualified names */
    public String qualifiedFunctionName() {
        return function.contains(".") ? function : "system." + function;
    }

    /** @return the function name without a {@code system.} keyspace */
    public String simpleFunctionName() {
        return function.startsWith("system.") ? function.substring("system.".length()) : function;
    }
}
