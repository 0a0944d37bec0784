package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpWorkloadTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** One request the in-test server received. */
    private record Received(String method, String uri, String contentType, String contentEncoding, String body) {
    }

    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requestNumber = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Request 1 is back-pressured (503, Retry-After: 0), request 5 refused (400), every other one written (204). */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            byte[] raw = exchange.getRequestBody().readAllBytes();
            byte[] body = "gzip".equals(encoding) ? gunzip(raw) : raw;
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), encoding,
                    new String(body, StandardCharsets.UTF_8)));
            int number = requestNumber.incrementAndGet();
            if (number == 1) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                reply(exchange, 503, "{\"code\":\"unavailable\",\"message\":\"overloaded\"}");
            } else if (number == 5) {
                reply(exchange, 400, "{\"code\":\"invalid\",\"message\":\"line 2: no such column\"}");
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private WorkloadConfig config(boolean gzip) {
        IngestOptions ingest = new IngestOptions(Protocol.HTTP, server.getAddress().getPort(), 4, gzip, 1883, 1, 1,
                5, 0, false);
        return new WorkloadConfig("127.0.0.1", 9042, "datacenter1", "ks", "sensor_data", 3, 10, 2, 1, 1, 0, 1, 1, 0,
                false, 7, START, 10_000, ingest);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writesLineProtocolRetriesAfter503AndCountsOtherStatusesAsErrors(boolean gzip) throws Exception {
        WorkloadConfig config = config(gzip);
        PhaseResult result;
        try (HttpWorkload workload = HttpWorkload.create(config)) {
            result = new PhaseRunner(new PrintWriter(new StringWriter()), 1_000)
                    .run("write", workload.writeRequests(), Pacing.closedLoop(1));
        }
        // 30 rows in requests of 4 lines: 8 requests, 9 sent (the first twice); the 4th request's 4 rows refused
        assertThat(received).hasSize(9);
        assertThat(result.requests()).isEqualTo(7);
        assertThat(result.rows()).isEqualTo(26);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.retries()).containsExactly(Map.entry("HTTP 503", 1L));
        assertThat(result.errors()).containsOnlyKeys("HTTP 400");
        assertThat(result.errors().get("HTTP 400").firstMessage())
                .isEqualTo("{\"code\":\"invalid\",\"message\":\"line 2: no such column\"}");
        for (Received request : received) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v2/write?bucket=ks&precision=ms");
            assertThat(request.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(request.contentEncoding()).isEqualTo(gzip ? "gzip" : null);
        }
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.subList(1, 9)).extracting(Received::body).containsExactlyElementsOf(expectedBodies(config));
    }

    /** The bodies the schedule implies: rows of devices 0, 1, 2 in turn, 4 lines per request. */
    private static List<String> expectedBodies(WorkloadConfig config) {
        WriteSchedule schedule = new WriteSchedule(config);
        List<String> bodies = new ArrayList<>();
        while (schedule.hasNext()) {
            List<SensorRow> rows = new ArrayList<>();
            while (rows.size() < 4 && schedule.hasNext()) {
                rows.addAll(schedule.next());
            }
            bodies.add(new String(LineProtocolEncoder.body("sensor_data", rows), StandardCharsets.UTF_8));
        }
        assertThat(bodies).hasSize(8);
        assertThat(bodies.get(0)).startsWith("sensor_data,device_id=device-00000,day=2026-01-01,metric=temperature "
                + "value=").contains(" 1767225600000\nsensor_data,device_id=device-00001,day=2026-01-01,");
        assertThat(bodies.get(7).lines()).hasSize(2);
        return bodies;
    }

    @Test
    void aFixedRateRunReportsNoRetriesWhenEveryRequestIsWrittenAtOnce() throws Exception {
        requestNumber.set(5);
        WorkloadConfig config = config(false);
        PhaseResult result;
        try (HttpWorkload workload = HttpWorkload.create(config)) {
            result = new PhaseRunner(new PrintWriter(new StringWriter()), 1_000)
                    .run("write", workload.writeRequests(), new Pacing(2, 1_000_000, true));
        }
        assertThat(result.rows()).isEqualTo(30);
        assertThat(result.retries()).isEmpty();
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(8);
        String summary = SummaryFormatter.summary(result, "written", LoadGenerator.writeMethod(config));
        assertThat(summary).doesNotContain("retried").contains("errors         none");
    }

    @Test
    void retryAfterIsWholeSecondsOrTheDefault() {
        assertThat(HttpWorkload.retryAfterMillis(Optional.of("0"))).isZero();
        assertThat(HttpWorkload.retryAfterMillis(Optional.of(" 3 "))).isEqualTo(3_000);
        assertThat(HttpWorkload.retryAfterMillis(Optional.empty())).isEqualTo(HttpWorkload.DEFAULT_RETRY_AFTER_MILLIS);
        assertThat(HttpWorkload.retryAfterMillis(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .isEqualTo(HttpWorkload.DEFAULT_RETRY_AFTER_MILLIS);
        assertThat(HttpWorkload.retryAfterMillis(Optional.of("-1"))).isEqualTo(HttpWorkload.DEFAULT_RETRY_AFTER_MILLIS);
    }

    @Test
    void gzipRoundTrips() throws IOException {
        byte[] body = "sensor_data,device_id=a value=1.0 1\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = HttpWorkload.gzip(body);
        assertThat(compressed.length).isLessThan(body.length);
        assertThat(gunzip(compressed)).isEqualTo(body);
    }

    @Test
    void theWriteUriNamesTheKeyspaceAsBucketAndMillisecondPrecision() {
        assertThat(HttpWorkload.writeUri(config(false)).toString())
                .isEqualTo("http://127.0.0.1:" + server.getAddress().getPort()
                        + "/api/v2/write?bucket=ks&precision=ms");
    }
}
