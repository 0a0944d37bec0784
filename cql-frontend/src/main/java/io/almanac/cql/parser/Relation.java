package io.almanac.cql.parser;

import java.util.List;
import java.util.Objects;

/**
 * One restriction of a WHERE clause: {@code column op term}, {@code column IN (...)}, {@code column IN ?},
 * {@code token(columns) op term}, {@code column CONTAINS term}, {@code column CONTAINS KEY term} or the map element
 * relation {@code column[key] op term}.
 *
 * @param column        the restricted column, or null for a token relation
 * @param tokenColumns  the arguments of {@code token(...)}, empty unless this is a token relation
 * @param operator      the operator
 * @param values        one term for a comparison; the listed terms of {@code IN (...)}; the single marker of
 *                      {@code IN ?} (see {@code wholeInMarker})
 * @param wholeInMarker whether this is {@code IN ?}: one marker bound to a list of values
 * @param mapKey        the key of a map element relation {@code column[key] op term}, else null
 */
public record Relation(String column, List<String> tokenColumns, Operator operator, List<Term> values,
                       boolean wholeInMarker, Term mapKey) {

    /** The operators Almanac executes. */
    public enum Operator {
        EQ("="), LT("<"), LTE("<="), GT(">"), GTE(">="), IN("IN"), CONTAINS("CONTAINS"),
        CONTAINS_KEY("CONTAINS KEY");

        private final String cql;

        Operator(String cql) {
            this.cql = cql;
        }

        /** @return the operator as written in CQL */
        public String cql() {
            return cql;
        }

        /** @return whether this is a range operator ({@code < <= > >=}) */
        public boolean isSlice() {
            return this == LT || this == LTE || this == GT || this == GTE;
        }

        /** @return whether this is {@code CONTAINS} or {@code CONTAINS KEY} */
        public boolean isContains() {
            return this == CONTAINS || this == CONTAINS_KEY;
        }
    }

    /** A relation that is not a map element relation. */
    public Relation(String column, List<String> tokenColumns, Operator operator, List<Term> values,
                    boolean wholeInMarker) {
        this(column, tokenColumns, operator, values, wholeInMarker, null);
    }

    public Relation {
        tokenColumns = List.copyOf(tokenColumns);
        values = List.copyOf(values);
        Objects.requireNonNull(operator, "operator");
        if ((column == null) == tokenColumns.isEmpty()) {
            throw new IllegalArgumentException("a relation restricts either a column or token(...)");
        }
        if (mapKey != null && column == null) {
            throw new IllegalArgumentException("a map element relation restricts a column");
        }
    }

    /** @return whether this relation restricts {@code token(...)} */
    public boolean isToken() {
        return column == null;
    }

    /** @return the relation as CQL text, for error messages */
    @Override
    public String toString() {
        String target = isToken() ? "token(" + String.join(", ", tokenColumns) + ")"
                : mapKey != null ? column + "[" + mapKey + "]" : column;
        if (operator == Operator.IN) {
            return target + " IN " + (wholeInMarker ? values.get(0).toString() : values.toString()
                    .replace('[', '(').replace(']', ')'));
        }
        return target + " " + operator.cql() + " " + values.get(0);
    }
}
