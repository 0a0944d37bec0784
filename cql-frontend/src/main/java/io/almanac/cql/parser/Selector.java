package io.almanac.cql.parser;

import java.util.List;
import java.util.Objects;

/**
 * One item of a SELECT clause ({@code *} is represented by an empty selector list).
 *
 * @param kind    what is selected
 * @param columns the column (COLUMN, WRITETIME, TTL) or the arguments of {@code token(...)} (TOKEN)
 * @param alias   the {@code AS} alias, or null
 */
public record Selector(Kind kind, List<String> columns, String alias) {

    /** The selector forms Almanac executes. */
    public enum Kind {
        /** A column's value. */
        COLUMN,
        /** {@code token(pk columns)}: the partition's Murmur3 token, bigint. */
        TOKEN,
        /** {@code writetime(c)}: the cell's write timestamp in microseconds, bigint. */
        WRITETIME,
        /** {@code ttl(c)}: the cell's remaining TTL in seconds, int, or null. */
        TTL
    }

    public Selector {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }

    /** @return the default result column name, as Cassandra names it ({@code system.token(k)}, {@code ttl(v)}) */
    public String defaultName() {
        return switch (kind) {
            case COLUMN -> columns.get(0);
            case TOKEN -> "system.token(" + String.join(", ", columns) + ")";
            case WRITETIME -> "writetime(" + columns.get(0) + ")";
            case TTL -> "ttl(" + columns.get(0) + ")";
        };
    }
}
