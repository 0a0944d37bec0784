package io.almanac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.AlreadyExistsException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.time.SystemClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton through the real Apache Cassandra Java driver on loopback: connect and metadata, DDL,
 * prepared inserts with routing, paging, time ranges, TTL expiry, and bad input answered with Cassandra's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CqlDriverEndToEndTest {

    @TempDir
    static Path dataDirectory;

    private final ManualClock clock = new ManualClock(new SystemClock().nowMicros());
    private TestNode node;
    private CqlSession session;

    @BeforeAll
    void start() {
        node = TestNode.start(dataDirectory, clock);
        session = node.session();
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE iot.sensor_data (device_id text, day date, ts timestamp, metric text,"
                + " value double, PRIMARY KEY ((device_id, day), ts, metric))"
                + " WITH CLUSTERING ORDER BY (ts DESC, metric ASC)"
                + " AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS',"
                + " 'compaction_window_size': '1'} AND default_time_to_live = 86400 AND gc_grace_seconds = 3600");
    }

    @AfterAll
    void stop() {
        if (session != null) {
            session.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void connectsAndSeesTheNodeAsCassandraDescribesIt() {
        Metadata metadata = session.getMetadata();
        assertThat(metadata.getNodes()).hasSize(1);
        Node only = metadata.getNodes().values().iterator().next();
        assertThat(only.getDatacenter()).isEqualTo("datacenter1");
        assertThat(only.getHostId()).isNotNull();
        assertThat(only.getCassandraVersion()).isNotNull();
        assertThat(metadata.getTokenMap()).as("token map from the Murmur3 partitioner").isPresent();
        assertThat(metadata.getTokenMap().get().getPartitionerName())
                .isEqualTo("org.apache.cassandra.dht.Murmur3Partitioner");
        assertThat(session.execute("SELECT cluster_name FROM system.local").one().getString(0)).isEqualTo("Almanac");
        assertThat(session.execute("SELECT * FROM system.peers").all()).isEmpty();
        assertThat(metadata.getKeyspace("iot")).isPresent();
    }

    @Test
    void ddlIsShownBackInSchemaMetadata() {
        session.execute("CREATE KEYSPACE IF NOT EXISTS ddl_ks WITH replication ="
                + " {'class': 'NetworkTopologyStrategy', 'datacenter1': 1}");
        session.execute("CREATE TABLE ddl_ks.t (k int, c int, v text, PRIMARY KEY (k, c))"
                + " WITH compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'DAYS',"
                + " 'compaction_window_size': '1'} AND default_time_to_live = 600 AND gc_grace_seconds = 60");
        assertThat(session.checkSchemaAgreement()).isTrue();
        KeyspaceMetadata keyspace = session.getMetadata().getKeyspace("ddl_ks").orElseThrow();
        assertThat(keyspace.getReplication()).containsEntry("class",
                "org.apache.cassandra.locator.NetworkTopologyStrategy").containsEntry("datacenter1", "1");
        TableMetadata table = keyspace.getTable("t").orElseThrow();
        assertThat(table.getPartitionKey()).extracting(c -> c.getName().asInternal()).containsExactly("k");
        assertThat(table.getClusteringColumns().keySet()).extracting(c -> c.getName().asInternal())
                .containsExactly("c");
        Map<CqlIdentifier, Object> options = table.getOptions();
        @SuppressWarnings("unchecked")
        Map<String, String> compaction = (Map<String, String>) options.get(CqlIdentifier.fromCql("compaction"));
        assertThat(compaction).containsEntry("class",
                "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy")
                .containsEntry("compaction_window_unit", "DAYS");
        assertThat(options.get(CqlIdentifier.fromCql("default_time_to_live"))).isEqualTo(600);
        assertThat(options.get(CqlIdentifier.fromCql("gc_grace_seconds"))).isEqualTo(60);

        assertThatThrownBy(() -> session.execute("CREATE TABLE ddl_ks.t (k int PRIMARY KEY)"))
                .isInstanceOf(AlreadyExistsException.class);
        session.execute("DROP TABLE ddl_ks.t");
        session.execute("DROP TABLE IF EXISTS ddl_ks.t");
        session.execute("DROP KEYSPACE ddl_ks");
        assertThat(session.checkSchemaAgreement()).isTrue();
        assertThat(session.getMetadata().getKeyspace("ddl_ks")).isEmpty();
    }

    @Test
    void preparedInsertsRouteByTheSameTokenTheNodeComputes() {
        PreparedStatement insert = session.prepare(
                "INSERT INTO iot.sensor_data (device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)");
        assertThat(insert.getPartitionKeyIndices()).containsExactly(0, 1);
        LocalDate day = LocalDate.of(2026, 11, 21);
        BoundStatement bound = insert.bind("dev-token", day, Instant.parse("2026-11-21T10:00:00Z"), "temp", 1.5);
        session.execute(bound);
        TokenMap tokenMap = session.getMetadata().getTokenMap().orElseThrow();
        long driverToken = ((Murmur3Token) tokenMap.newToken(bound.getRoutingKey())).getValue();
        Row row = session.execute(SimpleStatement.newInstance(
                "SELECT token(device_id, day), value FROM iot.sensor_data WHERE device_id = ? AND day = ?",
                "dev-token", day)).one();
        assertThat(row).isNotNull();
        assertThat(row.getLong(0)).isEqualTo(driverToken);
        assertThat(row.getDouble(1)).isEqualTo(1.5);
    }

    @Test
    void pagesATenThousandRowPartitionExactlyInOrder() {
        PreparedStatement insert = session.prepare(
                "INSERT INTO iot.sensor_data (device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)");
        LocalDate day = LocalDate.of(2026, 11, 20);
        Instant start = Instant.parse("2026-11-20T00:00:00Z");
        writeAll(insert, "dev-paging", day, start, 10_000);

        ResultSet pages = session.execute(SimpleStatement.newInstance(
                "SELECT ts, value FROM iot.sensor_data WHERE device_id = ? AND day = ?", "dev-paging", day)
                .setPageSize(500));
        List<Double> values = new ArrayList<>();
        Instant previous = null;
        for (Row row : pages) {
            Instant ts = row.getInstant(0);
            if (previous != null) {
                assertThat(ts).as("clustering order ts DESC").isBefore(previous);
            }
            previous = ts;
            values.add(row.getDouble(1));
        }
        assertThat(values).hasSize(10_000);
        assertThat(values.get(0)).isEqualTo(9_999.0);
        assertThat(values.get(9_999)).isEqualTo(0.0);
        assertThat(pages.getExecutionInfos()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void readsATimeRangeNewestFirstWithALimit() {
        PreparedStatement insert = session.prepare(
                "INSERT INTO iot.sensor_data (device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)");
        LocalDate day = LocalDate.of(2026, 11, 19);
        Instant start = Instant.parse("2026-11-19T00:00:00Z");
        writeAll(insert, "dev-range", day, start, 600);

        List<Row> rows = session.execute(SimpleStatement.newInstance(
                "SELECT ts, value FROM iot.sensor_data WHERE device_id = ? AND day = ? AND ts >= ? AND ts < ?"
                        + " ORDER BY ts DESC LIMIT 5", "dev-range", day, start.plusSeconds(100),
                start.plusSeconds(200))).all();
        assertThat(rows).extracting(r -> r.getDouble("value")).containsExactly(199.0, 198.0, 197.0, 196.0, 195.0);

        List<Row> ascending = session.execute(SimpleStatement.newInstance(
                "SELECT value FROM iot.sensor_data WHERE device_id = ? AND day = ? AND ts > ? AND ts <= ?"
                        + " ORDER BY ts ASC", "dev-range", day, start.plusSeconds(100), start.plusSeconds(103)))
                .all();
        assertThat(ascending).extracting(r -> r.getDouble(0)).containsExactly(101.0, 102.0, 103.0);
    }

    @Test
    void cellsWrittenWithATtlDisappearWhenItRunsOut() {
        LocalDate day = LocalDate.of(2026, 11, 18);
        session.execute(SimpleStatement.newInstance("INSERT INTO iot.sensor_data (device_id, day, ts, metric, value)"
                + " VALUES (?, ?, ?, 'temp', 20.0) USING TTL 60", "dev-ttl", day,
                Instant.parse("2026-11-18T00:00:00Z")));
        String select = "SELECT value FROM iot.sensor_data WHERE device_id = 'dev-ttl' AND day = '2026-11-18'";
        assertThat(session.execute(select).all()).hasSize(1);
        clock.advanceSeconds(61);
        assertThat(session.execute(select).all()).isEmpty();
    }

    @Test
    void badInputGetsCassandrasErrorsAndTheSessionKeepsWorking() {
        assertThatThrownBy(() -> session.execute("SELEKT * FROM iot.sensor_data"))
                .isInstanceOf(SyntaxError.class);
        assertThatThrownBy(() -> session.execute("SELECT * FROM iot.no_such_table WHERE device_id = 'x'"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> session.execute("INSERT INTO iot.sensor_data (device_id, day, ts, metric, value)"
                + " VALUES ('d', '2026-11-21', 'not a timestamp', 'm', 1.0)"))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> session.execute("INSERT INTO iot.sensor_data (device_id, day, ts, metric, value)"
                + " VALUES ('d', '2026-11-21', '2026-11-21T00:00:00Z', 'm', 1.0) USING TTL 630720001"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("ttl is too large");
        assertThat(session.execute("SELECT cluster_name FROM system.local").one()).isNotNull();
    }

    @Test
    void updatesDeletesScansAndTruncateThroughTheDriver() {
        session.execute("CREATE TABLE iot.devices (site text, device text, model text, firmware int,"
                + " PRIMARY KEY (site, device))");
        PreparedStatement insert = session.prepare("INSERT INTO iot.devices (site, device, model, firmware)"
                + " VALUES (?, ?, ?, ?)");
        for (int i = 0; i < 50; i++) {
            session.execute(insert.bind("site-" + (i % 5), "dev-" + i, "m1", 1));
        }
        PreparedStatement update = session.prepare("UPDATE iot.devices SET firmware = ? WHERE site = ? AND device = ?");
        assertThat(update.getPartitionKeyIndices()).containsExactly(1);
        session.execute(update.bind(2, "site-0", "dev-0"));
        assertThat(session.execute("SELECT firmware FROM iot.devices WHERE site = 'site-0' AND device = 'dev-0'")
                .one().getInt(0)).isEqualTo(2);

        PreparedStatement deleteRow = session.prepare("DELETE FROM iot.devices WHERE site = ? AND device = ?");
        session.execute(deleteRow.bind("site-0", "dev-5"));
        session.execute("DELETE model FROM iot.devices WHERE site = 'site-1' AND device = 'dev-1'");
        session.execute("DELETE FROM iot.devices WHERE site = 'site-2'");
        assertThat(session.execute("SELECT model FROM iot.devices WHERE site = 'site-1' AND device = 'dev-1'")
                .one().isNull(0)).isTrue();

        List<Row> all = session.execute(SimpleStatement.newInstance("SELECT site, device FROM iot.devices")
                .setPageSize(7)).all();
        assertThat(all).hasSize(50 - 1 - 10);
        assertThat(all).extracting(r -> r.getString("site")).doesNotContain("site-2");
        assertThat(session.execute("SELECT device FROM iot.devices WHERE firmware = 2 ALLOW FILTERING").all())
                .extracting(r -> r.getString(0)).containsExactly("dev-0");
        assertThatThrownBy(() -> session.execute("SELECT device FROM iot.devices WHERE firmware = 2"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("ALLOW FILTERING");

        session.execute("TRUNCATE iot.devices");
        assertThat(session.execute("SELECT * FROM iot.devices").all()).isEmpty();
    }

    @Test
    void hourlyAggregatesAndDescribeThroughTheDriver() {
        PreparedStatement insert = session.prepare(
                "INSERT INTO iot.sensor_data (device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)");
        LocalDate day = LocalDate.of(2026, 11, 17);
        writeAll(insert, "dev-agg", day, Instant.parse("2026-11-17T00:00:00Z"), 7_200);
        List<Row> hours = session.execute(SimpleStatement.newInstance("SELECT floor(ts, 1h), count(*), min(value),"
                + " max(value), avg(value) FROM iot.sensor_data WHERE device_id = ? AND day = ?"
                + " GROUP BY floor(ts, 1h)", "dev-agg", day)).all();
        assertThat(hours).hasSize(2);
        assertThat(hours).extracting(r -> r.getLong(1)).containsOnly(3_600L);
        assertThat(hours).extracting(r -> r.getDouble(2) + ".." + r.getDouble(3))
                .containsExactlyInAnyOrder("0.0..3599.0", "3600.0..7199.0");

        List<Row> described = session.execute("DESCRIBE TABLE iot.sensor_data").all();
        assertThat(described).hasSize(1);
        assertThat(described.get(0).getString("create_statement"))
                .contains("CREATE TABLE iot.sensor_data", "PRIMARY KEY ((device_id, day), ts, metric)",
                        "CLUSTERING ORDER BY (ts DESC, metric ASC)", "TimeWindowCompactionStrategy");
    }

    /** Writes {@code count} rows one second apart, 100 requests in flight at most. */
    private void writeAll(PreparedStatement insert, String device, LocalDate day, Instant start, int count) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletionStage<?> stage = session.executeAsync(insert.bind(device, day, start.plusSeconds(i), "temp",
                    (double) i));
            inFlight.add(stage.toCompletableFuture());
            if (inFlight.size() == 100) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }
}
