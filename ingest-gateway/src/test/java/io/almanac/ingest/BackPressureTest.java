package io.almanac.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.almanac.ingest.http.HttpIngestConfig;
import io.almanac.ingest.http.HttpIngestServer;
import io.almanac.ingest.mqtt.MqttIngestConfig;
import io.almanac.ingest.mqtt.MqttIngestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shard engine with a 4 KiB ring buffer: a request or message of many rows overruns it, so the write path
 * refuses. HTTP must answer 503 with Retry-After; MQTT must stop reading and retry until every row has landed.
 */
class BackPressureTest {

    private static final int RING_BUFFER_BYTES = 4_096;
    /** A status text long enough that a dozen rows fill the ring, short enough for one ring record. */
    private static final String STATUS = "s".repeat(150);

    @TempDir
    Path dataDirectory;

    private EventLoops loops;
    private EngineFixture fixture;
    private IngestGateway gateway;
    private HttpIngestServer http;
    private MqttIngestServer mqtt;

    @BeforeEach
    void start() {
        fixture = EngineFixture.openWithRingBuffer(dataDirectory, RING_BUFFER_BYTES);
        gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        http = new HttpIngestServer(new HttpIngestConfig("127.0.0.1", 0, 1 << 20), gateway, loops.parent, loops.child);
        http.start();
        mqtt = new MqttIngestServer(MqttIngestConfig.of("127.0.0.1", 0, 1 << 20), gateway, loops.parent, loops.child);
        mqtt.start();
    }

    @AfterEach
    void stop() {
        http.close();
        mqtt.close();
        loops.close();
        fixture.close();
    }

    @Test
    void httpAnswers503WithRetryAfterAndAccepts204sInFull() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> refused = null;
        for (int attempt = 0; attempt < 20 && refused == null; attempt++) {
            HttpResponse<String> response = post(client, rows("http-" + attempt, 500));
            assertThat(response.statusCode()).isIn(204, 503);
            if (response.statusCode() == 503) {
                refused = response;
            } else {
                assertThat(fixture.readings("http-" + attempt)).as("a 204 means every row").hasSize(500);
            }
        }
        assertThat(refused).as("a 500-row request overruns a 4 KiB ring buffer").isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new ObjectMapper().readTree(refused.body()).get("error").asText())
                .isEqualTo("the write path is overloaded; retry after 1 second");
        assertThat(gateway.metrics().snapshot().backPressureEvents()).isPositive();

        HttpResponse<String> retried = null;
        for (int attempt = 0; attempt < 1_000 && (retried == null || retried.statusCode() != 204); attempt++) {
            retried = post(client, rows("http-retry", 1));
        }
        assertThat(retried.statusCode()).isEqualTo(204);
        assertThat(fixture.readings("http-retry")).hasSize(1);
    }

    @Test
    void lineProtocolWritesAnswer503WithRetryAfterInInfluxShape() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> refused = null;
        for (int attempt = 0; attempt < 20 && refused == null; attempt++) {
            StringBuilder lines = new StringBuilder();
            for (int ts = 0; ts < 500; ts++) {
                lines.append("readings,device=lp-").append(attempt).append(" status=\"").append(STATUS)
                        .append("\" ").append(ts).append('\n');
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.boundPort()
                            + "/api/v2/write?bucket=iot&precision=ms")).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isIn(204, 503);
            if (response.statusCode() == 503) {
                refused = response;
            } else {
                assertThat(fixture.readings("lp-" + attempt)).as("a 204 means every point").hasSize(500);
            }
        }
        assertThat(refused).as("a 500-line request overruns a 4 KiB ring buffer").isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new ObjectMapper().readTree(refused.body())).isEqualTo(new ObjectMapper().readTree(
                "{\"code\": \"unavailable\", \"message\": \"the write path is overloaded; retry after 1 second\"}"));
    }

    @Test
    void mqttStopsReadingAndEveryPublishedRowLands() {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier("flood")
                .serverHost("127.0.0.1").serverPort(mqtt.boundPort()).buildAsync();
        client.connect().join();
        int devices = 20;
        int messages = 0;
        // batches of 100 messages of 20 rows (~5 KiB of mutations each, more than the ring holds) until the
        // write path has pushed back at least once; half are QoS 0, which must land too
        for (int batch = 0; batch < 10 && (batch == 0 || gateway.metrics().snapshot().backPressureEvents() == 0);
             batch++) {
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int i = 0; i < 100; i++, messages++) {
                byte[] payload = rowsAt(messages, devices).getBytes(StandardCharsets.UTF_8);
                MqttQos qos = messages % 2 == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
                acknowledged.add(client.publishWith().topic("almanac/iot/readings").qos(qos).payload(payload).send());
            }
            CompletableFuture.allOf(acknowledged.toArray(new CompletableFuture<?>[0]))
                    .orTimeout(60, TimeUnit.SECONDS).join();
        }
        int published = messages;
        Eventually.await(Duration.ofSeconds(60), "every row of " + published + " messages", () -> {
            for (int device = 0; device < devices; device++) {
                if (fixture.readings("mqtt-" + device).size() != published) {
                    return false;
                }
            }
            return true;
        });
        assertThat(gateway.metrics().snapshot().backPressureEvents()).isPositive();
        assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo((long) published * devices);
        client.disconnect().join();
    }

    /** @return one message: a row at time {@code ts} for each of {@code devices} devices */
    private static String rowsAt(int ts, int devices) {
        StringJoiner rows = new StringJoiner(",", "[", "]");
        for (int device = 0; device < devices; device++) {
            rows.add("{\"device\": \"mqtt-" + device + "\", \"ts\": " + ts + ", \"status\": \"" + STATUS + "\"}");
        }
        return rows.toString();
    }

    private static String rows(String device, int count) {
        StringJoiner rows = new StringJoiner(",", "[", "]");
        for (int ts = 0; ts < count; ts++) {
            rows.add("{\"device\": \"" + device + "\", \"ts\": " + ts + ", \"status\": \"" + STATUS + "\"}");
        }
        return rows.toString();
    }

    private HttpResponse<String> post(HttpClient client, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.boundPort()
                        + "/v1/keyspaces/iot/tables/readings/rows")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
