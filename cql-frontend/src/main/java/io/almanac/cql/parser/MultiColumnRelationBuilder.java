package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a multi-column relation {@code (c1, c2, ...) op value} from its parse tree (Cassandra's
 * {@code MultiColumnRelation}). A comparison takes one tuple: {@code (t1, t2)} or a marker bound to a whole tuple.
 * {@code IN} takes a parenthesized list whose elements are {@code (t1, t2)} tuples or markers bound to whole
 * tuples, or one marker bound to a list of tuples. The grammar lets {@code ((1, 2), (3, 4))} parse either as a list
 * of tuple literals or as nested values; both shapes give the same relation.
 *
 * <p>Thread safety: confined to the parsing thread.
 */
final class MultiColumnRelationBuilder {

    private final TermBuilder terms;

    MultiColumnRelationBuilder(TermBuilder terms) {
        this.terms = terms;
    }

    /**
     * @param operator the operator ({@link Relation.Operator#IN} for {@code IN})
     * @throws CqlException 0x2000 for an IN value that is not a list of tuples
     */
    Relation relation(CqlParser.MultiColumnRelationContext relation, Relation.Operator operator) {
        List<String> columns = TermBuilder.cidents(relation.cident());
        CqlParser.MultiColumnValueContext value = relation.multiColumnValue(0);
        if (operator != Relation.Operator.IN) {
            return Relation.multiColumn(columns, operator, List.of(tuple(value)), null);
        }
        if (value.marker() != null) {
            return Relation.multiColumn(columns, operator, List.of(), terms.marker(value.marker()));
        }
        List<Relation.TupleValue> tuples = new ArrayList<>();
        for (CqlParser.TermContext term : value.term()) {
            tuples.add(inElement(term));
        }
        for (CqlParser.MultiColumnValueContext nested : value.multiColumnValue()) {
            tuples.add(tuple(nested));
        }
        return Relation.multiColumn(columns, operator, tuples, null);
    }

    /** A comparison's value, or one element of an IN list written as nested values. */
    private Relation.TupleValue tuple(CqlParser.MultiColumnValueContext value) {
        if (value.marker() != null) {
            return new Relation.TupleValue(List.of(), terms.marker(value.marker()));
        }
        if (!value.multiColumnValue().isEmpty() || value.term().isEmpty()) {
            throw CqlException.syntax("line " + value.getStart().getLine() + ":"
                    + value.getStart().getCharPositionInLine() + " Invalid tuple value " + value.getText());
        }
        return new Relation.TupleValue(terms.terms(value.term()), null);
    }

    /** One element of {@code IN (...)}: a tuple literal {@code (t1, t2)} or a marker bound to a whole tuple. */
    private Relation.TupleValue inElement(CqlParser.TermContext term) {
        if (term.arithmeticOperator().isEmpty() && term.termGroup(0).getChildCount() == 1
                && term.termGroup(0).simpleTerm() instanceof CqlParser.ValueTermContext valueTerm) {
            CqlParser.ValueContext value = valueTerm.value();
            if (value instanceof CqlParser.MarkerValueContext marker) {
                return new Relation.TupleValue(List.of(), terms.marker(marker.marker()));
            }
            if (value instanceof CqlParser.TupleLiteralContext tuple) {
                return new Relation.TupleValue(terms.terms(tuple.term()), null);
            }
        }
        throw CqlException.syntax("line " + term.getStart().getLine() + ":" + term.getStart().getCharPositionInLine()
                + " IN on a tuple of columns takes tuples, not " + term.getText());
    }
}
