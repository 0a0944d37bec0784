package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Rows to mutations: INSERT semantics, timestamps, TTLs, tombstones, keys and every payload-level error. */
class JsonRowMapperTest {

    private static final long START_MICROS = 1_763_700_000_000_000L;

    private final ManualClock clock = new ManualClock(START_MICROS);
    private final JsonRowMapper mapper = new JsonRowMapper(new WriteTimestamps(clock));
    private final TableMetadata readings = TestTables.readings("iot", 0);

    @Test
    void oneObjectIsOneInsertLikeMutation() {
        List<Mutation> mutations = mapped(readings,
                "{\"device\": \"d1\", \"ts\": \"2026-11-21T10:00:00Z\", \"value\": 21.5}", OptionalInt.empty());

        assertThat(mutations).hasSize(1);
        Mutation mutation = mutations.get(0);
        assertThat(mutation.table()).isSameAs(readings);
        assertThat(mutation.key()).isEqualTo(DecoratedKey.of("d1".getBytes(StandardCharsets.UTF_8)));
        assertThat(mutation.partitionDeletion()).isNull();
        Row row = mutation.rows().get(0);
        assertThat(row.clustering()).isEqualTo(Clustering.of(NativeType.TIMESTAMP.encode(
                Instant.parse("2026-11-21T10:00:00Z"))));
        assertThat(row.marker()).isEqualTo(new Cell(START_MICROS, 0, Cell.NO_DELETION_TIME, Row.MARKER_VALUE));
        assertThat(row.deletion()).isNull();
        assertThat(row.cells()).hasSize(3);
        assertThat(row.cells()[readings.regularIndex("value")])
                .isEqualTo(new Cell(START_MICROS, 0, Cell.NO_DELETION_TIME, NativeType.DOUBLE.encode(21.5)));
        assertThat(row.cells()[readings.regularIndex("status")]).as("columns not given are untouched").isNull();
        assertThat(row.cells()[readings.regularIndex("tags")]).isNull();
    }

    @Test
    void anArrayIsOneMutationPerRowWithStrictlyIncreasingTimestampsEvenWhenTheClockStandsStill() {
        List<Mutation> mutations = mapped(readings, "[{\"device\": \"a\", \"ts\": 1}, {\"device\": \"b\", \"ts\": 2},"
                + " {\"device\": \"a\", \"ts\": 3}]", OptionalInt.empty());

        assertThat(mutations).extracting(m -> m.rows().get(0).marker().timestampMicros())
                .containsExactly(START_MICROS, START_MICROS + 1, START_MICROS + 2);
        clock.advanceMicros(-10);
        assertThat(mapped(readings, "{\"device\": \"a\", \"ts\": 4}", OptionalInt.empty()).get(0).rows().get(0)
                .marker().timestampMicros()).as("clock stepped back").isEqualTo(START_MICROS + 3);
        clock.advanceMicros(1_000);
        assertThat(mapped(readings, "{\"device\": \"a\", \"ts\": 5}", OptionalInt.empty()).get(0).rows().get(0)
                .marker().timestampMicros()).isEqualTo(START_MICROS + 990);
    }

    @Test
    void theTablesDefaultTtlAppliesToMarkerAndCells() {
        TableMetadata expiring = TestTables.readings("iot", 3_600);
        Row row = mapped(expiring, "{\"device\": \"d\", \"ts\": 1, \"value\": 1.0}", OptionalInt.empty())
                .get(0).rows().get(0);
        long nowSeconds = START_MICROS / 1_000_000;
        assertThat(row.marker().ttlSeconds()).isEqualTo(3_600);
        assertThat(row.marker().localDeletionTimeSeconds()).isEqualTo(nowSeconds + 3_600);
        assertThat(row.cells()[0].ttlSeconds()).isEqualTo(3_600);
        assertThat(row.cells()[0].localDeletionTimeSeconds()).isEqualTo(nowSeconds + 3_600);
    }

    @Test
    void aRequestTtlOverridesTheDefaultAndZeroMeansNone() {
        TableMetadata expiring = TestTables.readings("iot", 3_600);
        String json = "{\"device\": \"d\", \"ts\": 1, \"value\": 1.0}";
        assertThat(mapped(expiring, json, OptionalInt.of(60)).get(0).rows().get(0).cells()[0].ttlSeconds())
                .isEqualTo(60);
        Row row = mapped(expiring, json, OptionalInt.of(0)).get(0).rows().get(0);
        assertThat(row.marker().ttlSeconds()).isZero();
        assertThat(row.cells()[0].isExpiring()).isFalse();
    }

