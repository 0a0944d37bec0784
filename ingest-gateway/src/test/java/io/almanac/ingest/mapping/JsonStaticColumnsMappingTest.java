package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Static columns through the JSON mapper, as a CQL INSERT of the same columns writes them: static cells in the
 * partition's static row (no marker), a static-only row without clustering, Cassandra's error for a row that needs
 * its clustering and lacks it. Every case goes through both the streaming path ({@code map}) and the tree path
 * ({@code mapRows}, used by MQTT topic mappings) and must give the same mutations.
 */
class JsonStaticColumnsMappingTest {

    private static final long START_MICROS = 1_763_700_000_000_000L;
    private static final long NOW_SECONDS = START_MICROS / 1_000_000;

    /** {@code stations (station text, ts timestamp, value double, location text STATIC, owner text STATIC, ...)}. */
    private static final TableMetadata STATIONS = TestTables.table("iot", "stations", 0, List.of(
            TestTables.partitionKey("station", NativeType.TEXT, 0),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
            TestTables.regular("value", NativeType.DOUBLE),
            TestTables.staticColumn("location", NativeType.TEXT),
            TestTables.staticColumn("owner", NativeType.TEXT)));

    /** Two clustering columns: {@code PRIMARY KEY (station, sensor, ts)}, one static column. */
    private static final TableMetadata SENSORS = TestTables.table("iot", "sensors", 0, List.of(
            TestTables.partitionKey("station", NativeType.TEXT, 0),
            TestTables.clustering("sensor", NativeType.TEXT, 0, ClusteringOrder.ASC),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 1, ClusteringOrder.ASC),
            TestTables.regular("value", NativeType.DOUBLE),
            TestTables.staticColumn("location", NativeType.TEXT)));

    @Test
    void aRowWithThePartitionKeyAndStaticColumnsOnlyWritesTheStaticRowAlone() {
        Mutation mutation = mappedBothWays(STATIONS, "{\"station\": \"s1\", \"location\": \"roof\", \"owner\": null}",
                OptionalInt.empty()).get(0);

        assertThat(mutation.rows()).singleElement().satisfies(row -> {
            assertThat(row.clustering()).isSameAs(Clustering.STATIC);
            assertThat(row.marker()).as("a static row has no marker").isNull();
            assertThat(row.cells()[STATIONS.regularIndex("location")])
                    .isEqualTo(Cell.live(START_MICROS, 0, NOW_SECONDS, text("roof")));
            assertThat(row.cells()[STATIONS.regularIndex("owner")]).as("JSON null: a cell tombstone")
                    .isEqualTo(Cell.tombstone(START_MICROS, NOW_SECONDS));
            assertThat(row.cells()[STATIONS.regularIndex("value")]).isNull();
        });
    }

    @Test
    void aRowWithClusteringAndStaticColumnsWritesTheClusteredRowAndTheStaticRow() {
        Mutation mutation = mappedBothWays(STATIONS, "{\"station\": \"s1\", \"ts\": 1000, \"value\": 2.5,"
                + " \"location\": \"roof\"}", OptionalInt.of(60)).get(0);

        assertThat(mutation.rows()).hasSize(2);
        Row clustered = mutation.rows().get(0);
        assertThat(clustered.clustering()).isEqualTo(Clustering.of(NativeType.TIMESTAMP.encode(1000L)));
        assertThat(clustered.marker()).isEqualTo(Cell.live(START_MICROS, 60, NOW_SECONDS, Row.MARKER_VALUE));
        assertThat(clustered.cells()[STATIONS.regularIndex("value")])
                .isEqualTo(Cell.live(START_MICROS, 60, NOW_SECONDS, NativeType.DOUBLE.encode(2.5)));
        assertThat(clustered.cells()[STATIONS.regularIndex("location")]).as("static cells leave the clustered row")
                .isNull();
        Row statics = mutation.rows().get(1);
        assertThat(statics.clustering()).isSameAs(Clustering.STATIC);
        assertThat(statics.marker()).isNull();
        assertThat(statics.cells()[STATIONS.regularIndex("location")]).as("the request's TTL applies to it too")
                .isEqualTo(Cell.live(START_MICROS, 60, NOW_SECONDS, text("roof")));
        assertThat(statics.cells()[STATIONS.regularIndex("value")]).isNull();
    }

    @Test
    void aRowWithClusteringAndOnlyStaticColumnsStillWritesItsRowMarker() {
        Mutation mutation = mappedBothWays(STATIONS, "{\"station\": \"s1\", \"ts\": 1000, \"location\": \"roof\"}",
                OptionalInt.empty()).get(0);

        assertThat(mutation.rows()).extracting(Row::clustering)
                .containsExactly(Clustering.of(NativeType.TIMESTAMP.encode(1000L)), Clustering.STATIC);
        assertThat(mutation.rows().get(0).marker()).isNotNull();
        assertThat(mutation.rows().get(0).cells()).containsOnlyNulls();
    }

    @Test
    void aRowWithoutStaticColumnsOnATableWithThemIsOneClusteredRow() {
        Mutation mutation = mappedBothWays(STATIONS, "{\"station\": \"s1\", \"ts\": 1000, \"value\": 1}",
                OptionalInt.empty()).get(0);
        assertThat(mutation.rows()).singleElement().satisfies(row -> assertThat(row.clustering().isStatic())
                .isFalse());
    }

    @Test
    void aRowWithRegularColumnsButNoClusteringGetsCassandrasError() {
        assertThat(rejectedBothWays(STATIONS, "{\"station\": \"s1\", \"value\": 1, \"location\": \"roof\"}"))
                .containsExactly(new RowError(0, "ts", RejectReason.MISSING_PRIMARY_KEY,
                        "Some clustering keys are missing: ts"));
        assertThat(rejectedBothWays(STATIONS, "{\"station\": \"s1\", \"value\": null, \"location\": \"roof\"}"))
                .as("a null regular column is a regular column set").containsExactly(new RowError(0, "ts",
                        RejectReason.MISSING_PRIMARY_KEY, "Some clustering keys are missing: ts"));
        assertThat(rejectedBothWays(STATIONS, "{\"station\": \"s1\"}")).as("no column at all")
                .containsExactly(new RowError(0, "ts", RejectReason.MISSING_PRIMARY_KEY,
                        "Some clustering keys are missing: ts"));
        assertThat(rejectedBothWays(SENSORS, "{\"station\": \"s1\", \"value\": 1}"))
                .containsExactly(new RowError(0, "sensor", RejectReason.MISSING_PRIMARY_KEY,
                        "Some clustering keys are missing: sensor, ts"));
    }

    @Test
    void aStaticOnlyRowWithPartOfTheClusteringIsNotStaticOnly() {
        assertThat(rejectedBothWays(SENSORS, "{\"station\": \"s1\", \"sensor\": \"t\", \"location\": \"roof\"}"))
                .containsExactly(new RowError(0, "ts", RejectReason.MISSING_PRIMARY_KEY,
                        "Some clustering keys are missing: ts"));
        assertThat(rejectedBothWays(SENSORS, "{\"station\": \"s1\", \"sensor\": null, \"location\": \"roof\"}"))
                .as("a bad clustering value is reported once, the others still named").containsExactly(
                        new RowError(0, "sensor", RejectReason.INVALID_VALUE,
                                "null is not allowed for a primary key column"),
                        new RowError(0, "ts", RejectReason.MISSING_PRIMARY_KEY,
                                "Some clustering keys are missing: ts"));
    }

    @Test
    void aStaticOnlyRowWithABadStaticValueGetsThatErrorAlone() {
        assertThat(rejectedBothWays(STATIONS, "{\"station\": \"s1\", \"location\": 5}"))
                .containsExactly(new RowError(0, "location", RejectReason.INVALID_VALUE, "expected a string, got 5"));
    }

    @Test
    void aStaticOnlyRowStillNeedsItsPartitionKey() {
        assertThat(rejectedBothWays(STATIONS, "{\"location\": \"roof\"}")).containsExactly(new RowError(0,
                "station", RejectReason.MISSING_PRIMARY_KEY, "missing partition key column"));
    }

    @Test
    void rowsOfBothKindsMixInOnePayload() {
        List<Mutation> mutations = mappedBothWays(STATIONS, "[{\"station\": \"s1\", \"owner\": \"ops\"},"
                + " {\"station\": \"s1\", \"ts\": 1, \"value\": 1}, {\"station\": \"s2\", \"ts\": 2, \"owner\": \"x\"}]",
                OptionalInt.empty());
        assertThat(mutations).extracting(m -> m.rows().size()).containsExactly(1, 1, 2);
        assertThat(mutations.get(0).rows().get(0).clustering()).isSameAs(Clustering.STATIC);
    }

    /** @return the mutations of the streaming path, after checking the tree path gives the same */
    private List<Mutation> mappedBothWays(TableMetadata table, String payload, OptionalInt ttlSeconds) {
        MappingResult streamed = newMapper().map(table, payload.getBytes(StandardCharsets.UTF_8), ttlSeconds);
        MappingResult fromTree = newMapper().mapRows(table, rows(payload), ttlSeconds);
        assertThat(streamed).isInstanceOf(MappingResult.Mapped.class);
        assertThat(fromTree).usingRecursiveComparison().isEqualTo(streamed);
        return ((MappingResult.Mapped) streamed).mutations();
    }

    private List<RowError> rejectedBothWays(TableMetadata table, String payload) {
        MappingResult streamed = newMapper().map(table, payload.getBytes(StandardCharsets.UTF_8),
                OptionalInt.empty());
        MappingResult fromTree = newMapper().mapRows(table, rows(payload), OptionalInt.empty());
        assertThat(streamed).isInstanceOf(MappingResult.Rejected.class);
        assertThat(fromTree).isEqualTo(streamed);
        return ((MappingResult.Rejected) streamed).errors();
    }

    /** @return the payload's rows as trees, read as the MQTT topic mappings read them */
    private static List<JsonNode> rows(String payload) {
        JsonNode tree = (JsonNode) newMapper().readTree(new ByteArrayInputStream(
                payload.getBytes(StandardCharsets.UTF_8)));
        List<JsonNode> rows = new ArrayList<>();
        if (tree.isArray()) {
            tree.elements().forEachRemaining(rows::add);
        } else {
            rows.add(tree);
        }
        return rows;
    }

    private static JsonRowMapper newMapper() {
        return new JsonRowMapper(new WriteTimestamps(new ManualClock(START_MICROS)));
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
