package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device writes over HTTP (curl's request, sent with the JDK client) and MQTT (Debian's {@code mosquitto_pub}) land
 * in the same table CQL reads; bad input is refused with the line that failed and the node keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestEndToEndTest {

    @TempDir
    static Path dataDirectory;

    private TestNode node;
    private CqlSession session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        node = TestNode.start(dataDirectory);
        session = node.session();
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE iot.sensor_data (device_id text, day date, ts timestamp, metric text,"
                + " value double, PRIMARY KEY ((device_id, day), ts, metric))"
                + " WITH CLUSTERING ORDER BY (ts DESC, metric ASC)");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void httpRowsAreReadableOverCql() throws Exception {
        HttpResponse<String> response = post("iot", "sensor_data", """
                [{"device_id":"dev-http","day":"2026-11-21","ts":"2026-11-21T10:00:00Z","metric":"temp","value":21.5},
                 {"device_id":"dev-http","day":"2026-11-21","ts":1795255201000,"metric":"temp","value":21.6}]""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        List<Row> rows = session.execute("SELECT ts, value FROM iot.sensor_data WHERE device_id = 'dev-http'"
                + " AND day = '2026-11-21'").all();
        assertThat(rows).extracting(r -> r.getDouble("value")).containsExactly(21.6, 21.5);
        assertThat(rows.get(0).getInstant("ts")).isEqualTo(java.time.Instant.ofEpochMilli(1795255201000L));
    }

    @Test
    void badJsonIsRefusedWithTheRowAndColumnAndNothingIsWritten() throws Exception {
        HttpResponse<String> response = post("iot", "sensor_data", """
                [{"device_id":"dev-bad","day":"2026-11-21","ts":"2026-11-21T10:00:00Z","metric":"m","value":1.0},
                 {"device_id":"dev-bad","day":"2026-11-21","ts":"yesterday","metric":"m","value":2.0}]""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"row\":1").contains("ts");
        assertThat(post("iot", "sensor_data", "{not json").statusCode()).isEqualTo(400);
        assertThat(post("iot", "no_such_table", "{}").statusCode()).isEqualTo(404);
        assertThat(session.execute("SELECT * FROM iot.sensor_data WHERE device_id = 'dev-bad'"
                + " AND day = '2026-11-21'").all()).isEmpty();
        assertThat(post("iot", "sensor_data", """
                {"device_id":"dev-bad","day":"2026-11-21","ts":"2026-11-21T10:00:00Z","metric":"m","value":3.0}""")
                .statusCode()).as("the node still serves").isEqualTo(204);
    }

    @Test
    void influxLineProtocolIsReadableOverCql() throws Exception {
        String lines = "sensor_data,device_id=dev-lp,day=2026-11-21,metric=temp value=22.5 1795255200\n"
                + "sensor_data,device_id=dev-lp,day=2026-11-21,metric=humidity value=41 1795255200\n";
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + node.httpPort() + "/api/v2/write?org=site&bucket=iot&precision=s"))
                .header("Content-Encoding", "gzip").header("Authorization", "Token telegraf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        List<Row> rows = session.execute("SELECT metric, value FROM iot.sensor_data WHERE device_id = 'dev-lp'"
                + " AND day = '2026-11-21' AND ts = '2026-11-21T10:00:00Z'").all();
        assertThat(rows).extracting(r -> r.getString("metric") + "=" + r.getDouble("value"))
                .containsExactly("humidity=41.0", "temp=22.5");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + node.httpPort() + "/api/v2/write?bucket=iot"))
                .POST(HttpRequest.BodyPublishers.ofString(lines + "sensor_data,device_id=x value=\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"line\":3");
    }

    @Test
    void mosquittoPubRowsAreReadableOverCql() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")) || System.getenv("CI") != null,
                "mosquitto_pub is not installed (apt-get install mosquitto-clients); .ci/run installs it");
        for (int qos = 0; qos <= 1; qos++) {
            Process publish = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1",
                    "-p", Integer.toString(node.mqttPort()), "-q", Integer.toString(qos), "-V", "mqttv311",
                    "-t", "almanac/iot/sensor_data",
                    "-m", "{\"device_id\":\"dev-mqtt\",\"day\":\"2026-11-21\",\"ts\":\"2026-11-21T10:00:0" + qos
                            + "Z\",\"metric\":\"temp\",\"value\":" + qos + ".5}")
                    .redirectErrorStream(true).start();
            assertThat(publish.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(publish.exitValue()).as(new String(publish.getInputStream().readAllBytes())).isZero();
        }
        String select = "SELECT value FROM iot.sensor_data WHERE device_id = 'dev-mqtt' AND day = '2026-11-21'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Row> rows = session.execute(select).all();
        while (rows.size() < 2 && System.nanoTime() < deadline) { // QoS 0 has no acknowledgement to wait for
            Thread.onSpinWait();
            rows = session.execute(select).all();
        }
        assertThat(rows).extracting(r -> r.getDouble(0)).containsExactly(1.5, 0.5);
    }

    private HttpResponse<String> post(String keyspace, String table, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/v1/keyspaces/" + keyspace + "/tables/" + table + "/rows"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
