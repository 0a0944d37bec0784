package io.almanac.cql.statements;

import io.almanac.cql.parser.Relation;
import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The restrictions of a WHERE clause on one column (or on {@code token(...)} when {@link #column()} is null): an
 * equality, an IN list (literal or a single marker), or a slice with up to one lower and one upper bound.
 * Built while preparing; the bound values are produced per execution.
 *
 * <p>Thread safety: mutable while the statement is prepared, then never modified (safely published through the
 * prepared statement).
 */
final class ColumnRestriction {

    private final ColumnMetadata column;
    private final ColumnSpec receiver;
    private PreparedTerm equal;
    private List<PreparedTerm> in;
    private PreparedTerm inMarker;
    private PreparedTerm lower;
    private boolean lowerInclusive;
    private PreparedTerm upper;
    private boolean upperInclusive;

    /**
     * @param column   the column, or null for token(...)
     * @param receiver the specification values are checked against (the column, or {@code partition key token})
     */
    ColumnRestriction(ColumnMetadata column, ColumnSpec receiver) {
        this.column = column;
        this.receiver = receiver;
    }

    ColumnMetadata column() {
        return column;
    }

    CqlType type() {
        return receiver.type();
    }

    String name() {
        return receiver.name();
    }

    boolean isEqual() {
        return equal != null;
    }

    boolean isIn() {
        return in != null || inMarker != null;
    }

    boolean isSlice() {
        return lower != null || upper != null;
    }

    /**
     * Adds one relation.
     *
     * @throws CqlException with Cassandra's message when it conflicts with an earlier relation on the column
     */
    void add(Relation relation, BindVariables variables) {
        Relation.Operator operator = relation.operator();
        if (isEqual()) {
            throw conflict("an Equal");
        }
        if (isIn()) {
            throw conflict("a IN");
        }
        if (!operator.isSlice() && isSlice()) {
            throw conflict(operator == Relation.Operator.EQ ? "an Equal" : "a IN");
        }
        switch (operator) {
            case EQ -> equal = prepare(relation.values().get(0), variables);
            case IN -> addIn(relation, variables);
            case GT, GTE -> {
                if (lower != null) {
                    throw CqlException.invalid("More than one restriction was found for the start bound on "
                            + name());
                }
                lower = prepare(relation.values().get(0), variables);
                lowerInclusive = operator == Relation.Operator.GTE;
            }
            default -> {
                if (upper != null) {
                    throw CqlException.invalid("More than one restriction was found for the end bound on " + name());
                }
                upper = prepare(relation.values().get(0), variables);
                upperInclusive = operator == Relation.Operator.LTE;
            }
        }
    }

    private void addIn(Relation relation, BindVariables variables) {
        if (relation.wholeInMarker()) {
            ColumnSpec list = new ColumnSpec(receiver.keyspace(), receiver.table(), "in(" + name() + ")",
                    CollectionType.list(type(), false));
            inMarker = TermPreparer.prepare(relation.values().get(0), list, variables, null);
        } else {
            in = new ArrayList<>();
            relation.values().forEach(v -> in.add(TermPreparer.prepare(v, receiver, variables, null)));
        }
    }

    private PreparedTerm prepare(Term term, BindVariables variables) {
        return TermPreparer.prepare(term, receiver, variables, column);
    }

    private CqlException conflict(String kind) {
        return CqlException.invalid(name() + " cannot be restricted by more than one relation if it includes "
                + kind);
    }

    // ---- binding ----

    /**
     * @return the values of an equality or IN restriction, distinct and in ascending type order
     * @throws CqlException for null or unset values
     */
    List<byte[]> equalityValues(List<byte[]> bound) {
        List<byte[]> values = new ArrayList<>();
        if (equal != null) {
            values.add(nonNull(equal.bind(bound)));
        } else if (in != null) {
            in.forEach(term -> values.add(nonNull(term.bind(bound))));
        } else {
            byte[] list = nonNull(inMarker.bind(bound));
            values.addAll(((CollectionType) ((PreparedTerm.Marker) inMarker).receiver().type()).split(list));
        }
        TreeSet<byte[]> distinct = new TreeSet<>(type()::compare);
        distinct.addAll(values);
        return new ArrayList<>(distinct);
    }

    /** @return the bound lower value ({@code >} / {@code >=}), or null when there is none */
    byte[] lowerValue(List<byte[]> bound) {
        return lower == null ? null : nonNull(lower.bind(bound));
    }

    /** @return the bound upper value ({@code <} / {@code <=}), or null when there is none */
    byte[] upperValue(List<byte[]> bound) {
        return upper == null ? null : nonNull(upper.bind(bound));
    }

    boolean lowerInclusive() {
        return lowerInclusive;
    }

    boolean upperInclusive() {
        return upperInclusive;
    }

    private byte[] nonNull(byte[] value) {
        if (value == null) {
            throw CqlException.invalid("Invalid null value in condition for column " + name());
        }
        if (QueryOptions.isUnset(value)) {
            throw CqlException.invalid("Invalid unset value for column " + name());
        }
        return value;
    }
}
