package io.almanac.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.TestTables;
import io.almanac.ingest.mapping.LineProtocolTables;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The InfluxDB write endpoints end to end: java.net.http client, loopback socket, the real storage engine. */
class InfluxWriteTest {

    private static final int MAX_BODY_BYTES = 16_384;
    private static final int MAX_LINES = 10;
    private static final String WRITE = "/api/v2/write?org=acme&bucket=iot";

    @TempDir
    Path dataDirectory;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private EventLoops loops;
    private EngineFixture fixture;
    private IngestGateway gateway;
    private HttpIngestServer server;
    private HttpIngestServer creatingServer;
    private TableMetadata metrics;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        metrics = TestTables.table("iot", "metrics", 0, List.of(
                TestTables.partitionKey("host", NativeType.TEXT, 0),
                TestTables.partitionKey("sensor", NativeType.INT, 1),
                TestTables.clustering("time", NativeType.TIMESTAMP, 0, ClusteringOrder.DESC),
                TestTables.regular("temp", NativeType.DOUBLE), TestTables.regular("f", NativeType.FLOAT),
                TestTables.regular("count", NativeType.BIGINT), TestTables.regular("small", NativeType.SMALLINT),
                TestTables.regular("n", NativeType.INT), TestTables.regular("v", NativeType.VARINT),
                TestTables.regular("d", NativeType.DECIMAL), TestTables.regular("ok", NativeType.BOOLEAN),
                TestTables.regular("label", NativeType.TEXT), TestTables.regular("a", NativeType.ASCII),
                TestTables.regular("id", NativeType.UUID), TestTables.regular("ip", NativeType.INET),
                TestTables.regular("at", NativeType.TIMESTAMP)));
        fixture.engine.createTable(metrics, false);
        gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        server = new HttpIngestServer(new HttpIngestConfig("127.0.0.1", 0, MAX_BODY_BYTES, MAX_LINES, false),
                gateway, loops.parent, loops.child);
        server.start();
        creatingServer = new HttpIngestServer(new HttpIngestConfig("127.0.0.1", 0, MAX_BODY_BYTES, MAX_LINES, true),
                gateway, loops.parent, loops.child);
        creatingServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
        creatingServer.close();
        loops.close();
        fixture.close();
    }

    @Test
    void aMultiLineBodyIsCommittedBeforeThe204() throws Exception {
        HttpResponse<String> response = post(WRITE, "# Telegraf batch\n"
                + "readings,device=d1 value=21.5,status=\"ok\" 1795260000000000000\n"
                + "\n"
                + "readings,device=d1 value=22i 1795260060000000000\n"
                + "readings,device=d\\ 2 value=-1e2 1795260000123456789\n");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        List<Row> d1 = fixture.readings("d1");
        assertThat(d1).hasSize(2);
        assertThat(NativeType.TIMESTAMP.decode(d1.get(0).clustering().get(0)))
                .isEqualTo(Instant.parse("2026-11-21T11:21:00Z"));
        assertThat(value(d1.get(0), "value")).isEqualTo(22.0);
        assertThat(value(d1.get(1), "value")).isEqualTo(21.5);
        assertThat(value(d1.get(1), "status")).isEqualTo("ok");
        List<Row> d2 = fixture.readings("d 2");
        assertThat(d2).hasSize(1);
        assertThat(NativeType.TIMESTAMP.decode(d2.get(0).clustering().get(0)))
                .isEqualTo(Instant.ofEpochMilli(1_795_260_000_123L));
        assertThat(value(d2.get(0), "value")).isEqualTo(-100.0);
        assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(3);
    }

    @Test
    void everyPrecisionScalesToMilliseconds() throws Exception {
        long millis = 1_795_260_000_123L;
        assertThat(post(WRITE + "&precision=ns", "readings,device=ns value=1 " + millis + "456789")
                .statusCode()).isEqualTo(204);
        assertThat(post(WRITE + "&precision=us", "readings,device=us value=1 " + millis + "456")
                .statusCode()).isEqualTo(204);
        assertThat(post(WRITE + "&precision=ms", "readings,device=ms value=1 " + millis).statusCode())
                .isEqualTo(204);
        assertThat(post(WRITE + "&precision=s", "readings,device=s value=1 " + millis / 1000).statusCode())
                .isEqualTo(204);
        for (String device : List.of("ns", "us", "ms")) {
            assertThat(timeOf(fixture.readings(device).get(0))).as(device).isEqualTo(millis);
        }
        assertThat(timeOf(fixture.readings("s").get(0))).isEqualTo(millis / 1000 * 1000);
        HttpResponse<String> bad = post(WRITE + "&precision=h", "readings,device=h value=1 1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).get("message").asText())
                .isEqualTo("precision \"h\" is not one of ns, us, ms, s");
    }

    @Test
    void aLineWithoutTimestampGetsTheArrivalTime() throws Exception {
        assertThat(post(WRITE, "readings,device=now value=3").statusCode()).isEqualTo(204);
        assertThat(timeOf(fixture.readings("now").get(0))).isEqualTo(EngineFixture.START_MICROS / 1000);
    }

    @Test
    void theV1WriteEndpointAndAnAuthorizationTokenAreAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/write?db=iot&precision=s&u=user&p=secret"))
                .header("Authorization", "Token not-checked-yet").header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("readings,device=v1 value=7 1795260000")).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(timeOf(fixture.readings("v1").get(0))).isEqualTo(1_795_260_000_000L);
    }

    @Test
    void gzipBodiesAreDecompressed() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < MAX_LINES; i++) {
            body.append("readings,device=gz value=").append(i).append(' ').append(1_795_260_000L + i).append('\n');
        }
        HttpResponse<String> response = send(WRITE + "&precision=s", "gzip", gzip(body.toString()));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(fixture.readings("gz")).hasSize(MAX_LINES);
    }

    @Test
    void aGzipBodyInflatingPastTheLimitIs413() throws Exception {
        String zeros = "readings,device=bomb status=\"" + "0".repeat(MAX_BODY_BYTES) + "\"";
        byte[] compressed = gzip(zeros);
        assertThat(compressed.length).isLessThan(MAX_BODY_BYTES / 10);
        HttpResponse<String> response = send(WRITE, "gzip", compressed);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("request too large");
        assertThat(fixture.readings("bomb")).isEmpty();
    }

    @Test
    void aBrokenGzipStreamIs400() throws Exception {
        HttpResponse<String> response = send(WRITE, "gzip", "not gzip".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("message").asText())
                .isEqualTo("the body is not a valid gzip stream");
    }

    @Test
    void aSyntaxErrorNamesItsLineAndColumnAndNothingIsWritten() throws Exception {
        HttpResponse<String> response = post(WRITE, "readings,device=a value=1\n"
                + "readings,device=b value=2\n"
                + "readings,device=c value=\n"
                + "readings,device=d value=4\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree("{\"code\": \"invalid\", \"message\":"
                + " \"line 3: unable to parse 'readings,device=c value=': missing field value\", \"line\": 3,"
                + " \"column\": 25}"));
        for (String device : List.of("a", "b", "c", "d")) {
            assertThat(fixture.readings(device)).as("device %s", device).isEmpty();
        }
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.MALFORMED_LINE_PROTOCOL)).isEqualTo(1);
    }

    @Test
    void aValueOfTheWrongTypeNamesLineColumnAndTypes() throws Exception {
        assertInvalid("readings,device=a value=1\nreadings,device=b value=\"x\"", 2,
                "line 2: column \"value\" of iot.readings is double, field value \"x\" is a string");
        assertThat(fixture.readings("a")).isEmpty();
        assertInvalid("readings,device=a value=t", 1,
                "line 1: column \"value\" of iot.readings is double, field value true is a boolean");
        assertInvalid("readings,device=a status=1i", 1,
                "line 1: column \"status\" of iot.readings is text, field value 1i is an integer");
        assertInvalid("metrics,host=h,sensor=x temp=1", 1, "line 1: column \"sensor\" of iot.metrics is int,"
                + " tag value \"x\": expected an integer, got \"x\"");
        assertInvalid("metrics,host=h,sensor=1 small=40000i", 1, "line 1: column \"small\" of iot.metrics is"
                + " smallint, field value 40000i: value 40000 is out of range for smallint [-32768, 32767]");
        assertInvalid("metrics,host=h,sensor=1 count=1.5", 1, "line 1: column \"count\" of iot.metrics is bigint,"
                + " field value 1.5: expected an integer, got 1.5");
    }

    @Test
    void unknownMissingAndUnsettableColumnsAreNamed() throws Exception {
        assertInvalid("readings,device=a,room=k value=1", 1,
                "line 1: unknown tag \"room\": table iot.readings has no column of that name");
        assertInvalid("readings,device=a humidity=1", 1,
                "line 1: unknown field \"humidity\": table iot.readings has no column of that name");
        assertInvalid("readings value=1", 1,
                "line 1: missing partition key column \"device\" of iot.readings: give it as a tag or a field");
        assertInvalid("readings,device=a ts=1i", 1,
                "line 1: field \"ts\" names column \"ts\" of iot.readings, which holds the line's timestamp");
        assertInvalid("readings,device=a tags=\"x\"", 1,
                "line 1: column \"tags\" of iot.readings is set<text>, which line protocol cannot set");
        assertInvalid("readings,device=a value=1,value=2", 1,
                "line 1: column \"value\" of iot.readings is given twice");
        assertInvalid("every_type,id=1 c_int=1i", 1, "line 1: table iot.every_type has no clustering column of type"
                + " timestamp and no timestamp column named \"time\" to hold the line's timestamp");
    }

    @Test
    void fieldsAndTagsConvertToTheirColumnTypes() throws Exception {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        HttpResponse<String> response = post(WRITE + "&precision=ms", "metrics,host=h1,sensor=42 temp=21.5,f=1.25,"
                + "count=9000000000i,small=7i,n=3u,v=18446744073709551615u,d=1.5,ok=T,label=\"hé\",a=\"x\","
                + "id=\"" + id + "\",ip=\"10.0.0.1\",at=\"2026-11-21T10:00:00Z\" 1795260000000");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        byte[] key = PartitionKeys.compose("h1".getBytes(StandardCharsets.UTF_8), NativeType.INT.encode(42));
        List<Row> rows = fixture.read(metrics, key, fixture.clock.nowSeconds());
        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(metricValue(row, "temp")).isEqualTo(21.5);
        assertThat(metricValue(row, "f")).isEqualTo(1.25f);
        assertThat(metricValue(row, "count")).isEqualTo(9_000_000_000L);
        assertThat(metricValue(row, "small")).isEqualTo((short) 7);
        assertThat(metricValue(row, "n")).isEqualTo(3);
        assertThat(metricValue(row, "v")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(metricValue(row, "d")).isEqualTo(new BigDecimal("1.5"));
        assertThat(metricValue(row, "ok")).isEqualTo(true);
        assertThat(metricValue(row, "label")).isEqualTo("hé");
        assertThat(metricValue(row, "a")).isEqualTo("x");
        assertThat(metricValue(row, "id")).isEqualTo(id);
        assertThat(metricValue(row, "ip")).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(metricValue(row, "at")).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void notFoundBucketsAndTables() throws Exception {
        HttpResponse<String> bucket = post("/api/v2/write?bucket=nope", "readings,device=a value=1");
        assertThat(bucket.statusCode()).isEqualTo(404);
        assertThat(json.readTree(bucket.body())).isEqualTo(json.readTree(
                "{\"code\": \"not found\", \"message\": \"bucket \\\"nope\\\" not found\"}"));
        HttpResponse<String> table = post(WRITE, "readings,device=a value=1\ncpu,host=a usage=1");
        assertThat(table.statusCode()).isEqualTo(404);
        assertThat(json.readTree(table.body()).get("message").asText())
                .isEqualTo("line 2: table \"iot.cpu\" not found (measurement \"cpu\")");
        assertThat(fixture.readings("a")).isEmpty();
        HttpResponse<String> missing = post("/api/v2/write", "readings,device=a value=1");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).get("message").asText())
                .isEqualTo("bucket is required: give it as the bucket query parameter");
    }

    @Test
    void tooLargeBodiesAndTooManyLinesAre413() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= MAX_LINES; i++) {
            lines.append("readings,device=many value=1 ").append(i).append('\n');
        }
        HttpResponse<String> tooMany = post(WRITE, lines.toString());
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json.readTree(tooMany.body()).get("message").asText())
                .isEqualTo("line 11: the request has more than 10 points (the limit per request)");
        assertThat(fixture.readings("many")).isEmpty();

        HttpResponse<String> tooLarge = post(WRITE, "readings,device=big status=\"" + "x".repeat(MAX_BODY_BYTES)
                + "\"");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json.readTree(tooLarge.body()).get("code").asText()).isEqualTo("request too large");
    }

    @Test
    void whatCurlSendsByDefaultIsAccepted() throws Exception {
        for (String type : List.of("application/x-www-form-urlencoded", "application/octet-stream")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(WRITE + "&precision=s"))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(
                            "readings,device=curl-" + type.length() + " value=20.5 1795255200")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(204);
            assertThat(fixture.readings("curl-" + type.length())).hasSize(1);
        }
    }

    @Test
    void otherContentTypesAndEncodingsAre415AndOtherMethods405() throws Exception {
        HttpRequest jsonBody = HttpRequest.newBuilder(uri(WRITE)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("readings,device=a value=1")).build();
        HttpResponse<String> type = client.send(jsonBody, HttpResponse.BodyHandlers.ofString());
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(json.readTree(type.body()).get("code").asText()).isEqualTo("unsupported media type");
        HttpResponse<String> encoding = send(WRITE, "br", "readings,device=a value=1".getBytes(StandardCharsets.UTF_8));
        assertThat(encoding.statusCode()).isEqualTo(415);
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri(WRITE)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void autoCreateShapesATwcsTableFromTheFirstLine() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + creatingServer.boundPort()
                        + WRITE + "&precision=s")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("cpu,host=a,cpu=cpu0 usage=0.5,count=3i,up=t,"
                        + "note=\"x\",big=1u 1795260000\ncpu,host=a,cpu=cpu0 usage=0.7 1795260060")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        TableMetadata cpu = fixture.engine.schema().table("iot", "cpu");
        assertThat(cpu.params().compaction()).isEqualTo(LineProtocolTables.COMPACTION);
        assertThat(cpu.partitionKeyColumns()).extracting(c -> c.name() + " " + c.type().cqlName())
                .containsExactly("host text", "cpu text");
        assertThat(cpu.clusteringColumns()).singleElement().satisfies(time -> {
            assertThat(time.name()).isEqualTo("time");
            assertThat(time.order()).isEqualTo(ClusteringOrder.DESC);
            assertThat(time.kind()).isEqualTo(ColumnKind.CLUSTERING);
        });
        assertThat(cpu.regularColumns()).extracting(c -> c.name() + " " + c.type().cqlName())
                .containsExactlyInAnyOrder("usage double", "count bigint", "up boolean", "note text", "big varint");
        byte[] key = PartitionKeys.compose("a".getBytes(StandardCharsets.UTF_8),
                "cpu0".getBytes(StandardCharsets.UTF_8));
        List<Row> rows = fixture.read(cpu, key, fixture.clock.nowSeconds());
        assertThat(rows).hasSize(2);
        assertThat(NativeType.DOUBLE.decode(rows.get(0).cells()[cpu.regularIndex("usage")].value())).isEqualTo(0.7);

        HttpRequest untagged = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + creatingServer.boundPort()
                + WRITE)).POST(HttpRequest.BodyPublishers.ofString("bare v=1")).build();
        assertThat(client.send(untagged, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(fixture.engine.schema().table("iot", "bare")).isNull();
    }

    private void assertInvalid(String body, int line, String message) throws Exception {
        HttpResponse<String> response = post(WRITE, body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("code").asText()).isEqualTo("invalid");
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("line").asInt()).isEqualTo(line);
    }

    private Object value(Row row, String column) {
        return fixture.readings.column(column).type().decode(row.cells()[fixture.readings.regularIndex(column)]
                .value());
    }

    private Object metricValue(Row row, String column) {
        return metrics.column(column).type().decode(row.cells()[metrics.regularIndex(column)].value());
    }

    private static long timeOf(Row row) {
        return ((Instant) NativeType.TIMESTAMP.decode(row.clustering().get(0))).toEpochMilli();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.boundPort() + pathAndQuery);
    }

    private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String pathAndQuery, String encoding, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=utf-8").header("Content-Encoding", encoding)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
