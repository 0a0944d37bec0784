package io.almanac.cql.parser;

import java.util.List;
import java.util.Objects;

/**
 * The {@code IF} clause of a conditional INSERT, UPDATE or DELETE (a lightweight transaction).
 *
 * @param kind    IF NOT EXISTS, IF EXISTS, or column conditions
 * @param columns the column conditions, in the order written (empty unless {@code kind} is COLUMNS)
 */
public record Conditions(Kind kind, List<Condition> columns) {

    /** What the clause tests. */
    public enum Kind { NOT_EXISTS, EXISTS, COLUMNS }

    public static final Conditions IF_NOT_EXISTS = new Conditions(Kind.NOT_EXISTS, List.of());
    public static final Conditions IF_EXISTS = new Conditions(Kind.EXISTS, List.of());

    public Conditions {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }

    /**
     * One column condition: {@code column [element] op value}, {@code column [element] IN (values) / IN ?},
     * {@code column.field op value} or {@code column CONTAINS [KEY] value}.
     *
     * @param column        the tested column
     * @param element       the list index or map key tested ({@code c[k] = v}), or null
     * @param operator      the comparison
     * @param values        one term, or the IN terms (one marker when {@code wholeInMarker})
     * @param wholeInMarker whether this is {@code IN ?}
     * @param field         the user-defined type field tested ({@code u.f = v}), or null
     */
    public record Condition(String column, Term element, Operator operator, List<Term> values,
                            boolean wholeInMarker, String field) {
        public Condition {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            if (element != null && field != null) {
                throw new IllegalArgumentException("a condition tests an element or a field, not both");
            }
        }

        /** A condition that does not test a user-defined type field. */
        public Condition(String column, Term element, Operator operator, List<Term> values,
                         boolean wholeInMarker) {
            this(column, element, operator, values, wholeInMarker, null);
        }

        @Override
        public String toString() {
            String target = element != null ? column + "[" + element + "]"
                    : field != null ? column + "." + field : column;
            return target + " " + operator.cql() + " " + (operator == Operator.IN ? values.toString()
                    .replace('[', '(').replace(']', ')') : values.get(0).toString());
        }
    }

    /** The condition operators (Cassandra's {@code ColumnCondition} operators). */
    public enum Operator {
        EQ("="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), IN("IN"), CONTAINS("CONTAINS"),
        CONTAINS_KEY("CONTAINS KEY");

        private final String cql;

        Operator(String cql) {
            this.cql = cql;
        }

        public String cql() {
            return cql;
        }

        /** @return whether this is {@code CONTAINS} or {@code CONTAINS KEY} */
        public boolean isContains() {
            return this == CONTAINS || this == CONTAINS_KEY;
        }

        /** @return the operator written as {@code text} ({@code = != < <= > >=}) */
        static Operator of(String text) {
            for (Operator operator : values()) {
                if (operator.cql.equals(text)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("unknown condition operator " + text);
        }
    }
}
