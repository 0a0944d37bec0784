package io.almanac.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.NativeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP ingest API end to end: java.net.http client, loopback socket, the real storage engine. */
class HttpIngestServerTest {

    private static final int MAX_BODY_BYTES = 4_096;
    private static final String ROWS = "/v1/keyspaces/iot/tables/readings/rows";

    @TempDir
    Path dataDirectory;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private EventLoops loops;
    private EngineFixture fixture;
    private IngestGateway gateway;
    private HttpIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        gateway = fixture.gateway(line -> { });
        loops = new EventLoops();
        server = new HttpIngestServer(new HttpIngestConfig("127.0.0.1", 0, MAX_BODY_BYTES), gateway, loops.parent,
                loops.child);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        loops.close();
        fixture.close();
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/health", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree("{\"status\":\"ok\"}"));
        HttpResponse<String> post = send("POST", "/v1/health", "application/json", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void rowsAreCommittedBeforeThe204() throws Exception {
        HttpResponse<String> response = post(ROWS, "[{\"device\": \"d1\", \"ts\": \"2026-11-21T10:00:00Z\","
                + " \"value\": 21.5, \"status\": \"ok\"}, {\"device\": \"d1\", \"ts\": \"2026-11-21T10:01:00Z\","
                + " \"value\": 22.0}, {\"device\": \"d2\", \"ts\": 1795260000000, \"tags\": [\"b\", \"a\"]}]");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        List<Row> d1 = fixture.readings("d1");
        assertThat(d1).hasSize(2);
        assertThat(NativeType.TIMESTAMP.decode(d1.get(0).clustering().get(0)))
                .isEqualTo(Instant.parse("2026-11-21T10:01:00Z"));
        assertThat(NativeType.DOUBLE.decode(d1.get(1).cells()[fixture.readings.regularIndex("value")].value()))
                .isEqualTo(21.5);
        assertThat(NativeType.TEXT.decode(d1.get(1).cells()[fixture.readings.regularIndex("status")].value()))
                .isEqualTo("ok");
        assertThat(fixture.readings("d2")).hasSize(1);
        assertThat(gateway.metrics().snapshot().rowsAccepted()).isEqualTo(3);
    }

    @Test
    void aBadRowIsNamedAndNothingOfTheRequestIsWritten() throws Exception {
        HttpResponse<String> response = post(ROWS, "[{\"device\": \"a\", \"ts\": 1}, {\"device\": \"b\", \"ts\": 2},"
                + " {\"device\": \"c\", \"ts\": 3}, {\"device\": \"d\", \"ts\": \"yesterday\"}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("row").asInt()).isEqualTo(3);
        assertThat(body.get("column").asText()).isEqualTo("ts");
        assertThat(body.get("reason").asText())
                .isEqualTo("expected an ISO-8601 timestamp or epoch milliseconds, got \"yesterday\"");
        assertThat(body.get("kind").asText()).isEqualTo("invalid_value");
        assertThat(body.get("errors")).hasSize(1);
        for (String device : List.of("a", "b", "c", "d")) {
            assertThat(fixture.readings(device)).as("device %s", device).isEmpty();
        }
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.INVALID_VALUE)).isEqualTo(4);
    }

    @Test
    void unknownKeyspaceTableAndPathAre404() throws Exception {
        HttpResponse<String> keyspace = post("/v1/keyspaces/nope/tables/readings/rows", "{}");
        assertThat(keyspace.statusCode()).isEqualTo(404);
        assertThat(json.readTree(keyspace.body()).get("error").asText()).isEqualTo("keyspace nope does not exist");
        HttpResponse<String> table = post("/v1/keyspaces/iot/tables/nope/rows", "{}");
        assertThat(table.statusCode()).isEqualTo(404);
        assertThat(json.readTree(table.body()).get("error").asText()).isEqualTo("table nope does not exist");
        HttpResponse<String> path = send("GET", "/v2/anything", null, null);
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(json.readTree(path.body()).get("error").asText()).isEqualTo("no such resource: /v2/anything");
    }

    @Test
    void otherMethodsOnTheRowsPathAre405() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> response = send(method, ROWS, method.equals("GET") ? null : "application/json",
                    method.equals("GET") ? null : "{}");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndTheServerKeepsServing() throws Exception {
        String big = "[" + "{\"device\": \"d\", \"ts\": 1},".repeat(MAX_BODY_BYTES / 20) + "{}]";
        HttpResponse<String> response = post(ROWS, big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).get("error").asText())
                .isEqualTo("request body is larger than the limit of 4096 bytes");
        assertThat(fixture.readings("d")).isEmpty();
        assertThat(post(ROWS, "{\"device\": \"d\", \"ts\": 1}").statusCode()).isEqualTo(204);
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.PAYLOAD_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void aNonJsonContentTypeIs415() throws Exception {
        HttpResponse<String> text = send("POST", ROWS, "text/plain", "{\"device\": \"d\", \"ts\": 1}");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(json.readTree(text.body()).get("error").asText())
                .isEqualTo("Content-Type must be application/json, got text/plain");
        assertThat(send("POST", ROWS, null, "{\"device\": \"d\", \"ts\": 1}").statusCode()).isEqualTo(415);
        assertThat(send("POST", ROWS, "application/json; charset=utf-8", "{\"device\": \"d\", \"ts\": 1}")
                .statusCode()).isEqualTo(204);
    }

    @Test
    void aTtlParameterExpiresTheRows() throws Exception {
        assertThat(post(ROWS + "?ttl=60", "{\"device\": \"t\", \"ts\": 1, \"value\": 1.0}").statusCode())
                .isEqualTo(204);
        byte[] key = "t".getBytes(StandardCharsets.UTF_8);
        long nowSeconds = fixture.clock.nowSeconds();
        assertThat(fixture.read(fixture.readings, key, nowSeconds + 59)).hasSize(1);
        assertThat(fixture.read(fixture.readings, key, nowSeconds + 61)).isEmpty();
    }

    @Test
    void badQueryParametersAre400() throws Exception {
        assertBadRequest(ROWS + "?ttl=-1", "invalid_ttl", "A TTL must be greater or equal to 0, but was -1");
        assertBadRequest(ROWS + "?ttl=630720001", "invalid_ttl",
                "ttl is too large. requested (630720001) maximum (630720000)");
        assertBadRequest(ROWS + "?ttl=99999999999999999999", "invalid_ttl",
                "ttl is too large. requested (99999999999999999999) maximum (630720000)");
        assertBadRequest(ROWS + "?ttl=soon", "invalid_ttl", "ttl must be an integer number of seconds, got \"soon\"");
        assertBadRequest(ROWS + "?consistency=ALL", "bad_request",
                "unknown query parameter \"consistency\" (known: ttl)");
    }

    @Test
    void keepAliveConnectionsAnswerPipelinedRequestsInOrder() throws Exception {
        String good = "{\"device\": \"k\", \"ts\": 1}";
        String bad = "{\"device\": \"k\"}";
        try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((request(ROWS, good) + request(ROWS, bad) + request("/v1/health", null))
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 204");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("Some clustering keys are missing: ts");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
        }
        assertThat(fixture.readings("k")).hasSize(1);
    }

    @Test
    void aWriteTheEngineCannotDoIs500WithAJsonBody() throws Exception {
        fixture.engine.close();
        HttpResponse<String> response = post(ROWS, "{\"device\": \"late\", \"ts\": 1}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json.readTree(response.body()).get("error").asText()).startsWith("write failed: ");
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.WRITE_FAILED)).isEqualTo(1);
    }

    @Test
    void anUnparsableRequestIs400AndClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("BLAH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("malformed HTTP request");
            assertThat(in.read()).as("closed by the server").isEqualTo(-1);
        }
        assertThat(send("GET", "/v1/health", null, null).statusCode()).isEqualTo(200);
    }

    private void assertBadRequest(String path, String kind, String reason) throws Exception {
        HttpResponse<String> response = post(path, "{\"device\": \"q\", \"ts\": 1}");
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("kind").asText()).isEqualTo(kind);
        assertThat(body.get("reason").asText()).isEqualTo(reason);
        assertThat(body.get("row").asInt()).isEqualTo(-1);
        assertThat(body.get("column").isNull()).isTrue();
        assertThat(fixture.readings("q")).isEmpty();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, "application/json", body);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.boundPort()
                + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String path, String body) {
        if (body == null) {
            return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        }
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Reads one HTTP/1.1 response (headers, and a body by Content-Length) as text. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int contentLength = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        List<Byte> body = new ArrayList<>();
        for (int i = 0; i < contentLength; i++) {
            body.add((byte) in.read());
        }
        byte[] bytes = new byte[body.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = body.get(i);
        }
        return head + new String(bytes, StandardCharsets.UTF_8);
    }
}
