package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.time.SystemClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./almanac nodetool} against a running node: flush, status and tablestats (text and JSON), with the
 * SSTables of a TWCS table shown per compaction window; compact (all, one table, one window), compactionstats and
 * getsstables (single and composite keys), flush of all tables, a keyspace or named tables only, and Cassandra's
 * errors for unknown names.
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
            // a background compaction may be swapping files now; a major compaction runs after it on the same thread
            assertThat(nodetool(admin, "compact", "ops", "readings")).isZero();
            JsonNode compacted = new ObjectMapper().readTree(get(admin,
                    "/nodetool/tablestats?keyspace=ops&format=json").body()).get(0);
            try (Stream<Path> files = Files.walk(dataDirectory.resolve("data/ops"))) {
                assertThat(files.filter(f -> f.toString().endsWith("-Data.db")).count())
                        .isEqualTo(compacted.get("sstable_count").asLong()).isEqualTo(3);
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

    @Test
    void compactKeepsOneSSTablePerWindowAndGetSSTablesNamesTheDataFilesOfAKey() throws Exception {
        try (TestNode node = TestNode.start(dataDirectory); CqlSession session = node.session()) {
            session.execute("CREATE KEYSPACE ops WITH replication ="
                    + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE ops.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts)) WITH compaction = {'class': 'TimeWindowCompactionStrategy',"
                    + " 'compaction_window_unit': 'HOURS', 'compaction_window_size': '1'}");
            session.execute("CREATE TABLE ops.events (device text, day date, ts timestamp, kind text,"
                    + " PRIMARY KEY ((device, day), ts))");
            int admin = node.adminPort();
            Instant start = Instant.parse("2026-11-20T00:00:00Z");
            for (int round = 0; round < 2; round++) {
                for (int hour = 0; hour < 3; hour++) {
                    for (int device = 0; device < 5; device++) {
                        Instant ts = start.plusSeconds(hour * 3600L + round * 60L + device);
                        session.execute("INSERT INTO ops.readings (device, ts, value) VALUES ('d" + device + "', '"
                                + ts + "', 1.0) USING TIMESTAMP " + ts.toEpochMilli() * 1000);
                    }
                }
                session.execute("INSERT INTO ops.events (device, day, ts, kind) VALUES ('sensor:1', '2026-11-20',"
                        + " '2026-11-20T01:00:00Z', 'boot" + round + "')");
                assertThat(nodetool(admin, "flush")).isZero();
            }

            assertThat(nodetool(admin, "compact", "ops", "readings")).isZero();
            JsonNode stats = json(get(admin, "/nodetool/tablestats?keyspace=ops&table=readings&format=json"));
            assertThat(stats.get(0).get("windows")).hasSize(3)
                    .allSatisfy(w -> assertThat(w.get("sstables").asInt()).isOne());

            HttpResponse<String> windowed = post(admin, "/nodetool/compact?keyspace=ops&table=readings"
                    + "&window=2026-11-20T01:30:00Z&format=json");
            JsonNode written = json(windowed);
            assertThat(written).hasSize(1);
            long hourOneMicros = start.plusSeconds(3600).toEpochMilli() * 1000;
            assertThat(written.get(0).get("min_timestamp_micros").asLong()).isGreaterThanOrEqualTo(hourOneMicros);
            assertThat(written.get(0).get("max_timestamp_micros").asLong())
                    .isLessThan(hourOneMicros + 3_600_000_000L);

            getSSTablesPrintsTheDataFilesOfAKey(admin);

            assertThat(nodetool(admin, "compact", "ops")).isZero();
            String composite = "/nodetool/getsstables?keyspace=ops&table=events&key=";
            assertThat(json(get(admin, composite + "sensor%5C%3A1%3A2026-11-20&format=json"))).hasSize(1);
            HttpResponse<String> notWindowed = post(admin, "/nodetool/compact?keyspace=ops&table=events"
                    + "&window=2026-11-20T01:30:00Z");
            assertThat(notWindowed.statusCode()).isEqualTo(400);
            assertThat(notWindowed.body()).contains("does not split its SSTables by time window");
            assertThat(post(admin, "/nodetool/compact?window=yesterday").statusCode()).isEqualTo(400);
            assertThat(post(admin, "/nodetool/compact?keyspace=nope").body())
                    .isEqualTo("Keyspace [nope] does not exist.\n");
            assertThat(nodetool(admin, "compact", "nope")).isEqualTo(1);
            assertThat(nodetool(admin, "compact", "ops", "readings", "--window", "2026-11-20T02:00:00Z")).isZero();

            JsonNode compactionStats = json(get(admin, "/nodetool/compactionstats?format=json"));
            assertThat(compactionStats.get("pending_tasks").asInt()).isZero();
            assertThat(compactionStats.get("compactions")).isEmpty();
            assertThat(compactionStats.get("completed_compactions").asLong()).isGreaterThanOrEqualTo(4);
            assertThat(compactionStats.get("compaction_bytes_written").asLong()).isPositive();
            assertThat(get(admin, "/nodetool/compactionstats").body())
                    .startsWith("pending tasks: 0\n").contains("Active compaction remaining time : ");
            assertThat(nodetool(admin, "--json", "compactionstats")).isZero();
        }
    }

    private void getSSTablesPrintsTheDataFilesOfAKey(int admin) throws Exception {
        JsonNode sstables = json(get(admin, "/nodetool/getsstables?keyspace=ops&table=readings&key=d3&format=json"));
        assertThat(sstables).hasSize(3);
        List<String> dataFiles = new ArrayList<>();
        sstables.forEach(sstable -> dataFiles.add(sstable.get("data_file").asText()));
        String text = get(admin, "/nodetool/getsstables?keyspace=ops&table=readings&key=d3").body();
        assertThat(text.lines().toList()).isEqualTo(dataFiles);
        assertThat(dataFiles).allSatisfy(file -> {
            assertThat(file).endsWith("-Data.db");
            assertThat(Files.exists(Path.of(file))).isTrue();
        });
        assertThat(get(admin, "/nodetool/getsstables?keyspace=ops&table=readings&key=nobody").body()).isEmpty();
        assertThat(nodetool(admin, "getsstables", "ops", "readings", "d3")).isZero();

        String composite = "/nodetool/getsstables?keyspace=ops&table=events&key=";
        assertThat(json(get(admin, composite + "sensor%5C%3A1%3A2026-11-20&format=json"))).hasSize(2);
        HttpResponse<String> badKey = get(admin, composite + "sensor%3Anot-a-date");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).startsWith("Unable to make date from 'not-a-date'");
        assertThat(get(admin, "/nodetool/getsstables?keyspace=ops&table=nope&key=x").body())
                .isEqualTo("Unknown table nope in keyspace ops\n");
    }

    @Test
    void compactionStatsPrintsCassandrasTableOfRunningCompactions() {
        CompactionStats stats = new CompactionStats(1, List.of(new CompactionStats.Active(
                "8b5d3b70-0000-4000-8000-000000000001", "Major compaction", "ops", "readings", 512, 2048, "bytes",
                "25.00%", "major compaction")), "0h00m01s", 3, 4096);
        assertThat(NodetoolText.compactionStats(stats)).isEqualTo("""
                pending tasks: 1
                id                                   compaction type  keyspace table    completed total unit  progress
                8b5d3b70-0000-4000-8000-000000000001 Major compaction ops      readings 512       2048  bytes 25.00%
                Active compaction remaining time : 0h00m01s
                """);
    }

    @Test
    void tableStatsEstimateTheTombstonesDroppableOnceGcGraceHasPassed() throws Exception {
        ManualClock clock = new ManualClock(new SystemClock().nowMicros());
        try (TestNode node = TestNode.start(dataDirectory, clock); CqlSession session = node.session()) {
            session.execute("CREATE KEYSPACE ops WITH replication ="
                    + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE ops.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts)) WITH gc_grace_seconds = 60 AND compaction = {'class':"
                    + " 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS',"
                    + " 'compaction_window_size': '1'}");
            long writtenMicros = clock.nowMicros();
            Instant start = Instant.parse("2026-11-20T00:00:00Z");
            for (int i = 0; i < 10; i++) {
                session.execute("INSERT INTO ops.readings (device, ts, value) VALUES ('d0', '" + start.plusSeconds(i)
                        + "', 1.0) USING TIMESTAMP " + writtenMicros);
            }
            for (int i = 0; i < 8; i++) {
                session.execute("DELETE FROM ops.readings USING TIMESTAMP " + (writtenMicros + 1)
                        + " WHERE device = 'd0' AND ts = '" + start.plusSeconds(i) + "'");
            }
            int admin = node.adminPort();
            assertThat(nodetool(admin, "flush", "ops", "readings")).isZero();
            JsonNode fresh = json(get(admin, "/nodetool/tablestats?keyspace=ops&table=readings&format=json")).get(0);
            assertThat(fresh.get("tombstones").asLong()).isEqualTo(8);
            assertThat(fresh.get("droppable_tombstones").asLong()).isZero();

            clock.advanceSeconds(2 * 3_600);
            JsonNode later = json(get(admin, "/nodetool/tablestats?keyspace=ops&table=readings&format=json")).get(0);
            assertThat(later.get("droppable_tombstones").asLong()).isEqualTo(8);
            assertThat(later.get("droppable_tombstone_ratio").asDouble()).isBetween(0.0, 1.0).isPositive();
            assertThat(later.get("windows")).hasSize(1);
            assertThat(later.get("windows").get(0).get("droppable_tombstones").asLong()).isEqualTo(8);
            assertThat(get(admin, "/nodetool/tablestats?keyspace=ops&table=readings").body())
                    .contains("Estimated droppable tombstones: 8", "Droppable tombstone ratio: 0.", "8 droppable"
                            + " tombstones");
        }
    }

    @Test
    void flushFlushesOnlyTheNamedTablesOrKeyspace() throws Exception {
        try (TestNode node = TestNode.start(dataDirectory); CqlSession session = node.session()) {
            for (String keyspace : List.of("ops", "lab")) {
                session.execute("CREATE KEYSPACE " + keyspace + " WITH replication ="
                        + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
            }
            List<String> tables = List.of("ops.a", "ops.b", "ops.c", "lab.t");
            for (String table : tables) {
                session.execute("CREATE TABLE " + table + " (device text, ts int, PRIMARY KEY (device, ts))");
                for (int i = 0; i < 5; i++) {
                    session.execute("INSERT INTO " + table + " (device, ts) VALUES ('d" + i + "', " + i + ")");
                }
            }
            int admin = node.adminPort();

            assertThat(nodetool(admin, "flush", "ops", "a", "nope")).as("an unknown table flushes nothing")
                    .isEqualTo(1);
            assertThat(post(admin, "/nodetool/flush?keyspace=ops&table=a,nope").body())
                    .isEqualTo("Unknown table nope in keyspace ops\n");
            assertThat(flushed(admin, tables)).containsExactly(false, false, false, false);
            assertThat(nodetool(admin, "flush", "ops", "a", "b")).isZero();
            assertThat(flushed(admin, tables)).containsExactly(true, true, false, false);
            assertThat(nodetool(admin, "flush", "ops")).isZero();
            assertThat(flushed(admin, tables)).containsExactly(true, true, true, false);
            assertThat(nodetool(admin, "flush", "nope")).isEqualTo(1);
            assertThat(nodetool(admin, "flush")).isZero();
            assertThat(flushed(admin, tables)).containsExactly(true, true, true, true);
            for (String table : tables) {
                assertThat(session.execute("SELECT * FROM " + table).all()).hasSize(5);
            }
        }
    }

    /** @return whether each {@code keyspace.table} has live SSTables (one per shard after a flush) */
    private List<Boolean> flushed(int admin, List<String> tables) throws Exception {
        List<Boolean> counts = new ArrayList<>();
        for (String table : tables) {
            String[] name = table.split("\\.");
            counts.add(json(get(admin, "/nodetool/tablestats?keyspace=" + name[0] + "&table=" + name[1]
                    + "&format=json")).get(0).get("sstable_count").asLong() > 0);
        }
        return counts;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private HttpResponse<String> post(int adminPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
