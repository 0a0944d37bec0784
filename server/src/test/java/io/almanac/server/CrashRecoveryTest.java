package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARCHITECTURE.md: "An acknowledged write is never lost by a process crash." A node in its own JVM takes writes
 * from the Java driver, is killed with SIGKILL while writes are in flight, restarts on the same data directory,
 * and must serve every write it acknowledged.
 */
class CrashRecoveryTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        NodeConfig config = TestNode.configFor(directory.resolve("data"));
        Path configFile = directory.resolve("node.yaml");
        Files.writeString(configFile, String.join("\n",
                "data_directory: " + config.dataDirectory(),
                "native_transport_port: 0",
                "http_port: 0",
                "mqtt_port: 0",
                "admin_port: 0",
                "shards: 2",
                "memtable_flush_threshold_mb: 1", ""));
        Path log = directory.resolve("node.log");
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

        try (NodeProcess first = NodeProcess.start(configFile, log)) {
            try (CqlSession session = TestNode.session(first.cqlPort())) {
                session.execute("CREATE KEYSPACE crash WITH replication = {'class': 'SimpleStrategy',"
                        + " 'replication_factor': 1}");
                session.execute("CREATE TABLE crash.t (device text, seq int, payload text,"
                        + " PRIMARY KEY (device, seq))");
                PreparedStatement insert = session.prepare(
                        "INSERT INTO crash.t (device, seq, payload) VALUES (?, ?, ?)");
                Semaphore inFlight = new Semaphore(64);
                AtomicInteger sent = new AtomicInteger();
                String payload = "x".repeat(200);
                while (acknowledged.size() < 20_000) {
                    inFlight.acquire();
                    int seq = sent.getAndIncrement();
                    session.executeAsync(insert.bind("dev-" + (seq % 8), seq, payload)).whenComplete((rs, error) -> {
                        if (error == null) {
                            acknowledged.add(seq);
                        }
                        inFlight.release();
                    });
                }
                first.kill();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20_000);

        try (NodeProcess restarted = NodeProcess.start(configFile, log);
             CqlSession session = TestNode.session(restarted.cqlPort())) {
            assertThat(restarted.logText()).contains("replayed");
            Set<Integer> found = ConcurrentHashMap.newKeySet();
            for (int device = 0; device < 8; device++) {
                String select = "SELECT seq, payload FROM crash.t WHERE device = 'dev-" + device + "'";
                for (Row row : session.execute(select)) {
                    found.add(row.getInt(0));
                    assertThat(row.getString(1)).hasSize(200);
                }
            }
            assertThat(found).as("acknowledged writes present after kill -9 and restart").containsAll(acknowledged);
        }
    }
}
