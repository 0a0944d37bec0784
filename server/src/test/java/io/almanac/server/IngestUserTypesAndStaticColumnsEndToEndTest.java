package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-defined types and static columns written over HTTP JSON, MQTT JSON and line protocol, read back through the
 * Java driver and compared byte for byte with the same rows written by CQL INSERTs into another partition: the ingest
 * path writes what CQL writes. Refusals (a missing clustering, an unknown UDT field, a UDT in line protocol) come back
 * as row errors (HTTP 400 naming the row or line, MQTT 5 PUBACK 0x99) and nothing of the refused payload is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestUserTypesAndStaticColumnsEndToEndTest {

    /** The CQL reference rows of a partition: a static-only row, a clustered row with UDTs, a row with both. */
    private static final List<String> CQL_ROWS = List.of(
            "INSERT INTO iot.stations (station, location, owner) VALUES"
                    + " ('%s', {street: 'Main', number: 5, geo: {lat: 1.5, lon: 2.5}}, 'ops')",
            "INSERT INTO iot.stations (station, ts, value, visits, note) VALUES"
                    + " ('%s', '2026-11-21T10:00:00Z', 1.5, [{lat: 1, lon: 2}, {lat: 3}], {street: 'x', number: 7})",
            "INSERT INTO iot.stations (station, ts, value, owner) VALUES ('%s', '2026-11-21T10:01:00Z', 2.5, 'field')");
    /** The same rows as the JSON ingest API takes them (an object by UDT field name). */
    private static final List<String> JSON_ROWS = List.of(
            "{\"station\": \"%s\", \"location\": {\"street\": \"Main\", \"number\": 5,"
                    + " \"geo\": {\"lat\": 1.5, \"lon\": 2.5}}, \"owner\": \"ops\"}",
            "{\"station\": \"%s\", \"ts\": \"2026-11-21T10:00:00Z\", \"value\": 1.5,"
                    + " \"visits\": [{\"lat\": 1, \"lon\": 2}, {\"lat\": 3}], \"note\": {\"street\": \"x\", \"number\": 7}}",
            "{\"station\": \"%s\", \"ts\": \"2026-11-21T10:01:00Z\", \"value\": 2.5, \"owner\": \"field\"}");

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
        session.execute("CREATE TYPE iot.point (lat double, lon double)");
        session.execute("CREATE TYPE iot.address (street text, number int, geo frozen<point>)");
        session.execute("CREATE TABLE iot.stations (station text, ts timestamp, value double,"
                + " location frozen<address> STATIC, owner text STATIC, visits list<frozen<point>>, note address,"
                + " PRIMARY KEY (station, ts))");
        for (String row : CQL_ROWS) {
            session.execute(String.format(row, "cql"));
        }
        session.execute("INSERT INTO iot.stations (station, ts, owner, value) VALUES ('cql-lp', 1795255200000,"
                + " 'ops', 2.5)");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void httpJsonRowsWriteWhatCqlWrites() throws Exception {
        for (String row : JSON_ROWS) {
            HttpResponse<String> response = post(String.format(row, "http"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        }
        assertSamePartition("http", "cql");
        UdtValue location = session.execute("SELECT location FROM iot.stations WHERE station = 'http'").one()
                .getUdtValue("location");
        assertThat(location.getString("street")).isEqualTo("Main");
        assertThat(location.getUdtValue("geo").getDouble("lon")).isEqualTo(2.5);
    }

    @Test
    void aStaticOnlyRowReadsAsThePartitionsStaticRow() throws Exception {
        assertThat(post("{\"station\": \"static-only\", \"owner\": \"ops\"}").statusCode()).isEqualTo(204);
        List<Row> rows = session.execute("SELECT ts, value, owner FROM iot.stations WHERE station = 'static-only'")
                .all();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.isNull("ts")).isTrue();
            assertThat(row.isNull("value")).isTrue();
            assertThat(row.getString("owner")).isEqualTo("ops");
        });
    }

    @Test
    void httpRowErrorsNameTheRowAndNothingIsWritten() throws Exception {
        HttpResponse<String> missing = post("[{\"station\": \"refused\", \"owner\": \"ops\"},"
                + " {\"station\": \"refused\", \"value\": 1.5, \"owner\": \"x\"}]");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"row\":1").contains("Some clustering keys are missing: ts");
        HttpResponse<String> unknownField = post("{\"station\": \"refused\", \"location\": {\"floor\": 3}}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("Unknown field 'floor' in value of user defined type address");
        HttpResponse<String> badField = post("{\"station\": \"refused\", \"ts\": 1, \"note\": {\"number\": \"n\"}}");
        assertThat(badField.statusCode()).isEqualTo(400);
        assertThat(badField.body()).contains("field 'number': expected an integer");
        assertThat(session.execute("SELECT * FROM iot.stations WHERE station = 'refused'").all()).isEmpty();
    }

    @Test
    void mqttJsonRowsWriteWhatCqlWritesAndBadRowsGetPayloadFormatInvalid() throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("udt-static-e2e")
                .serverHost("127.0.0.1").serverPort(node.mqttPort()).buildAsync();
        client.connect().get(20, TimeUnit.SECONDS);
        try {
            for (String row : JSON_ROWS) {
                assertThat(publish(client, String.format(row, "mqtt"))).isNull();
            }
            Throwable refused = publish(client, "{\"station\": \"mqtt-refused\", \"value\": 1.5}");
            assertThat(refused).isInstanceOf(Mqtt5PubAckException.class);
            assertThat(((Mqtt5PubAckException) refused).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            Throwable unknown = publish(client, "{\"station\": \"mqtt-refused\", \"location\": {\"floor\": 3}}");
            assertThat(unknown).isInstanceOf(Mqtt5PubAckException.class);
        } finally {
            client.disconnect().get(20, TimeUnit.SECONDS);
        }
        assertSamePartition("mqtt", "cql");
        assertThat(session.execute("SELECT * FROM iot.stations WHERE station = 'mqtt-refused'").all()).isEmpty();
    }

    @Test
    void lineProtocolSetsStaticColumnsAndRefusesUdtsNamingTheLine() throws Exception {
        HttpResponse<String> written = writeLines("stations,station=cql-lp-ingest owner=\"ops\",value=2.5"
                + " 1795255200000\n");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
        assertSamePartition("cql-lp-ingest", "cql-lp");

        HttpResponse<String> refused = writeLines("stations,station=lp-refused value=1 1795255200000\n"
                + "stations,station=lp-refused note=\"{}\" 1795255200000\n");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"line\":2").contains("column \\\"note\\\" of iot.stations is address,"
                + " a user-defined type, which has no line-protocol form");
        assertThat(session.execute("SELECT * FROM iot.stations WHERE station = 'lp-refused'").all()).isEmpty();
    }

    /** Every column of every row of partition {@code actual} holds the same bytes as in partition {@code expected}. */
    private void assertSamePartition(String actual, String expected) {
        List<List<ByteBuffer>> actualRows = partition(actual);
        assertThat(actualRows).isNotEmpty();
        assertThat(actualRows).isEqualTo(partition(expected));
    }

    /** @return the serialized value of every column but the partition key, per row */
    private List<List<ByteBuffer>> partition(String station) {
        List<List<ByteBuffer>> rows = new ArrayList<>();
        for (Row row : session.execute("SELECT * FROM iot.stations WHERE station = ?", station)) {
            List<ByteBuffer> values = new ArrayList<>();
            for (ColumnDefinition column : row.getColumnDefinitions()) {
                if (!column.getName().asInternal().equals("station")) {
                    values.add(row.getBytesUnsafe(column.getName()));
                }
            }
            rows.add(values);
        }
        return rows;
    }

    /** @return null when the PUBACK was a success, else the error the client completed the publish with */
    private static Throwable publish(Mqtt5AsyncClient client, String payload) throws Exception {
        try {
            Mqtt5PublishResult result = client.publish(Mqtt5Publish.builder().topic("almanac/iot/stations")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).build())
                    .get(20, TimeUnit.SECONDS);
            return result.getError().orElse(null);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        }
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/v1/keyspaces/iot/tables/stations/rows"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> writeLines(String lines) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/api/v2/write?bucket=iot&precision=ms")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
