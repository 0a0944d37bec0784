package io.almanac.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.ingest.EngineFixture;
import io.almanac.ingest.EventLoops;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.auth.TestAuthenticator;
import io.almanac.ingest.mapping.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP ingest authentication (issue 5): {@code Authorization: Token user:password}, {@code Basic}, InfluxDB 1.x
 * {@code u}/{@code p}; 401 and 403 in InfluxDB's error shape. Role alice may write iot.readings, bob nothing.
 */
class HttpAuthenticationTest {

    private static final String ROWS = "/v1/keyspaces/iot/tables/readings/rows";
    private static final String WRITE = "/api/v2/write?bucket=iot&precision=s";
    private static final String ALICE = "Token alice:s3:cret";

    @TempDir
    Path dataDirectory;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private EventLoops loops;
    private EngineFixture fixture;
    private TestAuthenticator authenticator;
    private IngestGateway gateway;
    private HttpIngestServer server;

    @BeforeEach
    void start() {
        fixture = EngineFixture.open(dataDirectory);
        authenticator = new TestAuthenticator(Map.of("alice", "s3:cret", "bob", "pw"),
                Map.of("alice", Set.of("iot.readings")));
        gateway = fixture.gateway(line -> { }, authenticator);
        loops = new EventLoops();
        server = new HttpIngestServer(new HttpIngestConfig("127.0.0.1", 0, 1 << 16), gateway, loops.parent,
                loops.child);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        loops.close();
        authenticator.close();
        fixture.close();
    }

    @Test
    void rowsNeedCredentials() throws Exception {
        assertUnauthorized(post(ROWS, "application/json", null, row("none")), "authentication required");
        assertUnauthorized(post(ROWS, "application/json", "Token alice:wrong", row("wrong")),
                "Provided username alice and/or password are incorrect");
        assertUnauthorized(post(ROWS, "application/json", "Token alice", row("malformed")),
                "Authorization: Token must be <user name>:<password>");
        assertUnauthorized(post(ROWS, "application/json", "Bearer xyz", row("bearer")),
                "unsupported authorization scheme \"Bearer\"");

        assertThat(post(ROWS, "application/json", ALICE, row("token")).statusCode()).isEqualTo(204);
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3:cret".getBytes(StandardCharsets.UTF_8));
        assertThat(post(ROWS, "application/json", basic, row("basic")).statusCode()).isEqualTo(204);

        for (String device : new String[] {"none", "wrong", "malformed", "bearer"}) {
            assertThat(fixture.readings(device)).isEmpty();
        }
        assertThat(fixture.readings("token")).hasSize(1);
        assertThat(fixture.readings("basic")).hasSize(1);
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.BAD_CREDENTIALS)).isEqualTo(4);
        assertThat(client.send(HttpRequest.newBuilder(uri("/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("health needs no credentials").isEqualTo(200);
    }

    @Test
    void aRoleWithoutModifyGets403AndNothingIsWritten() throws Exception {
        HttpResponse<String> rows = post(ROWS, "application/json", "Token bob:pw", row("bob"));
        assertThat(rows.statusCode()).isEqualTo(403);
        JsonNode body = json.readTree(rows.body());
        assertThat(body.get("code").asText()).isEqualTo("forbidden");
        assertThat(body.get("message").asText())
                .isEqualTo("User bob has no MODIFY permission on <table iot.readings> or any of its parents");

        HttpResponse<String> line = post(WRITE, "text/plain", "Token bob:pw", "readings,device=bob value=1 1");
        assertThat(line.statusCode()).isEqualTo(403);
        assertThat(json.readTree(line.body()).get("code").asText()).isEqualTo("forbidden");
        assertThat(fixture.readings("bob")).isEmpty();
        assertThat(gateway.metrics().snapshot().rowsRejected(RejectReason.NOT_AUTHORIZED)).isEqualTo(2);
    }

    @Test
    void influxWritesTakeTokenAndV1QueryCredentials() throws Exception {
        assertUnauthorized(post(WRITE, "text/plain", null, "readings,device=influx value=1 1"),
                "authentication required");
        assertThat(post(WRITE, "text/plain", ALICE, "readings,device=influx value=1 1").statusCode()).isEqualTo(204);
        assertThat(post("/write?db=iot&precision=s&u=alice&p=s3:cret", "text/plain", null,
                "readings,device=influx value=2 2").statusCode()).isEqualTo(204);
        assertUnauthorized(post("/write?db=iot&precision=s&u=alice&p=nope", "text/plain", null,
                "readings,device=influx value=3 3"), "incorrect");
        assertThat(fixture.readings("influx")).hasSize(2);
    }

    /** One keep-alive connection checks its credentials again only after 2 seconds on the gateway's clock. */
    @Test
    void aConnectionReusesAcceptedCredentialsForTwoSeconds() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
            socket.setSoTimeout(10_000);
            assertThat(exchange(socket, row("cached-1"))).startsWith("HTTP/1.1 204");
            assertThat(exchange(socket, row("cached-2"))).startsWith("HTTP/1.1 204");
            assertThat(authenticator.checks()).isEqualTo(1);
            fixture.clock.advanceSeconds(2);
            assertThat(exchange(socket, row("cached-3"))).startsWith("HTTP/1.1 204");
            assertThat(authenticator.checks()).isEqualTo(2);
        }
    }

    private String exchange(Socket socket, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + ROWS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: " + ALICE + "\r\nContent-Length: " + content.length + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(content);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            headers.write(next);
        }
        String text = headers.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return text;
    }

    private void assertUnauthorized(HttpResponse<String> response, String messagePart) throws IOException {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Almanac\"");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo("unauthorized");
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    private static String row(String device) {
        return "{\"device\": \"" + device + "\", \"ts\": 1}";
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.boundPort() + pathAndQuery);
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
