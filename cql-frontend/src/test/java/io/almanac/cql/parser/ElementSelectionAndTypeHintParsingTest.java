package io.almanac.cql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parse of element and slice selections ({@code c[x]}, {@code c[x..y]}) and of type hints ({@code (int) ?}). */
class ElementSelectionAndTypeHintParsingTest {

    @Test
    void elementAndSliceSelectorsKeepTheirTermsAndNames() {
        ParsedQuery query = StatementParser.parse("SELECT m['a'], s[2..5], s[..?], u.m[?]['x'], m[:k..] FROM t"
                + " WHERE k = ?");
        List<Selector> selectors = ((ParsedStatement.Select) query.statement()).selectors();

        assertThat(selectors).extracting(Selector::kind).containsExactly(Selector.Kind.ELEMENT, Selector.Kind.SLICE,
                Selector.Kind.SLICE, Selector.Kind.ELEMENT, Selector.Kind.SLICE);
        assertThat(selectors).extracting(Selector::defaultName).containsExactly("m['a']", "s[2..5]", "s[..?]",
                "u.m[?]['x']", "m[:k..]");
        assertThat(selectors.get(1).arguments().get(1).literal()).isEqualTo(new Term.Literal(Term.LiteralKind.INTEGER,
                "2"));
        assertThat(selectors.get(2).arguments().get(1).literal()).as("no lower bound").isNull();
        assertThat(selectors.get(2).arguments().get(2).literal()).isEqualTo(new Term.BindMarker(0, null));
        assertThat(selectors.get(3).arguments().get(0).literal()).isEqualTo(new Term.BindMarker(1, null));
        assertThat(selectors.get(4).arguments().get(1).literal()).isEqualTo(new Term.BindMarker(2, "k"));
        assertThat(query.bindMarkerCount()).isEqualTo(4);
    }

    @Test
    void emptySubSelectionsAreSyntaxErrors() {
        for (String query : List.of("SELECT m[] FROM t", "SELECT m[..] FROM t")) {
            assertThatThrownBy(() -> StatementParser.parse(query)).isInstanceOf(CqlException.class)
                    .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
        }
    }

    @Test
    void floatsStillLexAsFloats() {
        ParsedStatement.Insert insert = (ParsedStatement.Insert) StatementParser.parse(
                "INSERT INTO t (k, f, g) VALUES (1, 2.5, 3.)").statement();
        assertThat(insert.values()).containsExactly(new Term.Literal(Term.LiteralKind.INTEGER, "1"),
                new Term.Literal(Term.LiteralKind.FLOAT, "2.5"), new Term.Literal(Term.LiteralKind.FLOAT, "3."));
    }

    @Test
    void typeHintsWrapTheirTerm() {
        ParsedStatement.Insert insert = (ParsedStatement.Insert) StatementParser.parse(
                "INSERT INTO t (k, v, l) VALUES ((int) ?, (text) 'a', (frozen<list<int>>) [1])").statement();

        assertThat(insert.values()).containsExactly(new Term.TypeHint(NativeType.INT, new Term.BindMarker(0, null)),
                new Term.TypeHint(NativeType.TEXT, new Term.Literal(Term.LiteralKind.STRING, "a")),
                new Term.TypeHint(CollectionType.list(NativeType.INT, true),
                        new Term.ListLiteral(List.of(new Term.Literal(Term.LiteralKind.INTEGER, "1")))));
        assertThat(insert.values().get(0)).hasToString("(int)?");
        Selector hinted = ((ParsedStatement.Select) StatementParser.parse("SELECT (int) ? FROM t").statement())
                .selectors().get(0);
        assertThat(hinted.kind()).isEqualTo(Selector.Kind.LITERAL);
        assertThat(hinted.defaultName()).isEqualTo("(int)?");
    }
}
