package io.almanac.cql.parser;

import java.util.List;
import java.util.Objects;

/**
 * One restriction of a WHERE clause: {@code column op term}, {@code column IN (...)}, {@code column IN ?},
 * {@code token(columns) op term}, or a multi-column relation on clustering columns: {@code (c1, c2) op (t1, t2)},
 * {@code (c1, c2) op ?}, {@code (c1, c2) IN ((t1, t2), ?, ...)} or {@code (c1, c2) IN ?} (Cassandra's
 * {@code MultiColumnRelation}).
 *
 * @param column        the restricted column, or null for a token or multi-column relation
 * @param tokenColumns  the arguments of {@code token(...)}, empty unless this is a token relation
 * @param operator      the operator
 * @param values        one term for a comparison; the listed terms of {@code IN (...)}; the single marker of
 *                      {@code IN ?} (see {@code wholeInMarker}); empty for a multi-column relation except for
 *                      {@code (c1, c2) IN ?}
 * @param wholeInMarker whether this is {@code IN ?}: one marker bound to a list of values (of tuples for a
 *                      multi-column relation)
 * @param tupleColumns  the columns of a multi-column relation, in the order written; empty otherwise
 * @param tuples        the values of a multi-column relation: one for a comparison, the listed ones of {@code IN};
 *                      empty otherwise
 */
public record Relation(String column, List<String> tokenColumns, Operator operator, List<Term> values,
                       boolean wholeInMarker, List<String> tupleColumns, List<TupleValue> tuples) {

    /**
     * One value of a multi-column relation: either the terms written in parentheses, one per column, or a single
     * marker bound to a whole tuple.
     *
     * @param elements the terms of {@code (t1, t2, ...)}, or empty when {@code marker} is set
     * @param marker   the marker bound to a whole tuple, or null
     */
    public record TupleValue(List<Term> elements, Term.BindMarker marker) {
        public TupleValue {
            elements = List.copyOf(elements);
            if (elements.isEmpty() == (marker == null)) {
                throw new IllegalArgumentException("a tuple value is either written out or one marker");
            }
        }

        /** @return the value as CQL text, for error messages */
        @Override
        public String toString() {
            return marker != null ? marker.toString()
                    : "(" + String.join(", ", elements.stream().map(Object::toString).toList()) + ")";
        }
    }

    /** The operators Almanac executes. */
    public enum Operator {
        EQ("="), LT("<"), LTE("<="), GT(">"), GTE(">="), IN("IN");

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
    }

    public Relation {
        tokenColumns = List.copyOf(tokenColumns);
        values = List.copyOf(values);
        tupleColumns = List.copyOf(tupleColumns);
        tuples = List.copyOf(tuples);
        Objects.requireNonNull(operator, "operator");
        int targets = (column == null ? 0 : 1) + (tokenColumns.isEmpty() ? 0 : 1) + (tupleColumns.isEmpty() ? 0 : 1);
        if (targets != 1) {
            throw new IllegalArgumentException("a relation restricts either a column, token(...) or a tuple");
        }
    }

    /** A single-column or token relation. */
    public Relation(String column, List<String> tokenColumns, Operator operator, List<Term> values,
                    boolean wholeInMarker) {
        this(column, tokenColumns, operator, values, wholeInMarker, List.of(), List.of());
    }

    /** @return a multi-column relation {@code (columns) operator tuples}, or {@code (columns) IN marker} */
    public static Relation multiColumn(List<String> columns, Operator operator, List<TupleValue> tuples,
                                       Term.BindMarker wholeInMarker) {
        return new Relation(null, List.of(), operator, wholeInMarker == null ? List.of() : List.of(wholeInMarker),
                wholeInMarker != null, columns, tuples);
    }

    /** @return whether this relation restricts {@code token(...)} */
    public boolean isToken() {
        return !tokenColumns.isEmpty();
    }

    /** @return whether this relation restricts a tuple of columns {@code (c1, c2, ...)} */
    public boolean isMultiColumn() {
        return !tupleColumns.isEmpty();
    }

    /** @return the relation as CQL text, for error messages */
    @Override
    public String toString() {
        if (isMultiColumn()) {
            String target = "(" + String.join(", ", tupleColumns) + ") " + operator.cql() + " ";
            if (wholeInMarker) {
                return target + values.get(0);
            }
            String listed = String.join(", ", tuples.stream().map(Object::toString).toList());
            return operator == Operator.IN ? target + "(" + listed + ")" : target + listed;
        }
        String target = isToken() ? "token(" + String.join(", ", tokenColumns) + ")" : column;
        if (operator == Operator.IN) {
            return target + " IN " + (wholeInMarker ? values.get(0).toString() : values.toString()
                    .replace('[', '(').replace(']', ')'));
        }
        return target + " " + operator.cql() + " " + values.get(0);
    }
}
