package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import io.almanac.storage.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * User-defined types through the JSON mapper, as Cassandra's INSERT JSON takes them ({@code UserType.fromJSONObject}):
 * an object by field name, frozen or not, nested in collections and in other UDTs; unknown fields and bad field
 * values are row errors that name them. Tuples likewise ({@code TupleType.fromJSONObject}): an array with one item
 * per component. Expected bytes come from the storage engine's own {@link UserType#encode},
 * the serialization a CQL {@code {f: v}} literal gets. Both the streaming ({@code map}) and the tree
 * ({@code mapRows}) paths are checked.
 */
class JsonUserTypeMappingTest {

    private static final long START_MICROS = 1_763_700_000_000_000L;

    private static final UserType POINT = new UserType("iot", "point", List.of("lat", "lon"),
            List.of(NativeType.DOUBLE, NativeType.DOUBLE), true);
    /** {@code address (street text, number int, "Zone" text, geo frozen<point>)}: one case-sensitive field. */
    private static final UserType ADDRESS = new UserType("iot", "address", List.of("street", "number", "Zone", "geo"),
            List.of(NativeType.TEXT, NativeType.INT, NativeType.TEXT, POINT), true);

    /** {@code tuple<double, double, text>}: a position fix. */
    private static final TupleType FIX = new TupleType(List.of(NativeType.DOUBLE, NativeType.DOUBLE, NativeType.TEXT));

    private static final TableMetadata SITES = TestTables.table("iot", "sites", 0, List.of(
            TestTables.partitionKey("site", NativeType.TEXT, 0),
            TestTables.regular("addr", ADDRESS),
            TestTables.regular("addr_nf", ADDRESS.withFrozen(false)),
            TestTables.regular("track", CollectionType.list(POINT, false)),
            TestTables.regular("by_name", CollectionType.map(NativeType.TEXT, POINT, false)),
            TestTables.regular("visited", CollectionType.set(POINT, false)),
            TestTables.regular("labels", CollectionType.map(POINT, NativeType.TEXT, false)),
            TestTables.regular("fix", FIX),
            TestTables.regular("fixes", CollectionType.list(FIX, false))));

    @Test
    void aFrozenUdtIsAnObjectByFieldNameAndMissingFieldsAreNull() {
        Row row = mappedBothWays("{\"site\": \"s\", \"addr\": {\"street\": \"Main\", \"number\": 5,"
                + " \"geo\": {\"lat\": 1.5, \"lon\": -2}}}");

        Map<String, Object> expected = new HashMap<>();
        expected.put("street", "Main");
        expected.put("number", 5);
        expected.put("geo", Map.of("lat", 1.5, "lon", -2.0));
        assertThat(row.cells()[SITES.regularIndex("addr")]).isEqualTo(Cell.live(START_MICROS, 0,
                START_MICROS / 1_000_000, ADDRESS.encode(expected)));
        assertThat(ADDRESS.split(row.cells()[SITES.regularIndex("addr")].value())).as("every field is written")
                .hasSize(4);
    }

    @Test
    void aNonFrozenUdtIsWrittenAsTheSameWholeValue() {
        Row row = mappedBothWays("{\"site\": \"s\", \"addr\": {\"street\": \"Main\"},"
                + " \"addr_nf\": {\"street\": \"Main\"}}");
        assertThat(row.cells()[SITES.regularIndex("addr_nf")].value())
                .isEqualTo(row.cells()[SITES.regularIndex("addr")].value())
                .isEqualTo(ADDRESS.encode(Map.of("street", "Main")));
    }

    @Test
    void nullsAndEmptyObjects() {
        Row row = mappedBothWays("{\"site\": \"s\", \"addr\": {\"street\": null, \"geo\": null},"
                + " \"addr_nf\": null}");
        assertThat(row.cells()[SITES.regularIndex("addr")].value()).as("null fields")
                .isEqualTo(UserType.join(Arrays.asList(null, null, null, null)));
        assertThat(row.cells()[SITES.regularIndex("addr_nf")].isTombstone()).as("a null UDT column").isTrue();
        assertThat(mappedBothWays("{\"site\": \"s\", \"addr_nf\": {}}").cells()[SITES.regularIndex("addr_nf")]
                .value()).as("an empty object: every field null, as the CQL literal {} writes")
                .isEqualTo(UserType.join(Arrays.asList(null, null, null, null)));
    }

