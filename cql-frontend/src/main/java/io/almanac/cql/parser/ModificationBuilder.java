package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds UPDATE and DELETE statements from their parse trees (the modification half of the AST builder): plain
 * assignments, counter and collection operations ({@code c = c + v}, {@code l = v + l}, {@code c -= v}), element
 * assignments ({@code l[i] = v}, {@code m[k] = v}), user-defined type field assignments and deletions
 * ({@code u.f = v}, {@code DELETE u.f}), element deletions ({@code DELETE m[k]}) and {@code IF} clauses (also
 * {@code IF c CONTAINS [KEY] v} and {@code IF u.f op v}).
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class ModificationBuilder {

    private final TermBuilder terms;

    ModificationBuilder(TermBuilder terms) {
        this.terms = terms;
    }

    ParsedStatement.Update update(CqlParser.UpdateStatementContext update) {
        Term ttl = null;
        Term timestamp = null;
        if (update.usingClause() != null) {
            for (CqlParser.UsingOptionContext option : update.usingClause().usingOption()) {
                if (option instanceof CqlParser.UsingTtlContext usingTtl) {
                    ttl = terms.intValue(usingTtl.intValue());
                } else {
                    timestamp = terms.intValue(((CqlParser.UsingTimestampContext) option).intValue());
                }
            }
        }
        List<String> columns = new ArrayList<>();
        List<Term> values = new ArrayList<>();
        List<Operation> operations = new ArrayList<>();
        for (CqlParser.ColumnOperationContext operation : update.columnOperation()) {
            Operation parsed = operation(operation);
            if (parsed == null) {
                columns.add(TermBuilder.cident(operation.cident(0)));
                values.add(terms.term(operation.operand(0).term()));
            } else {
                operations.add(parsed);
            }
        }
        Conditions conditions = conditions(update.K_IF() != null, update.K_EXISTS(), update.condition());
        return new ParsedStatement.Update(TermBuilder.tableName(update.tableName()), columns, values,
                where(update.whereClause()), ttl, timestamp, operations, conditions);
    }

    /** @return the operation of {@code c <op> ...}, or null for a plain {@code c = term} */
    private Operation operation(CqlParser.ColumnOperationContext operation) {
        String column = TermBuilder.cident(operation.cident(0));
        if (operation.ident() != null) {
            return field(operation, column);
        }
        if (operation.cident().size() > 1) {
            // c = c -1: the lexer reads "-1" as one INTEGER
            requireSameColumn(column, operation.cident(1));
            String number = operation.INTEGER().getText();
            boolean negative = number.startsWith("-");
            if (!negative) {
                throw CqlException.syntax("line " + operation.getStart().getLine() + ":" + operation.INTEGER()
                        .getSymbol().getCharPositionInLine() + " no viable alternative at input '" + number + "'");
            }
            Term value = new Term.Literal(Term.LiteralKind.INTEGER, number.substring(1));
            return new Operation(column, Operation.Kind.SUBTRACT, null, value);
        }
        String assign = operation.getChild(operation.term() != null ? 4 : 1).getText();
        if (operation.term() != null) {
            if (!assign.equals("=") || operation.operand().size() != 1 || operation.operand(0).term() == null) {
                throw CqlException.invalid("Invalid operation on element of column " + column);
            }
            return new Operation(column, Operation.Kind.SET_ELEMENT, terms.term(operation.term()),
                    terms.term(operation.operand(0).term()));
        }
        if (!assign.equals("=")) {
            requireOneTerm(operation, column);
            return new Operation(column, assign.equals("+=") ? Operation.Kind.ADD : Operation.Kind.SUBTRACT, null,
                    terms.term(operation.operand(0).term()));
        }
        if (operation.operand().size() == 1) {
            if (operation.operand(0).term() == null) {
                throw CqlException.invalid("Invalid operation (" + operation.getText() + ") for column " + column);
            }
            return null;
        }
        return binary(operation, column);
    }

    /** {@code u.f = v}; Cassandra's grammar has no other operation on a field. */
    private Operation field(CqlParser.ColumnOperationContext operation, String column) {
        String field = TermBuilder.ident(operation.ident());
        String assign = operation.getChild(3).getText();
        if (!assign.equals("=") || operation.operand().size() != 1 || operation.operand(0).term() == null) {
            Token offending = !assign.equals("=") ? ((TerminalNode) operation.getChild(3)).getSymbol()
                    : operation.operand(0).term() == null ? operation.operand(0).getStart()
                    : ((TerminalNode) operation.getChild(5)).getSymbol();
            throw CqlException.syntax("line " + offending.getLine() + ":" + offending.getCharPositionInLine()
                    + " no viable alternative at input '" + offending.getText() + "'");
        }
        return new Operation(column, Operation.Kind.SET_FIELD, null, terms.term(operation.operand(0).term()), field);
    }

    /** {@code c = c + v}, {@code c = c - v} or {@code l = v + l}. */
    private Operation binary(CqlParser.ColumnOperationContext operation, String column) {
        if (operation.operand().size() != 2) {
            throw CqlException.invalid("Only expressions of the form X = X + <value> or X = <value> + X are"
                    + " supported on column " + column);
        }
        CqlParser.OperandContext left = operation.operand(0);
        CqlParser.OperandContext right = operation.operand(1);
        String sign = ((TerminalNode) operation.getChild(3)).getText();
        if (left.cident() != null && right.term() != null) {
            requireSameColumn(column, left.cident());
            return new Operation(column, sign.equals("+") ? Operation.Kind.ADD : Operation.Kind.SUBTRACT, null,
                    terms.term(right.term()));
        }
        if (left.term() != null && right.cident() != null && sign.equals("+")) {
            requireSameColumn(column, right.cident());
            return new Operation(column, Operation.Kind.PREPEND, null, terms.term(left.term()));
        }
        throw CqlException.invalid("Only expressions of the form X = X + <value> or X = <value> + X are supported"
                + " on column " + column);
    }

    private static void requireSameColumn(String column, CqlParser.CidentContext other) {
        String name = TermBuilder.cident(other);
        if (!name.equals(column)) {
            throw CqlException.syntax("Only expressions of the form X = X + <value> or X = <value> + X are"
                    + " supported (found " + column + " = " + name + " ...)");
        }
    }

    private static void requireOneTerm(CqlParser.ColumnOperationContext operation, String column) {
        if (operation.operand().size() != 1 || operation.operand(0).term() == null) {
            throw CqlException.invalid("Invalid operation (" + operation.getText() + ") for column " + column);
        }
    }

    /** @return the IF clause, or null when there is none */
    private Conditions conditions(boolean hasIf, TerminalNode exists, List<CqlParser.ConditionContext> conditions) {
        if (!hasIf) {
            return null;
        }
        if (exists != null) {
            return Conditions.IF_EXISTS;
        }
        List<Conditions.Condition> parsed = new ArrayList<>();
        for (CqlParser.ConditionContext condition : conditions) {
            String column = TermBuilder.cident(condition.cident());
            String field = condition.ident() == null ? null : TermBuilder.ident(condition.ident());
            Term element = condition.term().size() > (condition.K_IN() != null ? 0 : 1)
                    ? terms.term(condition.term(0)) : null;
            if (condition.K_CONTAINS() != null) {
                if (element != null || field != null) {
                    // Cassandra's grammar takes CONTAINS on whole columns only
                    Token contains = condition.K_CONTAINS().getSymbol();
                    throw CqlException.syntax("line " + contains.getLine() + ":" + contains.getCharPositionInLine()
                            + " no viable alternative at input 'CONTAINS'");
                }
                Conditions.Operator operator = condition.K_KEY() != null ? Conditions.Operator.CONTAINS_KEY
                        : Conditions.Operator.CONTAINS;
                parsed.add(new Conditions.Condition(column, null, operator,
                        List.of(terms.term(condition.term(condition.term().size() - 1))), false));
            } else if (condition.K_IN() != null) {
                CqlParser.InValuesContext in = condition.inValues();
                boolean wholeMarker = in.marker() != null;
                List<Term> values = wholeMarker ? List.of(terms.marker(in.marker())) : terms.terms(in.term());
                parsed.add(new Conditions.Condition(column, element, Conditions.Operator.IN, values, wholeMarker,
                        field));
            } else {
                Term value = terms.term(condition.term(condition.term().size() - 1));
                parsed.add(new Conditions.Condition(column, element,
                        Conditions.Operator.of(condition.relationType().getText()), List.of(value), false, field));
            }
        }
        return new Conditions(Conditions.Kind.COLUMNS, parsed);
    }

    ParsedStatement.Delete delete(CqlParser.DeleteStatementContext delete) {
        List<String> columns = new ArrayList<>();
        List<ParsedStatement.Delete.Element> elements = new ArrayList<>();
        for (CqlParser.DeleteSelectionContext selection : delete.deleteSelection()) {
            String column = TermBuilder.cident(selection.cident());
            if (selection.ident() != null) {
                elements.add(new ParsedStatement.Delete.Element(column, null,
                        TermBuilder.ident(selection.ident())));
            } else if (selection.term() != null) {
                elements.add(new ParsedStatement.Delete.Element(column, terms.term(selection.term())));
            } else {
                columns.add(column);
            }
        }
        Term timestamp = delete.intValue() == null ? null : terms.intValue(delete.intValue());
        Conditions conditions = conditions(delete.K_IF() != null, delete.K_EXISTS(), delete.condition());
        return new ParsedStatement.Delete(TermBuilder.tableName(delete.tableName()), columns,
                where(delete.whereClause()), timestamp, elements, conditions);
    }

    private List<Relation> where(CqlParser.WhereClauseContext where) {
        List<Relation> relations = new ArrayList<>();
        AstBuilder relationBuilder = new AstBuilder(terms);
        where.relation().forEach(r -> relationBuilder.relation(r, relations));
        return relations;
    }
}
