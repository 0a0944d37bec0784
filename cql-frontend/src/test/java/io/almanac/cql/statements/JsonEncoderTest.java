package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {

    @Test
    void specialValuesFollowCassandra() {
        assertThat(JsonEncoder.value(NativeType.DOUBLE, NativeType.DOUBLE.encode(Double.NaN))).isEqualTo("null");
        assertThat(JsonEncoder.value(NativeType.FLOAT, NativeType.FLOAT.encode(Float.NEGATIVE_INFINITY)))
                .isEqualTo("null");
        assertThat(JsonEncoder.value(NativeType.INT, new byte[0])).isEqualTo("null");
        assertThat(JsonEncoder.value(NativeType.TEXT, new byte[0])).isEqualTo("\"\"");
        assertThat(JsonEncoder.value(NativeType.DURATION, Durations.parse("1y2mo3d4h5m6s7ms8us9ns")))
                .isEqualTo("\"1y2mo3d4h5m6s7ms8us9ns\"");
        assertThat(JsonEncoder.value(NativeType.DURATION, Durations.parse("-90m"))).isEqualTo("\"-1h30m\"");
        CollectionType map = CollectionType.map(NativeType.TIMESTAMP, NativeType.TEXT, false);
        assertThat(JsonEncoder.value(map, map.encode(Map.of(Instant.EPOCH, "a\nb"))))
                .isEqualTo("{\"1970-01-01 00:00:00.000Z\": \"a\\nb\"}");
    }

    @Test
    void tuplesAreArraysOfEveryComponent() {
        TupleType tuple = new TupleType(List.of(NativeType.INT, NativeType.TEXT,
                CollectionType.list(NativeType.BLOB, true)));
        assertThat(JsonEncoder.value(tuple, tuple.encode(List.of(1, "a", List.of(new byte[] {(byte) 0xca})))))
                .isEqualTo("[1, \"a\", [\"0xca\"]]");
        assertThat(JsonEncoder.value(tuple, tuple.encode(java.util.Arrays.asList(null, "b"))))
                .as("null and missing components").isEqualTo("[null, \"b\", null]");
    }

    @Test
    void caseSensitiveNamesAreQuoted() {
        List<ColumnSpec> columns = List.of(new ColumnSpec("ks", "t", "Id", NativeType.INT),
                new ColumnSpec("ks", "t", "v", NativeType.INT));
        assertThat(JsonEncoder.row(columns, new byte[][] {NativeType.INT.encode(1), null}))
                .isEqualTo("{\"\\\"Id\\\"\": 1, \"v\": null}");
    }
}
