package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Builds names, terms, bind markers and types from parse-tree nodes (the leaf half of the AST builder).
 *
 * <p>Bind markers are numbered in textual order over the whole statement, whatever order the builder visits them
 * in, as Cassandra numbers them.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class TermBuilder {

    private final Map<CqlParser.MarkerContext, Integer> markerIndexes = new IdentityHashMap<>();

    /** @param root the parsed statement, walked once to number its bind markers */
    TermBuilder(ParseTree root) {
        numberMarkers(root);
    }

    /** @return the number of bind markers in the statement */
    int markerCount() {
        return markerIndexes.size();
    }

    private void numberMarkers(ParseTree node) {
        if (node instanceof CqlParser.MarkerContext marker) {
            markerIndexes.put(marker, markerIndexes.size());
            return;
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            numberMarkers(node.getChild(i));
        }
    }

    /** @return a "not supported yet" error (0x2200) naming the feature */
    static CqlException unsupported(String feature) {
        int parenthesis = feature.indexOf('(');
        String head = (parenthesis > 0 ? feature.substring(0, parenthesis) : feature).trim();
        return CqlException.invalid(feature + " " + (head.endsWith("s") ? "are" : "is") + " not supported yet");
    }

    // ---- names ----

    static String ident(CqlParser.IdentContext ident) {
        if (ident.QUOTED_NAME() != null) {
            return unquote(ident.QUOTED_NAME().getText(), '"');
        }
        return ident.getText().toLowerCase(Locale.ROOT);
    }

    static String nonTypeIdent(CqlParser.NonTypeIdentContext ident) {
        if (ident.QUOTED_NAME() != null) {
            return unquote(ident.QUOTED_NAME().getText(), '"');
        }
        return ident.getText().toLowerCase(Locale.ROOT);
    }

    static String cident(CqlParser.CidentContext cident) {
        return cident.EMPTY_QUOTED_NAME() != null ? "" : ident(cident.ident());
    }

    static List<String> cidents(List<CqlParser.CidentContext> cidents) {
        List<String> names = new ArrayList<>(cidents.size());
        cidents.forEach(c -> names.add(cident(c)));
        return names;
    }

    static QualifiedName tableName(CqlParser.TableNameContext name) {
        String keyspace = name.keyspaceName() == null ? null : ident(name.keyspaceName().ident());
        return new QualifiedName(keyspace, ident(name.ident()));
    }

    /** @return the function name as Cassandra resolves it: {@code [keyspace.]name}, unquoted parts lower-cased */
    static String functionName(CqlParser.FunctionNameContext name) {
        CqlParser.AllowedFunctionNameContext function = name.allowedFunctionName();
        String simple = function.QUOTED_NAME() != null ? unquote(function.QUOTED_NAME().getText(), '"')
                : function.getText().toLowerCase(Locale.ROOT);
        return name.keyspaceName() == null ? simple : ident(name.keyspaceName().ident()) + "." + simple;
    }

    /** Strips the surrounding quotes of a quoted identifier or string and resolves doubled quotes. */
    static String unquote(String text, char quote) {
        String inner = text.substring(1, text.length() - 1);
        String doubled = String.valueOf(quote) + quote;
        return inner.replace(doubled, String.valueOf(quote));
    }

    // ---- terms ----

    Term term(CqlParser.TermContext term) {
        if (!term.arithmeticOperator().isEmpty()) {
            throw unsupported("Arithmetic operations on terms");
        }
        CqlParser.TermGroupContext group = term.termGroup(0);
        if (group.getChildCount() > 1) {
            throw unsupported("Negation of terms");
        }
        return simpleTerm(group.simpleTerm());
    }

    List<Term> terms(List<CqlParser.TermContext> terms) {
        List<Term> built = new ArrayList<>(terms.size());
        terms.forEach(t -> built.add(term(t)));
        return built;
    }

    private Term simpleTerm(CqlParser.SimpleTermContext term) {
        if (term instanceof CqlParser.ValueTermContext value) {
            return value(value.value());
        }
        if (term instanceof CqlParser.FunctionTermContext function) {
            return new Term.FunctionCall(functionName(function.functionName()), terms(function.term()));
        }
        if (term instanceof CqlParser.TypeCastTermContext hint) {
            return new Term.TypeHint(type(hint.comparatorType()), simpleTerm(hint.simpleTerm()));
        }
        throw unsupported("CAST");
    }

    private Term value(CqlParser.ValueContext value) {
        if (value instanceof CqlParser.ConstantValueContext constant) {
            return constant(constant.constant());
        }
        if (value instanceof CqlParser.NullValueContext) {
            return Term.Null.INSTANCE;
        }
        if (value instanceof CqlParser.MarkerValueContext marker) {
            return marker(marker.marker());
        }
        if (value instanceof CqlParser.ListLiteralContext list) {
            return new Term.ListLiteral(terms(list.term()));
        }
        if (value instanceof CqlParser.SetLiteralContext set) {
            return new Term.SetLiteral(terms(set.term()));
        }
        if (value instanceof CqlParser.EmptyBracesLiteralContext) {
            return new Term.SetLiteral(List.of());
        }
        if (value instanceof CqlParser.MapLiteralContext map) {
            List<Term> all = terms(map.term());
            List<Term> keys = new ArrayList<>();
            List<Term> values = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 2) {
                keys.add(all.get(i));
                values.add(all.get(i + 1));
            }
            return new Term.MapLiteral(keys, values);
        }
        if (value instanceof CqlParser.UserTypeLiteralContext literal) {
            List<String> fields = new ArrayList<>();
            literal.fieldIdent().forEach(f -> fields.add(ident(f.ident())));
            return new Term.UserTypeLiteral(fields, terms(literal.term()));
        }
        if (value instanceof CqlParser.TupleLiteralContext tuple) {
            return new Term.TupleLiteral(terms(tuple.term()));
        }
        throw new IllegalStateException("unknown value form " + value.getClass().getSimpleName());
    }

    Term.BindMarker marker(CqlParser.MarkerContext marker) {
        Integer index = markerIndexes.get(marker);
        if (index == null) {
            throw new IllegalStateException("bind marker outside the numbered statement");
        }
        String name = marker.noncolIdent() == null ? null : ident(marker.noncolIdent().ident());
        return new Term.BindMarker(index, name);
    }

    /** @return the LIMIT / USING value: an integer literal or a bind marker */
    Term intValue(CqlParser.IntValueContext value) {
        if (value.marker() != null) {
            return marker(value.marker());
        }
        return new Term.Literal(Term.LiteralKind.INTEGER, value.INTEGER().getText());
    }

    static Term.Literal constant(CqlParser.ConstantContext constant) {
        if (constant.STRING_LITERAL() != null) {
            return new Term.Literal(Term.LiteralKind.STRING, stringContent(constant.STRING_LITERAL().getText()));
        }
        if (constant.INTEGER() != null) {
            return new Term.Literal(Term.LiteralKind.INTEGER, constant.getText());
        }
        if (constant.FLOAT() != null) {
            return new Term.Literal(Term.LiteralKind.FLOAT, constant.getText());
        }
        if (constant.BOOLEAN() != null) {
            return new Term.Literal(Term.LiteralKind.BOOLEAN, constant.getText().toLowerCase(Locale.ROOT));
        }
        if (constant.DURATION() != null) {
            return new Term.Literal(Term.LiteralKind.DURATION, constant.getText());
        }
        if (constant.UUID() != null) {
            return new Term.Literal(Term.LiteralKind.UUID, constant.getText());
        }
        if (constant.HEXNUMBER() != null) {
            return new Term.Literal(Term.LiteralKind.HEX, constant.getText());
        }
        if (constant.K_INFINITY() != null) {
            return new Term.Literal(Term.LiteralKind.FLOAT, "Infinity");
        }
        if (constant.K_NEGATIVE_INFINITY() != null) {
            return new Term.Literal(Term.LiteralKind.FLOAT, "-Infinity");
        }
        return new Term.Literal(Term.LiteralKind.FLOAT, "NaN");
    }

    /** @return the content of a {@code 'quoted'} (with {@code ''} escapes) or {@code $$dollar$$} string */
    static String stringContent(String token) {
        if (token.startsWith("$$")) {
            return token.substring(2, token.length() - 2);
        }
        return unquote(token, '\'');
    }

    // ---- types ----

    /**
     * @return the type; nested collections must be frozen unless an enclosing collection is
     * @return the type; a user-defined type is a placeholder with no fields (keyspace "" when not given), to be
     *         resolved against the schema
     * @throws CqlException for vector and custom types (not supported yet), counters in tuples and for misuse of
     *         {@code frozen<>}
     */
    static CqlType type(CqlParser.ComparatorTypeContext type) {
        CqlType built = build(type, false);
        checkNesting(built, false);
        return built;
    }

    private static CqlType build(CqlParser.ComparatorTypeContext type, boolean frozen) {
        if (type instanceof CqlParser.NativeComparatorTypeContext nativeType) {
            return CqlTypes.nativeType(nativeType.getText());
        }
        if (type instanceof CqlParser.FrozenTypeContext frozenType) {
            CqlType inner = build(frozenType.comparatorType(), true);
            if (!inner.isCollection() && !(inner instanceof UserType) && !(inner instanceof TupleType)) {
                throw CqlException.invalid("frozen<> is only allowed on collections, tuples, and user-defined types"
                        + " (got " + inner.cqlName() + ")");
            }
            return inner;
        }
        if (type instanceof CqlParser.MapTypeContext map) {
            return CollectionType.map(build(map.comparatorType(0), false), build(map.comparatorType(1), false),
                    frozen);
        }
        if (type instanceof CqlParser.ListTypeContext list) {
            return CollectionType.list(build(list.comparatorType(), false), frozen);
        }
        if (type instanceof CqlParser.SetTypeContext set) {
            return CollectionType.set(build(set.comparatorType(), false), frozen);
        }
        if (type instanceof CqlParser.TupleTypeContext tuple) {
            return tupleType(tuple);
        }
        if (type instanceof CqlParser.VectorTypeContext) {
            throw unsupported("Vector types");
        }
        if (type instanceof CqlParser.UserTypeContext user) {
            // resolved against the schema when the statement runs (UserTypes.resolve)
            String keyspace = user.noncolIdent() == null ? "" : ident(user.noncolIdent().ident());
            return new UserType(keyspace, nonTypeIdent(user.nonTypeIdent()), List.of(), List.of(), frozen);
        }
        throw unsupported("Custom types (" + type.getText() + ")");
    }

    /**
     * {@code tuple<a, b, ...>}: always frozen, its components frozen too (Cassandra's {@code CQL3Type.Raw.RawTuple}).
     *
     * @throws CqlException "Counters are not allowed inside tuples"
     */
    private static TupleType tupleType(CqlParser.TupleTypeContext tuple) {
        List<CqlType> components = new ArrayList<>();
        for (CqlParser.ComparatorTypeContext component : tuple.comparatorType()) {
            CqlType type = build(component, true);
            if (type == NativeType.COUNTER) {
                throw CqlException.invalid("Counters are not allowed inside tuples");
            }
            components.add(type);
        }
        return new TupleType(components);
    }

    /** Cassandra's rule: a collection inside a non-frozen collection must itself be frozen. */
    private static void checkNesting(CqlType type, boolean insideFrozen) {
        if (!(type instanceof CollectionType collection)) {
            return;
        }
        boolean frozen = insideFrozen || collection.frozen();
        List<CqlType> inner = collection.values() == null ? List.of(collection.elements())
                : List.of(collection.elements(), collection.values());
        for (CqlType element : inner) {
            if (!frozen && element instanceof CollectionType nested && !nested.frozen()) {
                throw CqlException.invalid("Non-frozen collections are not allowed inside collections: "
                        + collection.cqlName());
            }
            checkNesting(element, frozen);
        }
    }

    /** @return the source text of a node, for error messages */
    static String text(ParserRuleContext node) {
        return node.getStart().getInputStream().getText(
                org.antlr.v4.runtime.misc.Interval.of(node.getStart().getStartIndex(), node.getStop().getStopIndex()));
    }
}
