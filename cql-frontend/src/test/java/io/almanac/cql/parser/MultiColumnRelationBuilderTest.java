package io.almanac.cql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import org.junit.jupiter.api.Test;

/** The shapes of multi-column relations the parser builds: written-out tuples, whole-tuple markers, IN lists. */
class MultiColumnRelationBuilderTest {

    @Test
    void comparisonsTakeOneTuple() {
        Relation slice = where("SELECT * FROM t WHERE k = 0 AND (a, b) >= (1, ?)");
        assertThat(slice.isMultiColumn()).isTrue();
        assertThat(slice.tupleColumns()).containsExactly("a", "b");
        assertThat(slice.operator()).isEqualTo(Relation.Operator.GTE);
        assertThat(slice.tuples()).hasSize(1);
        assertThat(slice.tuples().get(0).elements()).hasSize(2);
        assertThat(slice).hasToString("(a, b) >= (1, ?)");

        Relation whole = where("SELECT * FROM t WHERE k = 0 AND (a, b) = ?");
        assertThat(whole.tuples().get(0).marker()).isEqualTo(new Term.BindMarker(0, null));
        assertThat(where("SELECT * FROM t WHERE k = 0 AND (a) < (1)").tuples().get(0).elements()).hasSize(1);
    }

    @Test
    void inTakesTuplesMarkersOrOneListMarker() {
        Relation listed = where("SELECT * FROM t WHERE k = 0 AND (a, b) IN ((1, 2), ?, (3, :x))");
        assertThat(listed.tuples()).extracting(Object::toString).containsExactly("(1, 2)", "?", "(3, :x)");
        assertThat(listed.wholeInMarker()).isFalse();
        assertThat(where("SELECT * FROM t WHERE k = 0 AND (a) IN ((1), (2))").tuples()).hasSize(2);
        assertThat(where("SELECT * FROM t WHERE k = 0 AND (a, b) IN ()").tuples()).isEmpty();

        Relation marker = where("SELECT * FROM t WHERE k = 0 AND (a, b) IN ?");
        assertThat(marker.wholeInMarker()).isTrue();
        assertThat(marker.values()).containsExactly(new Term.BindMarker(0, null));
        assertThat(marker).hasToString("(a, b) IN ?");
    }

    @Test
    void inWithoutTuplesIsASyntaxError() {
        assertThatThrownBy(() -> StatementParser.parse("SELECT * FROM t WHERE k = 0 AND (a, b) IN (1, 2)"))
                .isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
    }

    private static Relation where(String query) {
        ParsedStatement.Select select = (ParsedStatement.Select) StatementParser.parse(query).statement();
        return select.where().get(1);
    }
}
