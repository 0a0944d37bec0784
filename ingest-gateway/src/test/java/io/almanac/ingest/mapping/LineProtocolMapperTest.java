package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.TestTables;
import io.almanac.ingest.line.TimestampPrecision;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line-protocol mapper's value paths that skip the JSON converter: float fields into float and double columns
 * (serialized directly, exactly as the converter would) and tags repeated from the previous line (converted once).
 */
class LineProtocolMapperTest {

    private static final TableMetadata POINTS = TestTables.table("iot", "points", 0, List.of(
            TestTables.partitionKey("device", NativeType.TEXT, 0),
            TestTables.partitionKey("day", NativeType.DATE, 1),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.ASC),
            TestTables.regular("d", NativeType.DOUBLE),
            TestTables.regular("f", NativeType.FLOAT),
            TestTables.regular("n", NativeType.DECIMAL),
            TestTables.regular("i", NativeType.INT)));

    private final LineProtocolMapper mapper = new LineProtocolMapper(new WriteTimestamps(new ManualClock(1_000_000)));

    @Test
    void floatFieldsIntoDoubleAndFloatColumnsKeepTheValueTheConverterWouldGive() {
        double[] values = {21.5, 0.1, -3.25e-7, 1e300, Double.MIN_VALUE, Double.MAX_VALUE, 3.4e38, 1.0 / 3};
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            body.append("points,device=a,day=2026-11-21 d=").append(values[i]).append(",n=").append(values[i])
                    .append(' ').append(i).append('\n');
        }
        List<Mutation> mutations = mapped(body.toString());
        for (int i = 0; i < values.length; i++) {
            Row row = mutations.get(i).rows().get(0);
            assertThat(row.cells()[POINTS.regularIndex("d")].value()).as("d=%s", values[i])
                    .isEqualTo(NativeType.DOUBLE.encode(values[i]));
        }
        Row small = mapped("points,device=a,day=2026-11-21 f=3.4e38,d=-0.0 1\n").get(0).rows().get(0);
        assertThat(small.cells()[POINTS.regularIndex("f")].value()).isEqualTo(NativeType.FLOAT.encode(3.4e38f));
        assertThat(small.cells()[POINTS.regularIndex("d")].value()).as("negative zero is kept")
                .isEqualTo(NativeType.DOUBLE.encode(-0.0));
    }

    @Test
    void floatFieldsTheDirectPathDoesNotCoverStillGetTheConvertersAnswers() {
        assertThat(refusal("points,device=a,day=2026-11-21 f=1e39 1\n"))
                .isEqualTo("line 1: column \"f\" of iot.points is float, field value 1.0E39: value 1.0E+39 is out of"
                        + " range for float");
        assertThat(refusal("points,device=a,day=2026-11-21 i=1.5 1\n"))
                .contains("column \"i\" of iot.points is int, field value 1.5: expected an integer");
        Row row = mapped("points,device=a,day=2026-11-21 i=7.0,n=2.5 1\n").get(0).rows().get(0);
        assertThat(row.cells()[POINTS.regularIndex("i")].value()).isEqualTo(NativeType.INT.encode(7));
        assertThat(row.cells()[POINTS.regularIndex("n")].value())
                .isEqualTo(NativeType.DECIMAL.encode(new BigDecimal("2.5")));
    }

    @Test
    void repeatedAndChangingTagsEachMapToTheirOwnKey() {
        List<Mutation> mutations = mapped("points,device=a,day=2026-11-21 d=1 1\n"
                + "points,device=a,day=2026-11-21 d=2 2\n"
                + "points,device=b,day=2026-11-22 d=3 3\n"
                + "points,device=a,day=2026-11-21 d=4 4\n"
                + "points,day=2026-11-22,device=a d=5 5\n");
        assertThat(mutations).extracting(Mutation::key).containsExactly(key("a", "2026-11-21"),
                key("a", "2026-11-21"), key("b", "2026-11-22"), key("a", "2026-11-21"), key("a", "2026-11-22"));
    }

    @Test
    void aBadTagAfterGoodOnesIsStillRefused() {
        assertThat(refusal("points,device=a,day=2026-11-21 d=1 1\npoints,device=a,day=2026-11-32 d=2 2\n"))
                .startsWith("line 2: column \"day\" of iot.points is date, tag value \"2026-11-32\"");
    }

    private List<Mutation> mapped(String body) {
        LineMappingResult result = map(body);
        assertThat(result).isInstanceOf(LineMappingResult.Mapped.class);
        return ((LineMappingResult.Mapped) result).mutations();
    }

    private String refusal(String body) {
        LineMappingResult result = map(body);
        assertThat(result).isInstanceOf(LineMappingResult.Refused.class);
        return ((LineMappingResult.Refused) result).message();
    }

    private LineMappingResult map(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return mapper.map(null, "iot", bytes, bytes.length, TimestampPrecision.MILLISECONDS, 1_000,
                (schema, keyspace, measurement, point) -> POINTS);
    }

    private static DecoratedKey key(String device, String day) {
        return DecoratedKey.of(PartitionKeys.compose(new byte[][] {
                device.getBytes(StandardCharsets.UTF_8), NativeType.DATE.encode(LocalDate.parse(day))}));
    }
}
