package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The streaming row mapper ({@code map}, values serialized from the parser's tokens) against the tree mapper
 * ({@code mapRows}, values converted from {@code JsonNode}s): the same payload gives the same mutations, or the same
 * errors, for every column type and every kind of JSON value.
 */
class JsonStreamingMappingTest {

    private static final long START_MICROS = 1_763_700_000_000_000L;
    /** JSON values tried against every column: the fast-path kinds, their edges, and what takes the tree path. */
    private static final List<String> VALUES = List.of(
            "\"text é ✓\"", "\"\"", "\"12\"", "\"NaN\"", "\"-Infinity\"", "\"true\"", "\"2026-11-21T10:00:00Z\"",
            "\"0x0102\"", "\"AQI=\"", "\"127.0.0.1\"", "\"2026-11-21\"", "\"10:00:00\"",
            "\"8b4c3c36-9e57-11ee-8c90-0242ac120002\"", "\"1970-01-01\"", "\"0000-01-01\"", "\"9999-12-31\"",
            "\"2024-02-29\"", "\"2023-02-29\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"2026-1-10\"",
            "\"+2026-01-10\"", "\"2026-01-1x\"", "\"20260110\"",
            "0", "-0", "1", "-1", "127", "128", "-129", "32767", "32768", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
            "0.0", "-0.0", "1.5", "-2.25", "0.1", "21.5", "1e10", "1.0E-7", "3.4028236e38", "1e308", "1e309",
            "-1e400", "1e-400", "1.50", "123456789.123456789123",
            "true", "false", "null", "[]", "[1, 2]", "{}", "{\"a\": 1}", "[\"x\", \"y\"]");

    private final JsonRowMapper streaming = new JsonRowMapper(new WriteTimestamps(new ManualClock(START_MICROS)));
    private final JsonRowMapper tree = new JsonRowMapper(new WriteTimestamps(new ManualClock(START_MICROS)));
    private final ObjectMapper json = new ObjectMapper();
    private final TableMetadata everyType = TestTables.everyType("iot");

    @Test
    void everyValueOfEveryRegularColumnMapsAsTheTreeMapperMapsIt() throws Exception {
        for (ColumnMetadata column : everyType.regularColumns()) {
            for (String value : VALUES) {
                assertSameOutcome(everyType, "{\"id\": 7, \"" + column.name() + "\": " + value + "}");
            }
        }
    }

    @Test
    void everyValueOfEveryKeyColumnMapsAsTheTreeMapperMapsIt() throws Exception {
        TableMetadata readings = TestTables.readings("iot", 0);
        for (String value : VALUES) {
            assertSameOutcome(readings, "{\"device\": " + value + ", \"ts\": 1, \"value\": 1}");
            assertSameOutcome(readings, "{\"device\": \"d\", \"ts\": " + value + ", \"value\": 1}");
        }
        for (ColumnMetadata column : everyType.regularColumns()) {
            if (column.type() instanceof NativeType) {
                TableMetadata keyed = TestTables.table("iot", "keyed_" + column.name(), 0, List.of(
                        TestTables.partitionKey("k", column.type(), 0), TestTables.regular("v", NativeType.INT)));
                for (String value : VALUES) {
                    assertSameOutcome(keyed, "{\"k\": " + value + ", \"v\": 1}");
                }
            }
        }
    }

    @Test
    void negativeZeroIsStoredAsPositiveZeroAsABigDecimalWouldStoreIt() {
        Mutation mutation = ((MappingResult.Mapped) streaming.map(everyType,
                "{\"id\": 1, \"c_double\": -0.0, \"c_float\": -0}".getBytes(StandardCharsets.UTF_8),
                OptionalInt.empty())).mutations().get(0);

        assertThat(mutation.rows().get(0).cells()[everyType.regularIndex("c_double")].value())
                .isEqualTo(NativeType.DOUBLE.encode(0.0));
        assertThat(mutation.rows().get(0).cells()[everyType.regularIndex("c_float")].value())
                .isEqualTo(NativeType.FLOAT.encode(0.0f));
    }

    @Test
    void aRowCutShortByMalformedJsonReportsOnlyTheMalformedJsonAsWhenRowsWereReadWhole() {
        MappingResult result = streaming.map(everyType,
                "[{\"id\": 1, \"nope\": 1}, {\"id\": 2, \"unknown\": 1, \"c_int\": 1, \"c_int\": 2}]"
                        .getBytes(StandardCharsets.UTF_8), OptionalInt.empty());

        assertThat(result).isInstanceOf(MappingResult.Rejected.class);
        List<RowError> errors = ((MappingResult.Rejected) result).errors();
        assertThat(errors).extracting(RowError::kind)
                .containsExactly(RejectReason.UNKNOWN_COLUMN, RejectReason.MALFORMED_JSON);
        assertThat(errors.get(1).row()).isEqualTo(1);
        assertThat(errors.get(1).reason()).contains("Duplicate field 'c_int'");
    }

    @Test
    void aPayloadInsideALargerArrayIsReadFromItsOffsetOnly() {
        byte[] framed = "garbage{\"id\": 3, \"c_text\": \"x\"}trailing".getBytes(StandardCharsets.UTF_8);

        MappingResult result = streaming.map(everyType, framed, 7, framed.length - 7 - 8, OptionalInt.empty());

        assertThat(result).isInstanceOf(MappingResult.Mapped.class);
        assertThat(((MappingResult.Mapped) result).mutations().get(0).rows().get(0)
                .cells()[everyType.regularIndex("c_text")].value()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(streaming.readTree(framed, 7, framed.length - 7 - 8)).isInstanceOf(JsonNode.class);
    }

    @Test
    void theInputStreamAndByteArrayEntriesAgree() {
        byte[] payload = "[{\"id\": 1, \"c_bigint\": 5}, {\"id\": 2, \"c_int\": \"x\"}]"
                .getBytes(StandardCharsets.UTF_8);

        MappingResult fromStream = streaming.map(everyType, new ByteArrayInputStream(payload), OptionalInt.of(5));
        MappingResult fromArray = tree.map(everyType, payload, OptionalInt.of(5));

        assertThat(fromStream).isEqualTo(fromArray).isInstanceOf(MappingResult.Rejected.class);
        assertThat(streaming.map(everyType, payload, OptionalInt.of(-1)))
                .isEqualTo(new MappingResult.Rejected(List.of(RowError.ofPayload(RejectReason.INVALID_TTL,
                        "A TTL must be greater or equal to 0, but was -1")), 1));
    }

    private void assertSameOutcome(TableMetadata table, String row) throws Exception {
        MappingResult streamed = streaming.map(table, row.getBytes(StandardCharsets.UTF_8), OptionalInt.empty());
        MappingResult fromTree = tree.mapRows(table, List.of(readRow(row)), OptionalInt.empty());
        if (fromTree instanceof MappingResult.Rejected rejectedByTree) {
            assertThat(streamed).as(row).isInstanceOf(MappingResult.Rejected.class);
            assertThat(((MappingResult.Rejected) streamed).errors()).as(row)
                    .isEqualTo(rejectedByTree.errors().stream()
                            .map(e -> new RowError(0, e.column(), e.kind(), e.reason())).toList());
            return;
        }
        assertThat(streamed).as(row).isInstanceOf(MappingResult.Mapped.class);
        Mutation expected = ((MappingResult.Mapped) fromTree).mutations().get(0);
        Mutation actual = ((MappingResult.Mapped) streamed).mutations().get(0);
        assertThat(actual.key()).as(row).isEqualTo(expected.key());
        assertThat(actual.rows()).as(row).isEqualTo(expected.rows());
    }

    /** A row as the tree mapper's callers build it: numbers with every digit (BigDecimal), as the mapper reads. */
    private JsonNode readRow(String row) throws Exception {
        Object read = tree.readTree(new ByteArrayInputStream(row.getBytes(StandardCharsets.UTF_8)));
        return read instanceof JsonNode node ? node : json.readTree(row);
    }
}