    @Test
    void ttlOutOfRangeIsRefusedWithCassandrasMessages() {
        assertThat(rejected(readings, "{}", OptionalInt.of(-1)).errors()).containsExactly(RowError.ofPayload(
                RejectReason.INVALID_TTL, "A TTL must be greater or equal to 0, but was -1"));
        assertThat(rejected(readings, "{}", OptionalInt.of(630_720_001)).errors()).containsExactly(RowError.ofPayload(
                RejectReason.INVALID_TTL, "ttl is too large. requested (630720001) maximum (630720000)"));
        assertThat(JsonRowMapper.ttlError(630_720_000)).isNull();
        assertThat(JsonRowMapper.ttlError(0)).isNull();
    }

    @Test
    void jsonNullIsACellTombstone() {
        Row row = mapped(readings, "{\"device\": \"d\", \"ts\": 1, \"status\": null}", OptionalInt.empty())
                .get(0).rows().get(0);
        Cell status = row.cells()[readings.regularIndex("status")];
        assertThat(status).isEqualTo(Cell.tombstone(START_MICROS, START_MICROS / 1_000_000));
        assertThat(row.marker()).isNotNull();
    }

    @Test
    void compositePartitionKeys() {
        TableMetadata table = TestTables.table("iot", "by_day", 0, List.of(
                TestTables.partitionKey("device", NativeType.TEXT, 0),
                TestTables.partitionKey("day", NativeType.DATE, 1),
                TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.ASC),
                TestTables.regular("value", NativeType.DOUBLE)));
        Mutation mutation = mapped(table, "{\"day\": \"2026-11-21\", \"device\": \"d\", \"ts\": 5,"
                + " \"value\": 1.5}", OptionalInt.empty()).get(0);

