package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a parse tree into a {@link ParsedStatement}. Statements and clauses that Cassandra accepts but Almanac does
 * not execute yet end here with a 0x2200 "... is not supported yet" naming the feature.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class AstBuilder {

    private static final Set<String> STATEMENT_KIND_WORDS = Set.of("OR", "REPLACE", "CUSTOM", "MATERIALIZED",
            "INDEX", "TYPE", "FUNCTION", "AGGREGATE", "ROLE", "USER", "VIEW", "TRIGGER", "TABLE", "COLUMNFAMILY",
            "KEYSPACE", "SCHEMA");

    private final TermBuilder terms;

    AstBuilder(TermBuilder terms) {
        this.terms = terms;
    }

    /**
     * @return the statement with its bind marker count
     * @throws CqlException 0x2200 for statements or clauses not supported yet, 0x2000 for property errors
     */
    static ParsedQuery build(CqlParser.RootContext root) {
        TermBuilder terms = new TermBuilder(root);
        ParsedStatement statement = new AstBuilder(terms).statement(root.statement());
        return new ParsedQuery(statement, terms.markerCount());
    }

    private ParsedStatement statement(CqlParser.StatementContext statement) {
        if (statement.selectStatement() != null) {
            return select(statement.selectStatement());
        }
        if (statement.insertStatement() != null) {
            return insert(statement.insertStatement());
        }
        if (statement.batchStatement() != null) {
            return batch(statement.batchStatement());
        }
        if (statement.useStatement() != null) {
            return new ParsedStatement.Use(TermBuilder.ident(statement.useStatement().keyspaceName().ident()));
        }
        if (statement.updateStatement() != null) {
            return new ModificationBuilder(terms).update(statement.updateStatement());
        }
        if (statement.deleteStatement() != null) {
            return new ModificationBuilder(terms).delete(statement.deleteStatement());
        }
        if (statement.truncateStatement() != null) {
            return new ParsedStatement.Truncate(TermBuilder.tableName(statement.truncateStatement().tableName()));
        }
        if (statement.describeStatement() != null) {
            return DescribeBuilder.describe(statement.describeStatement());
        }
        if (statement.roleStatement() != null) {
            return RoleBuilder.statement(statement.roleStatement());
        }
        if (statement.permissionStatement() != null) {
            return PermissionBuilder.statement(statement.permissionStatement());
        }
        if (statement.otherStatement() != null) {
            throw unsupported(statementKind(statement.otherStatement()) + " statements");
        }
        return new DdlBuilder(terms).statement(statement);
    }

    /** @return the leading keywords naming a statement kind, e.g. {@code CREATE INDEX}, {@code ALTER TABLE} */
    private static String statementKind(CqlParser.OtherStatementContext statement) {
        StringBuilder kind = new StringBuilder(statement.getStart().getText().toUpperCase(Locale.ROOT));
        for (int i = 1; i < Math.min(4, statement.getChildCount()); i++) {
            String word = statement.getChild(i).getText().toUpperCase(Locale.ROOT);
            if (!STATEMENT_KIND_WORDS.contains(word)) {
                break;
            }
            kind.append(' ').append(word);
        }
        return kind.toString();
    }

    // ---- SELECT ----

    private ParsedStatement.Select select(CqlParser.SelectStatementContext select) {
        List<Selector> selectors = new ArrayList<>();
        for (CqlParser.SelectorContext selector : select.selectors().selector()) {
            selectors.add(SelectorBuilder.selector(selector, terms));
        }
        List<Selector> groupBy = new ArrayList<>();
        for (CqlParser.UnaliasedSelectorContext group : select.unaliasedSelector()) {
            groupBy.add(SelectorBuilder.unaliased(group, terms));
        }
        List<Relation> where = new ArrayList<>();
        if (select.whereClause() != null) {
            select.whereClause().relation().forEach(r -> relation(r, where));
        }
        List<Ordering> orderings = new ArrayList<>();
        for (CqlParser.OrderingContext ordering : select.ordering()) {
            orderings.add(new Ordering(TermBuilder.cident(ordering.cident()), ordering.K_DESC() != null));
        }
        Term limit = select.limit == null ? null : terms.intValue(select.limit);
        Term perPartitionLimit = select.perPartitionLimit == null ? null : terms.intValue(select.perPartitionLimit);
        return new ParsedStatement.Select(TermBuilder.tableName(select.tableName()), selectors, where, orderings,
                limit, select.K_ALLOW() != null, select.K_DISTINCT() != null, groupBy, perPartitionLimit,
                select.K_JSON() != null);
    }

    /** Adds the relations of a WHERE clause to {@code out}. */
    void relation(CqlParser.RelationContext relation, List<Relation> out) {
        refuseAsCassandraDoes(relation);
        if (relation instanceof CqlParser.NestedRelationContext nested) {
            relation(nested.relation(), out);
        } else if (relation instanceof CqlParser.SimpleRelationContext simple) {
            Relation.Operator operator = operator(simple.relationType());
            out.add(new Relation(TermBuilder.cident(simple.cident()), List.of(), operator,
                    List.of(terms.term(simple.term())), false));
        } else if (relation instanceof CqlParser.InRelationContext in) {
            String column = TermBuilder.cident(in.cident());
            if (in.inValues().marker() != null) {
                out.add(new Relation(column, List.of(), Relation.Operator.IN,
                        List.of(terms.marker(in.inValues().marker())), true));
            } else {
                out.add(new Relation(column, List.of(), Relation.Operator.IN, terms.terms(in.inValues().term()),
                        false));
            }
        } else if (relation instanceof CqlParser.MultiColumnRelationContext multi && multi.K_BETWEEN() == null) {
            out.add(new MultiColumnRelationBuilder(terms).relation(multi, operator(multi.relationType())));
        } else if (relation instanceof CqlParser.TokenRelationContext token) {
            Relation.Operator operator = operator(token.relationType());
            out.add(new Relation(null, TermBuilder.cidents(token.cident()), operator,
                    List.of(terms.term(token.term())), false));
        } else if (relation instanceof CqlParser.ContainsRelationContext contains) {
            Relation.Operator operator = contains.K_KEY() != null ? Relation.Operator.CONTAINS_KEY
                    : Relation.Operator.CONTAINS;
            out.add(new Relation(TermBuilder.cident(contains.cident()), List.of(), operator,
                    List.of(terms.term(contains.term())), false));
        } else if (relation instanceof CqlParser.MapElementRelationContext element) {
            Term key = terms.term(element.term(0));
            Relation.Operator operator = operator(element.relationType());
            out.add(new Relation(TermBuilder.cident(element.cident()), List.of(), operator,
                    List.of(terms.term(element.term(1))), false, key));
        } else {
            throw unsupported(unsupportedRelation(relation));
        }
    }

    /**
     * Relations Cassandra 5.0 parses but never executes without a secondary index, refused with its messages
     * ({@code cql3/Relation.toRestriction}, {@code StatementRestrictions}).
     *
     * @throws CqlException 0x2200 for {@code !=}, {@code IS NOT NULL} and {@code LIKE}
     */
    private static void refuseAsCassandraDoes(CqlParser.RelationContext relation) {
        String text = TermBuilder.text(relation);
        CqlParser.RelationTypeContext type = relation instanceof CqlParser.SimpleRelationContext simple
                ? simple.relationType()
                : relation instanceof CqlParser.TokenRelationContext token ? token.relationType()
                : relation instanceof CqlParser.MapElementRelationContext element ? element.relationType()
                : relation instanceof CqlParser.MultiColumnRelationContext multi ? multi.relationType() : null;
        if (type != null && type.getText().equals("!=")) {
            throw CqlException.invalid("Unsupported \"!=\" relation: " + text);
        }
        if (relation instanceof CqlParser.IsNotNullRelationContext) {
            throw CqlException.invalid("Unsupported restriction: " + text);
        }
        if (relation instanceof CqlParser.LikeRelationContext) {
            throw CqlException.invalid("LIKE restriction is only supported on properly indexed columns. " + text
                    + " is not valid.");
        }
    }

    private static String unsupportedRelation(CqlParser.RelationContext relation) {
        if (relation instanceof CqlParser.NotInRelationContext) {
            return "NOT IN relations";
        }
        if (relation instanceof CqlParser.BetweenRelationContext
                || relation instanceof CqlParser.TokenBetweenRelationContext) {
            return "BETWEEN relations";
        }
        return "BETWEEN relations"; // (c1, c2) BETWEEN (..) AND (..), the one multi-column form not built
    }

    private static Relation.Operator operator(CqlParser.RelationTypeContext type) {
        if (type == null) {
            return Relation.Operator.IN;
        }
        return switch (type.getText()) {
            case "=" -> Relation.Operator.EQ;
            case "<" -> Relation.Operator.LT;
            case "<=" -> Relation.Operator.LTE;
            case ">" -> Relation.Operator.GT;
            case ">=" -> Relation.Operator.GTE;
            default -> throw unsupported("!= relations");
        };
    }

    // ---- INSERT and BATCH ----

    ParsedStatement.Modification insert(CqlParser.InsertStatementContext insert) {
        if (insert.K_JSON() != null && insert.K_IF() != null) {
            throw unsupported("Conditional INSERT JSON (INSERT JSON ... IF NOT EXISTS)");
        }
        Term ttl = null;
        Term timestamp = null;
        if (insert.usingClause() != null) {
            for (CqlParser.UsingOptionContext option : insert.usingClause().usingOption()) {
                if (option instanceof CqlParser.UsingTtlContext usingTtl) {
                    ttl = terms.intValue(usingTtl.intValue());
                } else {
                    timestamp = terms.intValue(((CqlParser.UsingTimestampContext) option).intValue());
                }
            }
        }
        if (insert.K_JSON() != null) {
            Term json = insert.marker() != null ? terms.marker(insert.marker())
                    : new Term.Literal(Term.LiteralKind.STRING, TermBuilder.stringContent(
                            insert.STRING_LITERAL().getText()));
            return new ParsedStatement.InsertJson(TermBuilder.tableName(insert.tableName()), json,
                    insert.K_UNSET() != null, ttl, timestamp);
        }
        return new ParsedStatement.Insert(TermBuilder.tableName(insert.tableName()),
                TermBuilder.cidents(insert.cident()), terms.terms(insert.term()), ttl, timestamp,
                insert.K_IF() != null);
    }

    private ParsedStatement.Batch batch(CqlParser.BatchStatementContext batch) {
        BatchType type = batch.K_COUNTER() != null ? BatchType.COUNTER
                : batch.K_UNLOGGED() != null ? BatchType.UNLOGGED : BatchType.LOGGED;
        Term timestamp = null;
        if (batch.usingClause() != null) {
            for (CqlParser.UsingOptionContext option : batch.usingClause().usingOption()) {
                if (option instanceof CqlParser.UsingTtlContext) {
                    throw CqlException.invalid("Global TTL on the BATCH statement is not supported.");
                }
                timestamp = terms.intValue(((CqlParser.UsingTimestampContext) option).intValue());
            }
        }
        List<ParsedStatement.Modification> children = new ArrayList<>();
        ModificationBuilder modifications = new ModificationBuilder(terms);
        for (CqlParser.BatchChildContext child : batch.batchChild()) {
            if (child.updateStatement() != null) {
                children.add(modifications.update(child.updateStatement()));
            } else if (child.deleteStatement() != null) {
                children.add(modifications.delete(child.deleteStatement()));
            } else {
                children.add(insert(child.insertStatement()));
            }
        }
        return new ParsedStatement.Batch(type, timestamp, children);
    }
}
