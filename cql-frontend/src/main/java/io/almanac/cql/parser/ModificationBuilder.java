package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds UPDATE and DELETE statements from their parse trees (the modification half of the AST builder). Element
 * operations on collections ({@code c[k] = v}, {@code c = c + [..]}, {@code DELETE c[k]}), counters and
 * conditions ({@code IF ...}) end here with "... is not supported yet" (0x2200).
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class ModificationBuilder {

    private final TermBuilder terms;

    ModificationBuilder(TermBuilder terms) {
        this.terms = terms;
    }

    ParsedStatement.Update update(CqlParser.UpdateStatementContext update) {
        if (update.K_IF() != null) {
            throw unsupported("Conditional updates (UPDATE ... IF)");
        }
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
        for (CqlParser.ColumnOperationContext operation : update.columnOperation()) {
            columns.add(TermBuilder.cident(operation.cident(0)));
            values.add(assignedValue(operation));
        }
        return new ParsedStatement.Update(TermBuilder.tableName(update.tableName()), columns, values,
                where(update.whereClause()), ttl, timestamp);
    }

    /** @return the term of a plain {@code column = term}; anything else is not supported yet */
    private Term assignedValue(CqlParser.ColumnOperationContext operation) {
        if (operation.cident().size() > 1) {
            throw unsupported("Counter updates");
        }
        if (operation.term() != null || operation.ident() != null) {
            throw unsupported("Collection element and field updates");
        }
        if (operation.getChild(1).getText().length() > 1 || operation.operand().size() > 1) {
            throw unsupported("Collection and counter operations (+, -)");
        }
        CqlParser.OperandContext operand = operation.operand(0);
        if (operand.term() == null) {
            throw unsupported("Collection and counter operations (+, -)");
        }
        return terms.term(operand.term());
    }

    ParsedStatement.Delete delete(CqlParser.DeleteStatementContext delete) {
        if (delete.K_IF() != null) {
            throw unsupported("Conditional deletions (DELETE ... IF)");
        }
        List<String> columns = new ArrayList<>();
        for (CqlParser.DeleteSelectionContext selection : delete.deleteSelection()) {
            if (selection.term() != null || selection.ident() != null) {
                throw unsupported("Deletions of collection elements and fields");
            }
            columns.add(TermBuilder.cident(selection.cident()));
        }
        Term timestamp = delete.intValue() == null ? null : terms.intValue(delete.intValue());
        return new ParsedStatement.Delete(TermBuilder.tableName(delete.tableName()), columns,
                where(delete.whereClause()), timestamp);
    }

    private List<Relation> where(CqlParser.WhereClauseContext where) {
        List<Relation> relations = new ArrayList<>();
        AstBuilder relationBuilder = new AstBuilder(terms);
        where.relation().forEach(r -> relationBuilder.relation(r, relations));
        return relations;
    }
}