        byte[] expectedKey = PartitionKeys.compose("d".getBytes(StandardCharsets.UTF_8),
                NativeType.DATE.encode(java.time.LocalDate.of(2026, 11, 21)));
        assertThat(mutation.key()).isEqualTo(DecoratedKey.of(expectedKey));
    }

    @Test
    void everyMissingPrimaryKeyColumnIsNamed() {
        MappingResult.Rejected rejected = rejected(readings, "{\"value\": 1}", OptionalInt.empty());
        assertThat(rejected.errors()).containsExactly(
                new RowError(0, "device", RejectReason.MISSING_PRIMARY_KEY, "missing partition key column"),
                new RowError(0, "ts", RejectReason.MISSING_PRIMARY_KEY, "Some clustering keys are missing: ts"));
    }

    @Test
    void keyValuesMustBeNonNullAndPartitionKeysNonEmpty() {
        assertThat(rejected(readings, "{\"device\": null, \"ts\": 1}", OptionalInt.empty()).errors()).containsExactly(
                new RowError(0, "device", RejectReason.INVALID_VALUE, "null is not allowed for a primary key column"));
        assertThat(rejected(readings, "{\"device\": \"\", \"ts\": 1}", OptionalInt.empty()).errors()).containsExactly(
                new RowError(0, "device", RejectReason.INVALID_VALUE, "Key may not be empty"));
        TableMetadata textClustering = TestTables.table("iot", "notes", 0, List.of(
                TestTables.partitionKey("device", NativeType.TEXT, 0),
                TestTables.clustering("name", NativeType.TEXT, 0, ClusteringOrder.ASC)));
        assertThat(mapped(textClustering, "{\"device\": \"d\", \"name\": \"\"}", OptionalInt.empty())).hasSize(1);
        String huge = "x".repeat(70_000);
        assertThat(rejected(readings, "{\"device\": \"" + huge + "\", \"ts\": 1}", OptionalInt.empty()).first())
                .isEqualTo(new RowError(0, "device", RejectReason.INVALID_VALUE,
                        "Key length of 70000 is longer than maximum of 65535"));
    }

    @Test
    void unknownColumnsAreRefused() {
        assertThat(rejected(readings, "{\"device\": \"d\", \"ts\": 1, \"Value\": 2}", OptionalInt.empty()).errors())
                .containsExactly(new RowError(0, "Value", RejectReason.UNKNOWN_COLUMN,
                        "unknown column \"Value\" in table iot.readings"));
    }

    @Test
    void allRowsAreValidatedAndNothingIsMappedWhenOneFails() {
        MappingResult.Rejected rejected = rejected(readings, "[{\"device\": \"a\", \"ts\": 1},"
                + " {\"device\": \"b\", \"ts\": 2}, {\"device\": \"c\", \"ts\": 3}, {\"device\": \"d\","
                + " \"ts\": \"yesterday\"}, {\"device\": \"e\", \"ts\": 5, \"value\": \"hot\"}]", OptionalInt.empty());

        assertThat(rejected.rowCount()).isEqualTo(5);
        assertThat(rejected.errors()).containsExactly(
                new RowError(3, "ts", RejectReason.INVALID_VALUE,
                        "expected an ISO-8601 timestamp or epoch milliseconds, got \"yesterday\""),
                new RowError(4, "value", RejectReason.INVALID_VALUE, "expected a number, got \"hot\""));
    }

    @Test
    void reportedErrorsAreCapped() {
        String rows = "{\"device\": \"d\", \"ts\": \"never\"},".repeat(150);
        MappingResult.Rejected rejected = rejected(readings, "[" + rows.substring(0, rows.length() - 1) + "]",
                OptionalInt.empty());
        assertThat(rejected.errors()).hasSize(JsonRowMapper.MAX_REPORTED_ERRORS);
        assertThat(rejected.rowCount()).isEqualTo(150);
    }

    @Test
    void anEmptyArrayMapsToNothing() {
        assertThat(mapped(readings, "[]", OptionalInt.empty())).isEmpty();
    }

    @Test
    void payloadsThatAreNotRowsAreRefused() {
        assertThat(rejected(readings, "", OptionalInt.empty()).errors()).containsExactly(RowError.ofPayload(
                RejectReason.MALFORMED_JSON, "empty payload: expected a JSON object or an array of objects"));
        assertThat(rejected(readings, "42", OptionalInt.empty()).errors()).containsExactly(RowError.ofPayload(
                RejectReason.NOT_AN_OBJECT, "expected a JSON object or an array of objects, got a number"));
        assertThat(rejected(readings, "[{\"device\": \"d\", \"ts\": 1}, [1], \"x\"]", OptionalInt.empty()).errors())
                .containsExactly(
                        new RowError(1, null, RejectReason.NOT_AN_OBJECT,
                                "expected a JSON object for the row, got an array"),
                        new RowError(2, null, RejectReason.NOT_AN_OBJECT,
                                "expected a JSON object for the row, got a string"));
        assertThat(rejected(readings, "{\"device\": \"d\", \"ts\": 1} {}", OptionalInt.empty()).errors())
                .containsExactly(RowError.ofPayload(RejectReason.MALFORMED_JSON,
                        "unexpected data after the JSON value"));
    }

    @Test
    void malformedJsonNamesTheRowAndPosition() {
        RowError truncated = rejected(readings, "[{\"device\": \"d\", \"ts\": 1}, {\"device\": ", OptionalInt.empty())
                .first();
        assertThat(truncated.row()).isEqualTo(1);
        assertThat(truncated.kind()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(truncated.reason()).startsWith("malformed JSON at line 1, column ");

        RowError duplicate = rejected(readings, "{\"device\": \"d\", \"device\": \"e\", \"ts\": 1}",
                OptionalInt.empty()).first();
        assertThat(duplicate.kind()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(duplicate.reason()).contains("Duplicate field 'device'");
    }

    private List<Mutation> mapped(TableMetadata table, String json, OptionalInt ttlSeconds) {
        MappingResult result = mapper.map(table, json.getBytes(StandardCharsets.UTF_8), ttlSeconds);
        assertThat(result).isInstanceOf(MappingResult.Mapped.class);
        return ((MappingResult.Mapped) result).mutations();
    }

    private MappingResult.Rejected rejected(TableMetadata table, String json, OptionalInt ttlSeconds) {
        MappingResult result = mapper.map(table, json.getBytes(StandardCharsets.UTF_8), ttlSeconds);
        assertThat(result).isInstanceOf(MappingResult.Rejected.class);
        return (MappingResult.Rejected) result;
    }
}
