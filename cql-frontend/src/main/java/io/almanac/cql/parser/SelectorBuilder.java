package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@link Selector}s from the selectors of a SELECT clause and of GROUP BY: columns, {@code token()},
 * {@code writetime()}, {@code ttl()}, {@code count(*)}, function calls (nested), {@code CAST}, tuples
 * {@code (a, b)} and constants as function arguments.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class SelectorBuilder {

    private SelectorBuilder() {
    }

    /** @return the selector with its {@code AS} alias */
    static Selector selector(CqlParser.SelectorContext selector) {
        String alias = selector.noncolIdent() == null ? null : TermBuilder.ident(selector.noncolIdent().ident());
        return unaliased(selector.unaliasedSelector()).withAlias(alias);
    }

    /** @return a selector without alias (GROUP BY items, function arguments) */
    static Selector unaliased(CqlParser.UnaliasedSelectorContext unaliased) {
        if (!unaliased.arithmeticOperator().isEmpty()) {
            throw unsupported("Arithmetic operations in selectors");
        }
        return term(unaliased.selectorTerm(0));
    }

    private static Selector term(CqlParser.SelectorTermContext term) {
        if (term instanceof CqlParser.ColumnSelectorContext column) {
            Selector selected = new Selector(Selector.Kind.COLUMN, List.of(TermBuilder.cident(column.cident())), null);
            for (CqlParser.SelectorModifierContext modifier : column.selectorModifier()) {
                if (modifier.ident() == null) {
                    throw unsupported("Element selections");
                }
                selected = Selector.field(selected, TermBuilder.ident(modifier.ident()));
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
            return function(function);
        }
        if (term instanceof CqlParser.CountStarSelectorContext) {
            return new Selector(Selector.Kind.COUNT_ROWS, List.of(), null);
        }
        if (term instanceof CqlParser.CastSelectorContext cast) {
            String type = cast.nativeType().getText().toLowerCase(Locale.ROOT);
            return new Selector(Selector.Kind.CAST, List.of(), null, type, List.of(unaliased(cast.unaliasedSelector())),
                    null);
        }
        if (term instanceof CqlParser.LiteralSelectorContext literal) {
            if (literal.constant() == null) {
                throw unsupported("null and bind markers in selectors");
            }
            return new Selector(Selector.Kind.LITERAL, List.of(), null, null, List.of(),
                    TermBuilder.constant(literal.constant()));
        }
        if (term instanceof CqlParser.NegatedSelectorContext) {
            throw unsupported("Arithmetic operations in selectors");
        }
        if (term instanceof CqlParser.TupleSelectorContext tuple) {
            return tuple(tuple);
        }
        throw unsupported("Collection selectors");
    }

    /** {@code (a, b)} is a tuple; {@code (a)} is {@code a} in parentheses (Cassandra's WithTuple.Raw.fromList). */
    private static Selector tuple(CqlParser.TupleSelectorContext tuple) {
        List<Selector> components = new ArrayList<>();
        tuple.unaliasedSelector().forEach(component -> components.add(unaliased(component)));
        return components.size() == 1 ? components.get(0) : Selector.tuple(components);
    }

    private static Selector function(CqlParser.FunctionSelectorContext function) {
        String name = TermBuilder.functionName(function.functionName());
        if (name.equals("token") || name.equals("system.token")) {
            return token(function);
        }
        List<Selector> arguments = new ArrayList<>();
        for (CqlParser.UnaliasedSelectorContext argument : function.unaliasedSelector()) {
            arguments.add(unaliased(argument));
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
