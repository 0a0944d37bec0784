package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@link Selector}s from the selectors of a SELECT clause and of GROUP BY: columns, {@code token()},
 * {@code writetime()}, {@code ttl()}, {@code count(*)}, function calls (nested), {@code CAST}, tuples
 * {@code (a, b)}, constants, {@code null} and bind markers as function arguments or under a type hint
 * {@code (int) ?}, UDT fields {@code c.f} and collection elements and slices
 * {@code c[x]}, {@code c[x..y]}.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class SelectorBuilder {

    private SelectorBuilder() {
    }

    /**
     * @param terms the statement's term builder (bind markers in element selections are numbered by it)
     * @return the selector with its {@code AS} alias
     */
    static Selector selector(CqlParser.SelectorContext selector, TermBuilder terms) {
        String alias = selector.noncolIdent() == null ? null : TermBuilder.ident(selector.noncolIdent().ident());
        return unaliased(selector.unaliasedSelector(), terms).withAlias(alias);
    }

    /** @return a selector without alias (GROUP BY items, function arguments) */
    static Selector unaliased(CqlParser.UnaliasedSelectorContext unaliased, TermBuilder terms) {
        if (!unaliased.arithmeticOperator().isEmpty()) {
            throw unsupported("Arithmetic operations in selectors");
        }
        return term(unaliased.selectorTerm(0), terms);
    }

    private static Selector term(CqlParser.SelectorTermContext term, TermBuilder terms) {
        if (term instanceof CqlParser.ColumnSelectorContext column) {
            Selector selected = new Selector(Selector.Kind.COLUMN, List.of(TermBuilder.cident(column.cident())), null);
            for (CqlParser.SelectorModifierContext modifier : column.selectorModifier()) {
                selected = modifier.ident() != null ? Selector.field(selected, TermBuilder.ident(modifier.ident()))
                        : subSelection(selected, modifier, terms);
            }
            return selected;
        }
        if (term instanceof CqlParser.WritetimeOrTtlSelectorContext function) {
            if (function.K_MAXWRITETIME() != null) {
                throw unsupported("maxwritetime()");
            }
            if (!function.selectorModifier().isEmpty()) {
                throw unsupported("writetime() and ttl() of collection elements and fields");
            }
            Selector.Kind kind = function.K_TTL() != null ? Selector.Kind.TTL : Selector.Kind.WRITETIME;
            return new Selector(kind, List.of(TermBuilder.cident(function.cident())), null);
        }
        if (term instanceof CqlParser.FunctionSelectorContext function) {
            return function(function, terms);
        }
        if (term instanceof CqlParser.CountStarSelectorContext) {
            return new Selector(Selector.Kind.COUNT_ROWS, List.of(), null);
        }
        if (term instanceof CqlParser.CastSelectorContext cast) {
            String type = cast.nativeType().getText().toLowerCase(Locale.ROOT);
            return new Selector(Selector.Kind.CAST, List.of(), null, type,
                    List.of(unaliased(cast.unaliasedSelector(), terms)), null);
        }
        if (term instanceof CqlParser.LiteralSelectorContext literal) {
            Term value = literal.constant() != null ? TermBuilder.constant(literal.constant())
                    : literal.marker() != null ? terms.marker(literal.marker()) : Term.Null.INSTANCE;
            return new Selector(Selector.Kind.LITERAL, List.of(), null, null, List.of(), value);
        }
        if (term instanceof CqlParser.TypeHintSelectorContext hint) {
            // Cassandra's Selectable.WithTypeHint; here over constants, null and bind markers
            Selector hinted = term(hint.selectorTerm(), terms);
            if (hinted.kind() != Selector.Kind.LITERAL) {
                throw unsupported("Type hints on selectors other than constants and bind markers");
            }
            return new Selector(Selector.Kind.LITERAL, List.of(), null, null, List.of(),
                    new Term.TypeHint(TermBuilder.type(hint.comparatorType()), hinted.literal()));
        }
        if (term instanceof CqlParser.NegatedSelectorContext) {
            throw unsupported("Arithmetic operations in selectors");
        }
        if (term instanceof CqlParser.TupleSelectorContext tuple) {
            return tuple(tuple, terms);
        }
        throw unsupported("Collection selectors");
    }

    /**
     * {@code c[x]} or {@code c[x..y]}, {@code c[x..]}, {@code c[..y]} (Cassandra 4.0's {@code collectionSubSelection}):
     * an element or a slice of the collection {@code selected} gives.
     *
     * @throws CqlException 0x2000 for {@code c[]} and {@code c[..]}, which Cassandra's grammar refuses
     */
    private static Selector subSelection(Selector selected, CqlParser.SelectorModifierContext modifier,
                                         TermBuilder terms) {
        int range = -1;
        for (int i = 0; i < modifier.getChildCount(); i++) {
            if (modifier.getChild(i).getText().equals("..")) {
                range = i;
            }
        }
        if (modifier.term().isEmpty()) {
            throw CqlException.syntax("line " + modifier.getStart().getLine() + ":"
                    + modifier.getStop().getCharPositionInLine() + " no viable alternative at input '"
                    + modifier.getStop().getText() + "'");
        }
        if (range < 0) {
            return Selector.element(selected, terms.term(modifier.term(0)));
        }
        Term from = null;
        Term to = null;
        for (CqlParser.TermContext bound : modifier.term()) {
            boolean before = bound.getStart().getTokenIndex() < modifier.getChild(range).getSourceInterval().a;
            if (before) {
                from = terms.term(bound);
            } else {
                to = terms.term(bound);
            }
        }
        return Selector.slice(selected, from, to);
    }

    /** {@code (a, b)} is a tuple; {@code (a)} is {@code a} in parentheses (Cassandra's WithTuple.Raw.fromList). */
    private static Selector tuple(CqlParser.TupleSelectorContext tuple, TermBuilder terms) {
        List<Selector> components = new ArrayList<>();
        tuple.unaliasedSelector().forEach(component -> components.add(unaliased(component, terms)));
        return components.size() == 1 ? components.get(0) : Selector.tuple(components);
    }

    private static Selector function(CqlParser.FunctionSelectorContext function, TermBuilder terms) {
        String name = TermBuilder.functionName(function.functionName());
        if (name.equals("token") || name.equals("system.token")) {
            return token(function);
        }
        List<Selector> arguments = new ArrayList<>();
        for (CqlParser.UnaliasedSelectorContext argument : function.unaliasedSelector()) {
            arguments.add(unaliased(argument, terms));
        }
        return Selector.call(name, arguments, null);
    }

    private static Selector token(CqlParser.FunctionSelectorContext function) {
        List<String> columns = new ArrayList<>();
        for (CqlParser.UnaliasedSelectorContext argument : function.unaliasedSelector()) {
            if (!argument.arithmeticOperator().isEmpty()
                    || !(argument.selectorTerm(0) instanceof CqlParser.ColumnSelectorContext column)
                    || !column.selectorModifier().isEmpty()) {
                throw unsupported("token() of anything but partition key columns");
            }
            columns.add(TermBuilder.cident(column.cident()));
        }
        if (columns.isEmpty()) {
            throw CqlException.invalid("Invalid number of arguments in call to function system.token: "
                    + "at least 1 required but 0 provided");
        }
        return new Selector(Selector.Kind.TOKEN, columns, null);
    }
}