    @Test
    void fieldNamesFoldAsCassandrasJsonDoes() {
        Row row = mappedBothWays("{\"site\": \"s\", \"addr\": {\"STREET\": \"Main\", \"\\\"Zone\\\"\": \"B\"}}");
        Map<String, Object> expected = new HashMap<>();
        expected.put("street", "Main");
        expected.put("Zone", "B");
        assertThat(row.cells()[SITES.regularIndex("addr")].value()).isEqualTo(ADDRESS.encode(expected));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": {\"Zone\": \"B\"}}")).containsExactly(
                new RowError(0, "addr", RejectReason.INVALID_VALUE,
                        "Unknown field 'zone' in value of user defined type address"));
    }

    @Test
    void aStringHoldingAJsonObjectIsTakenAsCassandraTakesIt() {
        Row row = mappedBothWays("{\"site\": \"s\", \"addr\": \"{\\\"street\\\": \\\"Main\\\"}\"}");
        assertThat(row.cells()[SITES.regularIndex("addr")].value()).isEqualTo(ADDRESS.encode(Map.of("street",
                "Main")));
    }

    @Test
    void udtsNestInListsSetsAndMapsBothAsValuesAndAsKeys() {
        Row row = mappedBothWays("{\"site\": \"s\","
                + " \"track\": [{\"lat\": 2, \"lon\": 0}, {\"lat\": 1, \"lon\": 0}],"
                + " \"visited\": [{\"lat\": 2, \"lon\": 0}, {\"lat\": 1, \"lon\": 0}, {\"lat\": 2, \"lon\": 0}],"
                + " \"by_name\": {\"b\": {\"lat\": 2}, \"a\": {\"lat\": 1}},"
                + " \"labels\": {\"{\\\"lat\\\": 1, \\\"lon\\\": 0}\": \"home\"}}");

        CqlType track = SITES.column("track").type();
        assertThat(row.cells()[SITES.regularIndex("track")].value())
                .isEqualTo(track.encode(List.of(point(2, 0), point(1, 0))));
        assertThat(row.cells()[SITES.regularIndex("visited")].value()).as("sorted, duplicates dropped")
                .isEqualTo(SITES.column("visited").type().encode(new java.util.LinkedHashSet<>(List.of(point(1, 0),
                        point(2, 0)))));
        Map<String, Object> byName = new java.util.LinkedHashMap<>();
        byName.put("a", Map.of("lat", 1.0));
        byName.put("b", Map.of("lat", 2.0));
        assertThat(row.cells()[SITES.regularIndex("by_name")].value())
                .isEqualTo(SITES.column("by_name").type().encode(byName));
        assertThat(row.cells()[SITES.regularIndex("labels")].value())
                .isEqualTo(SITES.column("labels").type().encode(Map.of(point(1, 0), "home")));
    }

    @Test
    void unknownFieldsAndBadFieldValuesAreRowErrorsNamingThem() {
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": {\"street\": \"Main\", \"floor\": 3}}"))
                .containsExactly(new RowError(0, "addr", RejectReason.INVALID_VALUE,
                        "Unknown field 'floor' in value of user defined type address"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": {\"number\": \"five\"}}"))
                .containsExactly(new RowError(0, "addr", RejectReason.INVALID_VALUE,
                        "field 'number': expected an integer, got \"five\""));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": {\"geo\": {\"lat\": true}}}"))
                .containsExactly(new RowError(0, "addr", RejectReason.INVALID_VALUE,
                        "field 'geo': field 'lat': expected a number, got true"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"track\": [{\"lat\": 1}, {\"alt\": 1}]}"))
                .containsExactly(new RowError(0, "track", RejectReason.INVALID_VALUE,
                        "element 1: Unknown field 'alt' in value of user defined type point"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": 5}")).containsExactly(new RowError(0, "addr",
                RejectReason.INVALID_VALUE, "expected a JSON object for frozen<address>, got 5"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr_nf\": [1]}")).containsExactly(new RowError(0,
                "addr_nf", RejectReason.INVALID_VALUE, "expected a JSON object for address, got [1]"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"addr\": \"Main street\"}")).containsExactly(new RowError(0,
                "addr", RejectReason.INVALID_VALUE, "expected a JSON object for frozen<address>, got \"Main street\""));
    }

    @Test
    void aTupleIsAJsonArrayWithOneItemPerComponentAsCassandraTakesIt() {
        Row row = mappedBothWays("{\"site\": \"s\", \"fix\": [1.5, -2, null],"
                + " \"fixes\": [[0, 0, \"gps\"], \"[1, 1, \\\"wifi\\\"]\"]}");
        assertThat(row.cells()[SITES.regularIndex("fix")].value())
                .isEqualTo(FIX.encode(Arrays.asList(1.5, -2.0, null)));
        assertThat(row.cells()[SITES.regularIndex("fixes")].value()).isEqualTo(CollectionType.list(FIX, false)
                .encode(List.of(List.of(0.0, 0.0, "gps"), List.of(1.0, 1.0, "wifi"))));

        assertThat(rejectedBothWays("{\"site\": \"s\", \"fix\": [1.5, -2]}")).containsExactly(new RowError(0,
                "fix", RejectReason.INVALID_VALUE, "Tuple is missing items (expected 3): [1.5,-2]"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"fix\": [1, 2, \"a\", 4]}")).containsExactly(
                new RowError(0, "fix", RejectReason.INVALID_VALUE,
                        "Tuple contains extra items (expected 3): [1,2,\"a\",4]"));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"fix\": [1, \"north\", \"a\"]}")).containsExactly(
                new RowError(0, "fix", RejectReason.INVALID_VALUE,
                        "component 1: expected a number, got \"north\""));
        assertThat(rejectedBothWays("{\"site\": \"s\", \"fix\": {\"lat\": 1}}")).containsExactly(new RowError(0,
                "fix", RejectReason.INVALID_VALUE,
                "expected a JSON array for frozen<tuple<double, double, text>>, got {\"lat\":1}"));
    }

    private static Map<String, Object> point(double lat, double lon) {
        return Map.of("lat", lat, "lon", lon);
    }

    /** @return the single row of the single mutation of the streaming path, after checking the tree path agrees */
    private static Row mappedBothWays(String payload) {
        MappingResult streamed = newMapper().map(SITES, payload.getBytes(StandardCharsets.UTF_8),
                OptionalInt.empty());
        assertThat(streamed).isInstanceOf(MappingResult.Mapped.class);
        assertThat(tree(payload)).usingRecursiveComparison().isEqualTo(streamed);
        List<Mutation> mutations = ((MappingResult.Mapped) streamed).mutations();
        assertThat(mutations).hasSize(1);
        assertThat(mutations.get(0).rows()).hasSize(1);
        return mutations.get(0).rows().get(0);
    }

    private static List<RowError> rejectedBothWays(String payload) {
        MappingResult streamed = newMapper().map(SITES, payload.getBytes(StandardCharsets.UTF_8),
                OptionalInt.empty());
        assertThat(streamed).isInstanceOf(MappingResult.Rejected.class);
        assertThat(tree(payload)).isEqualTo(streamed);
        return ((MappingResult.Rejected) streamed).errors();
    }

    /** @return the payload, one row, mapped from a tree as the MQTT topic mappings map it */
    private static MappingResult tree(String payload) {
        JsonRowMapper mapper = newMapper();
        Object row = mapper.readTree(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
        return mapper.mapRows(SITES, List.of((com.fasterxml.jackson.databind.JsonNode) row), OptionalInt.empty());
    }

    private static JsonRowMapper newMapper() {
        return new JsonRowMapper(new WriteTimestamps(new ManualClock(START_MICROS)));
    }
}
