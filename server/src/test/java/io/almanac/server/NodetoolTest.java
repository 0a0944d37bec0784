package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./almanac nodetool} against a running node: flush, status and tablestats (text and JSON), with the
 * SSTables of a TWCS table shown per compaction window, and Cassandra's errors for unknown names.
 */
class NodetoolTest {

    @TempDir
    Path dataDirectory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void flushStatusAndTableStatsShowTheSSTablesPerCompactionWindow() throws Exception {
        try (TestNode node = TestNode.start(dataDirectory); CqlSession session = node.session()) {
            session.execute("CREATE KEYSPACE ops WITH replication ="
                    + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE ops.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts)) WITH compaction = {'class': 'TimeWindowCompactionStrategy',"
                    + " 'compaction_window_unit': 'HOURS', 'compaction_window_size': '1'}");
            Instant start = Instant.parse("2026-11-20T00:00:00Z");
            int admin = node.adminPort();
            for (int hour = 0; hour < 3; hour++) {
                for (int i = 0; i < 10; i++) {
                    Instant ts = start.plusSeconds(hour * 3600L + i * 60L);
                    session.execute("INSERT INTO ops.readings (device, ts, value) VALUES ('d" + i + "', '" + ts
                            + "', 1.0) USING TIMESTAMP " + ts.toEpochMilli() * 1000);
                }
                assertThat(nodetool(admin, "flush", "ops", "readings")).isZero();
            }

            JsonNode stats = new ObjectMapper().readTree(get(admin, "/nodetool/tablestats?keyspace=ops&format=json")
                    .body());
            assertThat(stats).hasSize(1);
            JsonNode table = stats.get(0);
            assertThat(table.get("table").asText()).isEqualTo("readings");
            assertThat(table.get("windows")).extracting(w -> w.get("start").asText()).containsExactly(
                    "2026-11-20T00:00:00Z", "2026-11-20T01:00:00Z", "2026-11-20T02:00:00Z");
            long rowsInWindows = 0;
            for (JsonNode window : table.get("windows")) {
                rowsInWindows += window.get("rows").asLong();
            }
            assertThat(rowsInWindows).isEqualTo(30);
            assertThat(table.get("bytes_per_row").asDouble()).isPositive();
            try (Stream<Path> files = Files.walk(dataDirectory.resolve("data/ops"))) {
                assertThat(files.filter(f -> f.toString().endsWith("-Data.db")).count())
                        .isEqualTo(table.get("sstable_count").asLong());
            }

            String text = get(admin, "/nodetool/tablestats?keyspace=ops&table=readings").body();
            assertThat(text).contains("Keyspace : ops", "Table: readings", "2026-11-20T01:00:00Z",
                    "Number of rows (estimate): 30");
            HttpResponse<String> status = get(admin, "/nodetool/status?format=json");
            assertThat(new ObjectMapper().readTree(status.body()).get("state").asText()).isEqualTo("UN");
            assertThat(get(admin, "/nodetool/tablestats?keyspace=nope").statusCode()).isEqualTo(404);
            assertThat(get(admin, "/nodetool/tablestats?keyspace=nope").body())
                    .isEqualTo("Keyspace [nope] does not exist.\n");
            assertThat(nodetool(admin, "flush", "ops", "nope")).isEqualTo(1);
            assertThat(nodetool(admin, "--json", "tablestats", "ops.readings")).isZero();
        }
    }

    private static int nodetool(int adminPort, String... arguments) {
        String[] command = Stream.concat(Stream.of("nodetool", "-p", Integer.toString(adminPort)),
                Stream.of(arguments)).toArray(String[]::new);
        return new CommandLine(new AlmanacCli()).execute(command);
    }

    private HttpResponse<String> get(int adminPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
