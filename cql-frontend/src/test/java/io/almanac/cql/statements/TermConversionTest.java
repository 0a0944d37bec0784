package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.parser.Term;
import io.almanac.cql.parser.Term.LiteralKind;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Literal conversion ({@link Literals}), term preparation ({@link TermPreparer}) and bind value checks. */
class TermConversionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-31|2024-01-31T00:00:00Z",
        "2024-01-31 12:34|2024-01-31T12:34:00Z",
        "2024-01-31T12:34:56|2024-01-31T12:34:56Z",
        "2024-01-31 12:34:56.789|2024-01-31T12:34:56.789Z",
        "2024-01-31T12:34:56.7891234Z|2024-01-31T12:34:56.789Z",
        "2024-01-31 12:34:56+0200|2024-01-31T10:34:56Z",
        "2024-01-31T12:34:56-05:30|2024-01-31T18:04:56Z",
        "2024-01-31 12:34:56 UTC|2024-01-31T12:34:56Z",
        "1700000000123|2023-11-14T22:13:20.123Z"})
    void timestampStrings(String text, String expected) {
        byte[] value = literal(LiteralKind.STRING, text, NativeType.TIMESTAMP);

        assertThat(NativeType.TIMESTAMP.decode(value)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timestampIntegersAreMilliseconds() {
        assertThat(ByteBuffer.wrap(literal(LiteralKind.INTEGER, "-5", NativeType.TIMESTAMP)).getLong()).isEqualTo(-5);
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "yesterday", NativeType.TIMESTAMP))
                .hasMessage("Unable to parse a date/time from 'yesterday'");
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "2024-13-01", NativeType.TIMESTAMP))
                .hasMessage("Unable to parse a date/time from '2024-13-01'");
    }

    @Test
    void datesAndTimes() {
        assertThat(NativeType.DATE.decode(literal(LiteralKind.STRING, "1970-01-01", NativeType.DATE)))
                .isEqualTo(LocalDate.EPOCH);
        assertThat(NativeType.DATE.decode(literal(LiteralKind.INTEGER, "2147483648", NativeType.DATE)))
                .isEqualTo(LocalDate.EPOCH);
        assertThat(NativeType.DATE.decode(literal(LiteralKind.STRING, "1900-02-28", NativeType.DATE)))
                .isEqualTo(LocalDate.of(1900, 2, 28));
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "2024-02-30", NativeType.DATE))
                .hasMessage("Unable to coerce '2024-02-30' to a formatted date (long)");
        assertThat(NativeType.TIME.decode(literal(LiteralKind.STRING, "00:00:01.5", NativeType.TIME)))
                .isEqualTo(1_500_000_000L);
        assertThat(NativeType.TIME.decode(literal(LiteralKind.INTEGER, "42", NativeType.TIME))).isEqualTo(42L);
        assertThatThrownBy(() -> literal(LiteralKind.INTEGER, "86400000000000", NativeType.TIME))
                .hasMessage("Input long out of bounds: 86400000000000");
    }

    @Test
    void numbers() {
        assertThat(NativeType.TINYINT.decode(literal(LiteralKind.INTEGER, "-128", NativeType.TINYINT)))
                .isEqualTo((byte) -128);
        assertThatThrownBy(() -> literal(LiteralKind.INTEGER, "128", NativeType.TINYINT))
                .hasMessage("Unable to make byte from '128'");
        assertThatThrownBy(() -> literal(LiteralKind.INTEGER, "40000", NativeType.SMALLINT))
                .hasMessage("Unable to make short from '40000'");
        assertThat(NativeType.DOUBLE.decode(literal(LiteralKind.INTEGER, "3", NativeType.DOUBLE))).isEqualTo(3.0);
        assertThat((Double) NativeType.DOUBLE.decode(literal(LiteralKind.FLOAT, "NaN", NativeType.DOUBLE))).isNaN();
        assertThat(NativeType.FLOAT.decode(literal(LiteralKind.FLOAT, "-Infinity", NativeType.FLOAT)))
                .isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(NativeType.DECIMAL.decode(literal(LiteralKind.FLOAT, "-0.001", NativeType.DECIMAL)))
                .isEqualTo(new BigDecimal("-0.001"));
        assertThatThrownBy(() -> literal(LiteralKind.FLOAT, "NaN", NativeType.DECIMAL))
                .hasMessage("Unable to make BigDecimal from 'NaN'");
        assertThat(NativeType.COUNTER.decode(literal(LiteralKind.INTEGER, "9", NativeType.COUNTER))).isEqualTo(9L);
    }

    @Test
    void literalKindsMustFitTheType() {
        assertThatThrownBy(() -> literal(LiteralKind.INTEGER, "1", NativeType.TEXT))
                .isInstanceOf(CqlException.class).hasMessage("Invalid INTEGER constant (1) for \"c\" of type text");
        assertThatThrownBy(() -> literal(LiteralKind.FLOAT, "1.5", NativeType.INT))
                .hasMessage("Invalid FLOAT constant (1.5) for \"c\" of type int");
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "cafe", NativeType.BLOB))
                .hasMessage("Invalid STRING constant (cafe) for \"c\" of type blob");
        assertThatThrownBy(() -> literal(LiteralKind.BOOLEAN, "true", NativeType.INT))
                .hasMessage("Invalid BOOLEAN constant (true) for \"c\" of type int");
        assertThatThrownBy(() -> literal(LiteralKind.INTEGER, "1", CollectionType.list(NativeType.INT, false)))
                .hasMessage("Invalid INTEGER constant (1) for \"c\" of type list<int>");
    }

    @Test
    void uuidsBlobsAndInets() {
        assertThatThrownBy(() -> literal(LiteralKind.UUID, "123e4567-e89b-42d3-a456-426614174000",
                NativeType.TIMEUUID)).hasMessage("Unsupported UUID version for timeuuid: must be a type 1 UUID");
        assertThat(literal(LiteralKind.HEX, "0x", NativeType.BLOB)).isEmpty();
        assertThatThrownBy(() -> literal(LiteralKind.HEX, "0xabc", NativeType.BLOB))
                .hasMessage("cannot parse 'abc' as hex bytes");
        assertThat(literal(LiteralKind.STRING, "::1", NativeType.INET)).hasSize(16);
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "example.com", NativeType.INET))
                .hasMessage("Unable to make inet address from 'example.com'");
        assertThatThrownBy(() -> literal(LiteralKind.STRING, "caf\u00e9", NativeType.ASCII))
                .hasMessageStartingWith("Invalid ASCII character in string literal");
        assertThat(literal(LiteralKind.DURATION, "1h", NativeType.DURATION)).containsExactly(0x00, 0x00,
                0xfc, 0x06, 0x8c, 0x61, 0x71, 0x40, 0x00);
        assertThat(literal(LiteralKind.DURATION, "-1mo2d", NativeType.DURATION)).containsExactly(0x01, 0x03, 0x00);
        assertThatThrownBy(() -> literal(LiteralKind.DURATION, "1x", NativeType.DURATION))
                .hasMessage("Unable to convert '1x' to a duration");
    }

    @Test
    void collectionLiteralsAreSortedAndDeduplicated() {
        CollectionType set = CollectionType.set(NativeType.INT, false);
        CollectionType map = CollectionType.map(NativeType.TEXT, NativeType.INT, true);

        byte[] setValue = prepare(new Term.SetLiteral(List.of(integer("3"), integer("1"), integer("3"))), set);
        byte[] mapValue = prepare(new Term.MapLiteral(List.of(string("b"), string("a"), string("b")),
                List.of(integer("1"), integer("2"), integer("3"))), map);
        byte[] emptyMap = prepare(new Term.SetLiteral(List.of()), map);

        assertThat(set.split(setValue)).extracting(b -> ByteBuffer.wrap(b).getInt()).containsExactly(1, 3);
        assertThat(map.decode(mapValue)).isEqualTo(Map.of("a", 2, "b", 3));
        assertThat(map.decode(emptyMap)).isEqualTo(Map.of());
        assertThatThrownBy(() -> prepare(new Term.ListLiteral(List.of(integer("1"))), set))
                .hasMessage("Invalid list literal for c of type set<int>");
        assertThatThrownBy(() -> prepare(new Term.ListLiteral(List.of(Term.Null.INSTANCE)),
                CollectionType.list(NativeType.INT, false))).hasMessage("null is not supported inside collections");
    }

    @Test
    void markersInsideCollectionsAreNamedAfterTheColumn() {
        BindVariables variables = new BindVariables(2);
        PreparedTerm term = TermPreparer.prepare(new Term.MapLiteral(List.of(new Term.BindMarker(0, null)),
                List.of(new Term.BindMarker(1, null))), receiver(CollectionType.map(NativeType.TEXT, NativeType.INT,
                false)), variables, null);

        assertThat(variables.specs()).extracting(ColumnSpec::name).containsExactly("key(c)", "value(c)");
        byte[] bound = term.bind(List.of(NativeType.TEXT.encode("k"), NativeType.INT.encode(5)));
        assertThat(CollectionType.map(NativeType.TEXT, NativeType.INT, false).decode(bound)).isEqualTo(Map.of("k", 5));
        assertThatThrownBy(() -> term.bind(Arrays.asList(NativeType.TEXT.encode("k"), null)))
                .hasMessage("null is not supported inside collections");
    }

    @Test
    void tupleLiteralsMayOmitTrailingComponentsAndNameTheirMarkersByIndex() {
        TupleType tuple = new TupleType(List.of(NativeType.INT, NativeType.TEXT, CollectionType.set(NativeType.INT,
                true)));
        byte[] short1 = prepare(new Term.TupleLiteral(List.of(integer("1"))), tuple);
        assertThat(tuple.split(short1)).hasSize(1);
        assertThat(tuple.decode(short1)).isEqualTo(Arrays.asList(1, null, null));
        byte[] nested = prepare(new Term.TupleLiteral(List.of(Term.Null.INSTANCE, string("a"),
                new Term.SetLiteral(List.of(integer("2"), integer("1"))))), tuple);
        assertThat(tuple.toCqlLiteral(nested)).isEqualTo("(null, 'a', {1, 2})");

        BindVariables variables = new BindVariables(2);
        PreparedTerm term = TermPreparer.prepare(new Term.TupleLiteral(List.of(new Term.BindMarker(0, null),
                new Term.BindMarker(1, null))), receiver(tuple), variables, null);
        assertThat(variables.specs()).extracting(ColumnSpec::name).containsExactly("c[0]", "c[1]");
        assertThat(variables.specs()).extracting(ColumnSpec::type).containsExactly(NativeType.INT, NativeType.TEXT);
        assertThat(tuple.decode(term.bind(Arrays.asList(NativeType.INT.encode(7), null))))
                .isEqualTo(Arrays.asList(7, null, null));
        assertThatThrownBy(() -> term.bind(List.of(NativeType.INT.encode(7), QueryOptions.UNSET)))
                .hasMessage("Invalid unset value for tuple field number 1");
        assertThatThrownBy(() -> term.bind(List.of(new byte[3], NativeType.TEXT.encode("x"))))
                .hasMessage("Expected 4 or 0 byte int (3)");
    }

    @Test
    void tupleLiteralsGetCassandrasErrorsAndMultiColumnSpecs() {
        TupleType pair = new TupleType(List.of(NativeType.INT, NativeType.TEXT));
        assertThatThrownBy(() -> prepare(new Term.TupleLiteral(List.of(integer("1"), string("a"), integer("2"))),
                pair)).hasMessage("Invalid tuple literal for c: too many elements. Type frozen<tuple<int, text>>"
                        + " expects 2 but got 3");
        assertThatThrownBy(() -> prepare(new Term.TupleLiteral(List.of(integer("1"), integer("2"))), pair))
                .hasMessage("Invalid tuple literal for c: component 1 is not of type text");
        assertThatThrownBy(() -> prepare(new Term.TupleLiteral(List.of(integer("1"))), NativeType.INT))
                .hasMessage("Invalid tuple type literal for c of type int");
        assertThatThrownBy(() -> prepare(integer("1"), pair))
                .hasMessage("Invalid INTEGER constant (1) for \"c\" of type frozen<tuple<int, text>>");

        ColumnSpec spec = TermPreparer.tupleSpec(List.of(new ColumnSpec("ks", "t", "c1", NativeType.INT),
                new ColumnSpec("ks", "t", "c2", NativeType.TEXT)));
        assertThat(spec.name()).isEqualTo("(c1,c2)");
        assertThat(spec.type()).isEqualTo(pair);
        assertThat(TermPreparer.componentSpec(spec, 1)).isEqualTo(new ColumnSpec("ks", "t", "(c1,c2)[1]",
                NativeType.TEXT));
    }

    @Test
    void boundValuesAreValidatedWithCassandrasMessages() {
        assertBindError(NativeType.INT, new byte[3], "Expected 4 or 0 byte int (3)");
        assertBindError(NativeType.BIGINT, new byte[4], "Expected 8 or 0 byte long (4)");
        assertBindError(NativeType.SMALLINT, new byte[1], "Expected 2 bytes for a smallint (1)");
        assertBindError(NativeType.TINYINT, new byte[2], "Expected 1 byte for a tinyint (2)");
        assertBindError(NativeType.DOUBLE, new byte[4], "Expected 8 or 0 byte value for a double (4)");
        assertBindError(NativeType.FLOAT, new byte[8], "Expected 4 or 0 byte value for a float (8)");
        assertBindError(NativeType.UUID, new byte[15], "UUID should be 16 or 0 bytes (15)");
        assertBindError(NativeType.TEXT, new byte[] {(byte) 0xff}, "String didn't validate.");
        assertBindError(NativeType.TIMEUUID, NativeType.UUID.encode(java.util.UUID.randomUUID()),
                "Invalid version for TimeUUID type.");
        PreparedTerm.Marker marker = new PreparedTerm.Marker(0, receiver(NativeType.INT));
        assertThat(marker.bind(Arrays.asList((byte[]) null))).isNull();
        assertThat(marker.bind(List.of(QueryOptions.UNSET))).isSameAs(QueryOptions.UNSET);
        assertThat(marker.bind(List.of(new byte[0]))).isEmpty();
    }

    private static void assertBindError(CqlType type, byte[] value, String message) {
        PreparedTerm.Marker marker = new PreparedTerm.Marker(0, receiver(type));
        assertThatThrownBy(() -> marker.bind(List.of(value))).isInstanceOf(CqlException.class).hasMessage(message);
    }

    private static byte[] literal(LiteralKind kind, String text, CqlType type) {
        return Literals.serialize(new Term.Literal(kind, text), receiver(type));
    }

    private static byte[] prepare(Term term, CqlType type) {
        return TermPreparer.prepare(term, receiver(type), new BindVariables(0), null).bind(List.of());
    }

    private static ColumnSpec receiver(CqlType type) {
        return new ColumnSpec("ks", "t", "c", type);
    }

    private static Term.Literal integer(String text) {
        return new Term.Literal(LiteralKind.INTEGER, text);
    }

    private static Term.Literal string(String text) {
        return new Term.Literal(LiteralKind.STRING, text);
    }
}
