package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.TestTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every column type's JSON conversions and conversion errors, through {@link JsonRowMapper#map}. */
class JsonValueConversionTest {

    private final TableMetadata table = TestTables.everyType("ks");
    private final JsonRowMapper mapper =
            new JsonRowMapper(new WriteTimestamps(new ManualClock(1_700_000_000_000_000L)));

    @Test
    void textAndAscii() {
        assertThat(decoded("c_text", "\"héllo ✓\"")).isEqualTo("héllo ✓");
        assertThat(decoded("c_text", "\"\"")).isEqualTo("");
        assertThat(decoded("c_ascii", "\"plain\"")).isEqualTo("plain");
        assertThat(error("c_text", "42")).isEqualTo("expected a string, got 42");
        assertThat(error("c_ascii", "\"é\""))
                .isEqualTo("expected an ASCII string, got a non-ASCII character at index 0");
    }

    @Test
    void integersFromNumbersAndNumericStringsWithRangeChecks() {
        assertThat(decoded("c_int", "42")).isEqualTo(42);
        assertThat(decoded("c_int", "\"-17\"")).isEqualTo(-17);
        assertThat(decoded("c_bigint", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(decoded("c_smallint", "-32768")).isEqualTo((short) -32768);
        assertThat(decoded("c_tinyint", "127")).isEqualTo((byte) 127);
        assertThat(error("c_tinyint", "128")).isEqualTo("value 128 is out of range for tinyint [-128, 127]");
        assertThat(error("c_smallint", "40000")).isEqualTo("value 40000 is out of range for smallint [-32768, 32767]");
        assertThat(error("c_int", "2147483648"))
                .isEqualTo("value 2147483648 is out of range for int [-2147483648, 2147483647]");
        assertThat(error("c_bigint", "9223372036854775808")).startsWith("value 9223372036854775808 is out of range");
        assertThat(error("c_int", "1.5")).isEqualTo("expected an integer, got 1.5");
        assertThat(error("c_int", "\"12a\"")).isEqualTo("expected an integer, got \"12a\"");
        assertThat(error("c_int", "true")).isEqualTo("expected an integer, got true");
    }

    @Test
    void varintAndDecimalKeepEveryDigit() {
        assertThat(decoded("c_varint", "123456789012345678901234567890"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(decoded("c_varint", "\"-5\"")).isEqualTo(BigInteger.valueOf(-5));
        assertThat(decoded("c_decimal", "1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(decoded("c_decimal", "\"3.14159265358979323846\""))
                .isEqualTo(new BigDecimal("3.14159265358979323846"));
        assertThat(decoded("c_decimal", "7")).isEqualTo(new BigDecimal("7"));
        assertThat(error("c_varint", "1e3")).isEqualTo("expected an integer, got 1E+3");
        assertThat(error("c_decimal", "\"abc\"")).isEqualTo("expected a decimal number, got \"abc\"");
    }

    @Test
    void floatingPoint() {
        assertThat(decoded("c_double", "21.5")).isEqualTo(21.5);
        assertThat(decoded("c_double", "3")).isEqualTo(3.0);
        assertThat(decoded("c_double", "\"NaN\"")).isEqualTo(Double.NaN);
        assertThat(decoded("c_double", "\"-Infinity\"")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decoded("c_float", "0.1")).isEqualTo(0.1f);
        assertThat(decoded("c_float", "\"2.5\"")).isEqualTo(2.5f);
        assertThat(error("c_float", "1e39")).isEqualTo("value 1E+39 is out of range for float");
        assertThat(error("c_double", "1e400")).isEqualTo("value 1E+400 is out of range for double");
        assertThat(error("c_double", "\"warm\"")).isEqualTo("expected a number, got \"warm\"");
    }

    @Test
    void booleans() {
        assertThat(decoded("c_boolean", "true")).isEqualTo(true);
        assertThat(decoded("c_boolean", "\"FALSE\"")).isEqualTo(false);
        assertThat(error("c_boolean", "1")).isEqualTo("expected a boolean, got 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"2026-11-21T10:15:30Z\"          | 2026-11-21T10:15:30Z",
        "\"2026-11-21T10:15:30.123Z\"      | 2026-11-21T10:15:30.123Z",
        "\"2026-11-21T11:15:30+01:00\"     | 2026-11-21T10:15:30Z",
        "\"2026-11-21T10:15:30.123456Z\"   | 2026-11-21T10:15:30.123Z",
        "\"2026-11-21\"                    | 2026-11-21T00:00:00Z",
        "1700000000123                     | 2023-11-14T22:13:20.123Z",
        "\"1700000000123\"                 | 2023-11-14T22:13:20.123Z",
        "-1000                             | 1969-12-31T23:59:59Z"})
    void timestamps(String json, String expected) {
        assertThat(decoded("c_timestamp", json)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timestampErrors() {
        assertThat(error("c_timestamp", "\"yesterday\""))
                .isEqualTo("expected an ISO-8601 timestamp or epoch milliseconds, got \"yesterday\"");
        assertThat(error("c_timestamp", "\"2026-11-21T10:15:30\""))
                .isEqualTo("expected an ISO-8601 timestamp or epoch milliseconds, got \"2026-11-21T10:15:30\"");
        assertThat(error("c_timestamp", "1.5e12"))
                .isEqualTo("expected an ISO-8601 timestamp or epoch milliseconds, got 1.5E+12");
        assertThat(error("c_timestamp", "99999999999999999999"))
                .isEqualTo("timestamp 99999999999999999999 is out of range");
    }

    @Test
    void datesAndTimes() {
        assertThat(decoded("c_date", "\"2026-11-21\"")).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(decoded("c_date", "\"1900-01-01\"")).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(error("c_date", "\"2026-02-30\"")).isEqualTo("expected a date as 'yyyy-mm-dd', got \"2026-02-30\"");
        assertThat(error("c_date", "20261121")).isEqualTo("expected a date as 'yyyy-mm-dd', got 20261121");
        assertThat(error("c_date", "\"+9999999-01-01\"")).isEqualTo("date \"+9999999-01-01\" is out of range");
        assertThat(decoded("c_time", "\"10:15:30.5\"")).isEqualTo(36_930_500_000_000L);
        assertThat(decoded("c_time", "1000")).isEqualTo(1000L);
        assertThat(error("c_time", "86400000000000"))
                .isEqualTo("time 86400000000000 is out of range [0, 86399999999999] nanoseconds");
        assertThat(error("c_time", "\"25:00\"")).startsWith("expected a time as 'hh:mm:ss[.fffffffff]'");
    }

    @Test
    void uuids() {
        String random = "3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b";
        String timeBased = "e6f1a2b0-c7d8-11ee-8c90-0242ac120002";
        assertThat(decoded("c_uuid", "\"" + random + "\"")).isEqualTo(UUID.fromString(random));
        assertThat(decoded("c_timeuuid", "\"" + timeBased + "\"")).isEqualTo(UUID.fromString(timeBased));
        assertThat(error("c_timeuuid", "\"" + random + "\""))
                .isEqualTo("expected a version 1 (time-based) UUID for timeuuid, got version 4");
        assertThat(error("c_uuid", "\"1-1-1-1-1\"")).isEqualTo("expected a UUID, got \"1-1-1-1-1\"");
    }

    @Test
    void blobsFromBase64OrHex() {
        assertThat((byte[]) decoded("c_blob", "\"0xCAFE00\"")).containsExactly(0xCA, 0xFE, 0x00);
        assertThat((byte[]) decoded("c_blob", "\"AQID\"")).containsExactly(1, 2, 3);
        assertThat((byte[]) decoded("c_blob", "\"0x\"")).isEmpty();
        assertThat(error("c_blob", "\"0xABC\""))
                .isEqualTo("expected a base64 string or 0x-prefixed hex, got \"0xABC\"");
        assertThat(error("c_blob", "\"not base64!\""))
                .isEqualTo("expected a base64 string or 0x-prefixed hex, got \"not base64!\"");
    }

    @Test
    void inetAddressesWithoutLookups() throws Exception {
        assertThat(decoded("c_inet", "\"192.168.1.20\"")).isEqualTo(InetAddress.getByName("192.168.1.20"));
        assertThat(decoded("c_inet", "\"2001:db8::1\"")).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(error("c_inet", "\"localhost\"")).isEqualTo("expected an IPv4 or IPv6 address, got \"localhost\"");
        assertThat(error("c_inet", "\"300.1.1.1\"")).isEqualTo("expected an IPv4 or IPv6 address, got \"300.1.1.1\"");
    }

    @Test
    void counterAndDurationAreRefused() {
        assertThat(error("c_counter", "1")).startsWith("counter columns cannot be set");
        assertThat(error("c_duration", "\"1h\"")).isEqualTo("duration values are not supported yet");
    }

    @Test
    void collections() {
        assertThat(decoded("l_int", "[3, 1, 3]")).isEqualTo(List.of(3, 1, 3));
        assertThat(decoded("s_text", "[\"b\", \"a\", \"b\"]")).isEqualTo(Set.of("a", "b"));
        assertThat(decodedSet("s_text", "[\"b\", \"a\", \"b\"]")).containsExactly("a", "b");
        Map<Object, Object> byKey = new LinkedHashMap<>();
        byKey.put("a", 1);
        byKey.put("z", 2);
        assertThat(decodedMap("m_text_int", "{\"z\": 2, \"a\": 1}")).containsExactlyEntriesOf(byKey);
        Map<Object, Object> byNumber = new LinkedHashMap<>();
        byNumber.put(2, "two");
        byNumber.put(10, "ten");
        assertThat(decodedMap("m_int_text", "{\"10\": \"ten\", \"2\": \"two\"}"))
                .containsExactlyEntriesOf(byNumber);
        assertThat(decodedMap("m_int_text", "{\"2\": \"a\", \"02\": \"b\"}")).containsExactlyEntriesOf(
                Map.of(2, "b"));
        assertThat(decodedMap("m_timestamp_double", "{\"2026-11-21T00:00:00Z\": 1.5}"))
                .containsExactlyEntriesOf(Map.of(Instant.parse("2026-11-21T00:00:00Z"), 1.5));
        assertThat(decoded("l_frozen_map", "[{\"a\": 1}, {}]")).isEqualTo(List.of(Map.of("a", 1), Map.of()));
        assertThat(decodedMap("m_frozen_list_text", "{\"[1, 2]\": \"pair\"}"))
                .containsExactlyEntriesOf(Map.of(List.of(1, 2), "pair"));
    }

    @Test
    void collectionErrorsNameTheElement() {
        assertThat(error("l_int", "[1, \"x\"]")).isEqualTo("element 1: expected an integer, got \"x\"");
        assertThat(error("l_int", "[1, null]")).isEqualTo("element 1: null is not supported inside collections");
        assertThat(error("l_int", "{\"a\": 1}")).isEqualTo("expected a JSON array for list<int>, got {\"a\":1}");
        assertThat(error("m_int_text", "{\"x\": \"a\"}")).isEqualTo("key \"x\": expected an integer, got \"x\"");
        assertThat(error("m_text_int", "{\"a\": 1.5}")).isEqualTo("value of key \"a\": expected an integer, got 1.5");
        assertThat(error("m_text_int", "[1]")).isEqualTo("expected a JSON object for map<text, int>, got [1]");
        assertThat(error("m_frozen_list_text", "{\"[1, 2] x\": \"a\"}"))
                .isEqualTo("key \"[1, 2] x\": expected a JSON array for frozen<list<int>>, got \"[1, 2] x\"");
    }

    @Test
    void emptyNonFrozenCollectionIsATombstoneButFrozenIsAValue() {
        assertThat(cell("l_int", "[]").isTombstone()).isTrue();
        assertThat(cell("m_text_int", "{}").isTombstone()).isTrue();
        assertThat(cell("fl_int", "[]").isTombstone()).isFalse();
        assertThat(decoded("fl_int", "[]")).isEqualTo(List.of());
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String longText = "x".repeat(200);
        assertThat(error("c_int", "\"" + longText + "\"")).isEqualTo("expected an integer, got \""
                + "x".repeat(63) + "...");
    }

    private Object decoded(String column, String json) {
        Cell cell = cell(column, json);
        assertThat(cell.isTombstone()).as("tombstone for %s", json).isFalse();
        CqlType type = table.column(column).type();
        return type.decode(cell.value());
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> decodedMap(String column, String json) {
        return (Map<Object, Object>) decoded(column, json);
    }

    @SuppressWarnings("unchecked")
    private Set<Object> decodedSet(String column, String json) {
        return (Set<Object>) decoded(column, json);
    }

    private Cell cell(String column, String json) {
        MappingResult result = mapper.map(table, payload(column, json), OptionalInt.empty());
        assertThat(result).as("mapping %s", json).isInstanceOf(MappingResult.Mapped.class);
        Row row = ((MappingResult.Mapped) result).mutations().get(0).rows().get(0);
        return row.cells()[table.regularIndex(column)];
    }

    private String error(String column, String json) {
        MappingResult result = mapper.map(table, payload(column, json), OptionalInt.empty());
        assertThat(result).as("mapping %s", json).isInstanceOf(MappingResult.Rejected.class);
        RowError error = ((MappingResult.Rejected) result).first();
        assertThat(error.row()).isZero();
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.kind()).isEqualTo(RejectReason.INVALID_VALUE);
        return error.reason();
    }

    private static byte[] payload(String column, String json) {
        return ("{\"id\": 1, \"" + column + "\": " + json + "}").getBytes(StandardCharsets.UTF_8);
    }
}
