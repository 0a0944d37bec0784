package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.TestTables;
import io.almanac.ingest.line.TimestampPrecision;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import io.almanac.storage.time.ManualClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line-protocol mapper's value paths that skip the JSON converter: float fields into float and double columns
 * (serialized directly, exactly as the converter would) and tags repeated from the previous line (converted once);
 * static columns (cells in the static row) and user-defined type columns (refused per line).
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

    /** {@code stations (station text, ts timestamp, value double, location text STATIC, owner text STATIC)}. */
    private static final TableMetadata STATIONS = TestTables.table("iot", "stations", 0, List.of(
            TestTables.partitionKey("station", NativeType.TEXT, 0),
            TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
            TestTables.regular("value", NativeType.DOUBLE),
            TestTables.staticColumn("location", NativeType.TEXT),
            TestTables.staticColumn("owner", NativeType.TEXT)));

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

    @Test
    void aStaticColumnIsSetLikeAnyColumnAndItsCellGoesToTheStaticRow() {
        Mutation mutation = mapped(STATIONS, "stations,station=s1,location=roof value=2.5 1000\n").get(0);
        assertThat(mutation.rows()).extracting(Row::clustering)
                .containsExactly(Clustering.of(NativeType.TIMESTAMP.encode(1000L)), Clustering.STATIC);
        Row clustered = mutation.rows().get(0);
        assertThat(clustered.marker()).isNotNull();
        assertThat(clustered.cells()[STATIONS.regularIndex("value")].value())
                .isEqualTo(NativeType.DOUBLE.encode(2.5));
        assertThat(clustered.cells()[STATIONS.regularIndex("location")]).isNull();
        Row statics = mutation.rows().get(1);
        assertThat(statics.marker()).isNull();
        assertThat(statics.cells()[STATIONS.regularIndex("location")].value())
                .isEqualTo("roof".getBytes(StandardCharsets.UTF_8));
        assertThat(statics.cells()[STATIONS.regularIndex("owner")]).isNull();

        Mutation fieldOnly = mapped(STATIONS, "stations,station=s1 owner=\"ops\" 1000\n").get(0);
        assertThat(fieldOnly.rows()).as("a static field, and the timestamp's clustering row with its marker")
                .extracting(Row::clustering)
                .containsExactly(Clustering.of(NativeType.TIMESTAMP.encode(1000L)), Clustering.STATIC);
    }

    @Test
    void aLineWhoseTimeColumnIsStaticWritesTheStaticRowAloneWhenItGivesNoClustering() {
        TableMetadata latest = TestTables.table("iot", "latest", 0, List.of(
                TestTables.partitionKey("station", NativeType.TEXT, 0),
                TestTables.clustering("sensor", NativeType.TEXT, 0, ClusteringOrder.ASC),
                TestTables.regular("value", NativeType.DOUBLE),
                TestTables.staticColumn("time", NativeType.TIMESTAMP),
                TestTables.staticColumn("battery", NativeType.DOUBLE)));
        Mutation mutation = mapped(latest, "latest,station=s1 battery=0.5 1000\n").get(0);
        assertThat(mutation.rows()).singleElement().satisfies(row -> {
            assertThat(row.clustering()).isSameAs(Clustering.STATIC);
            assertThat(row.marker()).isNull();
            assertThat(row.cells()[latest.regularIndex("time")].value())
                    .isEqualTo(NativeType.TIMESTAMP.encode(1000L));
        });
        assertThat(refusal(latest, "latest,station=s1 value=1.5 1000\n")).isEqualTo("line 1: missing clustering"
                + " column \"sensor\" of iot.latest: give it as a tag or a field");
        assertThat(mapped(latest, "latest,station=s1,sensor=t value=1.5,battery=0.4 1000\n").get(0).rows())
                .hasSize(2);
    }

    @Test
    void aUserDefinedTypeColumnHasNoLineProtocolFormAndTheLineIsRefusedNamingIt() {
        UserType point = new UserType("iot", "point", List.of("lat", "lon"),
                List.of(NativeType.DOUBLE, NativeType.DOUBLE), true);
        TableMetadata sites = TestTables.table("iot", "sites", 0, List.of(
                TestTables.partitionKey("site", NativeType.TEXT, 0),
                TestTables.clustering("ts", NativeType.TIMESTAMP, 0, ClusteringOrder.ASC),
                TestTables.regular("value", NativeType.DOUBLE),
                TestTables.regular("geo", point)));
        String expected = "column \"geo\" of iot.sites is frozen<point>, a user-defined type, which has no"
                + " line-protocol form: write it through the JSON rows endpoint, MQTT JSON or CQL";
        assertThat(refusal(sites, "sites,site=a value=1 1\nsites,site=a geo=\"{\\\"lat\\\": 1}\" 2\n"))
                .isEqualTo("line 2: " + expected);
        assertThat(refusal(sites, "sites,site=a,geo=x value=1 1\n")).isEqualTo("line 1: " + expected);
    }

    private List<Mutation> mapped(String body) {
        return mapped(POINTS, body);
    }

    private List<Mutation> mapped(TableMetadata table, String body) {
        LineMappingResult result = map(table, body);
        assertThat(result).isInstanceOf(LineMappingResult.Mapped.class);
        return ((LineMappingResult.Mapped) result).mutations();
    }

    private String refusal(String body) {
        return refusal(POINTS, body);
    }

    private String refusal(TableMetadata table, String body) {
        LineMappingResult result = map(table, body);
        assertThat(result).isInstanceOf(LineMappingResult.Refused.class);
        return ((LineMappingResult.Refused) result).message();
    }

    private LineMappingResult map(TableMetadata table, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return mapper.map(null, "iot", bytes, bytes.length, TimestampPrecision.MILLISECONDS, 1_000,
                (schema, keyspace, measurement, point) -> table);
    }

    private static DecoratedKey key(String device, String day) {
        return DecoratedKey.of(PartitionKeys.compose(new byte[][] {
                device.getBytes(StandardCharsets.UTF_8), NativeType.DATE.encode(LocalDate.parse(day))}));
    }
}
