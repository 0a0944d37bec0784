package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lightweight transactions through the Apache Cassandra Java driver: INSERT IF NOT EXISTS, UPDATE / DELETE IF EXISTS
 * and IF column conditions (every operator), conditional BATCH, the {@code [applied]} result shapes of Cassandra's
 * {@code buildCasResultSet}, SERIAL consistency, the statements Cassandra refuses, and compare-and-set increments
 * from several clients that never lose one.
 */
class LightweightTransactionDriverTest {

    @TempDir
    Path directory;
    private DriverNode fixture;
    private CqlSession session;

    @BeforeEach
    void start() {
        fixture = new DriverNode(directory);
        fixture.db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session = fixture.connect();
        session.execute("CREATE TABLE ks.t (k int, c int, v int, s text, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        session.close();
        fixture.close();
    }

    private static List<String> columnNames(ResultSet result) {
        List<String> names = new ArrayList<>();
        for (ColumnDefinition column : result.getColumnDefinitions()) {
            names.add(column.getName().asInternal());
        }
        return names;
    }

    @Test
    void insertIfNotExistsAppliesOnceAndShowsTheExistingRow() {
        ResultSet first = session.execute("INSERT INTO ks.t (k, c, v, s) VALUES (1, 1, 10, 'a') IF NOT EXISTS");
        assertThat(first.wasApplied()).isTrue();
        assertThat(columnNames(first)).containsExactly("[applied]");
        ResultSet second = session.execute("INSERT INTO ks.t (k, c, v, s) VALUES (1, 1, 20, 'b') IF NOT EXISTS");
        assertThat(second.wasApplied()).isFalse();
        assertThat(columnNames(second)).containsExactly("[applied]", "k", "c", "s", "v");
        Row existing = second.one();
        assertThat(existing.getInt("v")).isEqualTo(10);
        assertThat(existing.getString("s")).isEqualTo("a");
        assertThat(session.execute("SELECT v FROM ks.t WHERE k = 1 AND c = 1").one().getInt("v")).isEqualTo(10);
    }

    @Test
    void updateAndDeleteIfExists() {
        ResultSet missing = session.execute("UPDATE ks.t SET v = 1 WHERE k = 2 AND c = 1 IF EXISTS");
        assertThat(missing.wasApplied()).isFalse();
        assertThat(columnNames(missing)).containsExactly("[applied]");
        assertThat(session.execute("SELECT * FROM ks.t WHERE k = 2").all()).isEmpty();
        session.execute("INSERT INTO ks.t (k, c, v) VALUES (2, 1, 5)");
        assertThat(session.execute("UPDATE ks.t SET v = 6 WHERE k = 2 AND c = 1 IF EXISTS").wasApplied()).isTrue();
        assertThat(session.execute("SELECT v FROM ks.t WHERE k = 2 AND c = 1").one().getInt("v")).isEqualTo(6);
        assertThat(session.execute("DELETE FROM ks.t WHERE k = 2 AND c = 1 IF EXISTS").wasApplied()).isTrue();
        assertThat(session.execute("DELETE FROM ks.t WHERE k = 2 AND c = 1 IF EXISTS").wasApplied()).isFalse();
        assertThat(session.execute("SELECT * FROM ks.t WHERE k = 2").all()).isEmpty();
    }

    @Test
    void columnConditionsWithEveryOperator() {
        session.execute("INSERT INTO ks.t (k, c, v, s) VALUES (3, 1, 10, 'x')");
        String update = "UPDATE ks.t SET s = 'y' WHERE k = 3 AND c = 1 IF ";
        for (String holds : List.of("v = 10", "v != 11", "v < 11", "v <= 10", "v > 9", "v >= 10", "v IN (1, 10)",
                "v = 10 AND s = 'x'", "v = 10 AND s != 'z'")) {
            session.execute("UPDATE ks.t SET s = 'x' WHERE k = 3 AND c = 1");
            assertThat(session.execute(update + holds).wasApplied()).as(holds).isTrue();
        }
        for (String fails : List.of("v = 11", "v != 10", "v < 10", "v <= 9", "v > 10", "v >= 11", "v IN (1, 2)",
                "v = null")) {
            ResultSet result = session.execute(update + fails);
            assertThat(result.wasApplied()).as(fails).isFalse();
            assertThat(columnNames(result)).containsExactly("[applied]", "v");
            assertThat(result.one().getInt("v")).isEqualTo(10);
        }
        ResultSet two = session.execute("UPDATE ks.t SET v = 1 WHERE k = 3 AND c = 1 IF s = 'q' AND v = 10");
        assertThat(two.wasApplied()).isFalse();
        assertThat(columnNames(two)).containsExactly("[applied]", "s", "v");
        session.execute("UPDATE ks.t SET s = null WHERE k = 3 AND c = 1");
        assertThat(session.execute("UPDATE ks.t SET s = 'n' WHERE k = 3 AND c = 1 IF s = null").wasApplied())
                .isTrue();
        ResultSet missingRow = session.execute("UPDATE ks.t SET v = 1 WHERE k = 3 AND c = 9 IF v = 1");
        assertThat(missingRow.wasApplied()).isFalse();
        assertThat(columnNames(missingRow)).containsExactly("[applied]");
        assertThat(session.execute("DELETE FROM ks.t WHERE k = 3 AND c = 1 IF v = 10").wasApplied()).isTrue();
        assertThat(session.execute("SELECT * FROM ks.t WHERE k = 3").all()).isEmpty();
    }

    @Test
    void preparedConditionsWithSerialConsistency() {
        PreparedStatement insert = session.prepare("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) IF NOT EXISTS");
        PreparedStatement cas = session.prepare("UPDATE ks.t SET v = ? WHERE k = ? AND c = ? IF v = ?");
        PreparedStatement in = session.prepare("DELETE FROM ks.t WHERE k = ? AND c = ? IF v IN ?");
        assertThat(session.execute(insert.bind(4, 1, 1).setSerialConsistencyLevel(ConsistencyLevel.SERIAL))
                .wasApplied()).isTrue();
        assertThat(session.execute(cas.bind(2, 4, 1, 1).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                .wasApplied()).isTrue();
        ResultSet stale = session.execute(cas.bind(3, 4, 1, 1));
        assertThat(stale.wasApplied()).isFalse();
        assertThat(stale.one().getInt("v")).isEqualTo(2);
        assertThat(session.execute(in.bind(4, 1, List.of(7, 8))).wasApplied()).isFalse();
        assertThat(session.execute(in.bind(4, 1, List.of(2, 8))).wasApplied()).isTrue();
    }

    @Test
    void conditionalBatchOnOnePartition() {
        session.execute("INSERT INTO ks.t (k, c, v) VALUES (5, 1, 1)");
        String batch = "BEGIN BATCH UPDATE ks.t SET v = 2 WHERE k = 5 AND c = 1 IF v = %d;"
                + " INSERT INTO ks.t (k, c, v) VALUES (5, 2, 20); APPLY BATCH";
        ResultSet failed = session.execute(String.format(batch, 7));
        assertThat(failed.wasApplied()).isFalse();
        assertThat(columnNames(failed)).containsExactly("[applied]", "k", "c", "v");
        Row current = failed.one();
        assertThat(current.getInt("c")).isEqualTo(1);
        assertThat(current.getInt("v")).isEqualTo(1);
        assertThat(session.execute("SELECT * FROM ks.t WHERE k = 5").all()).hasSize(1);
        assertThat(session.execute(String.format(batch, 1)).wasApplied()).isTrue();
        assertThat(session.execute("SELECT v FROM ks.t WHERE k = 5").all().stream().map(r -> r.getInt("v")))
                .containsExactly(2, 20);
        PreparedStatement insert = session.prepare("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) IF NOT EXISTS");
        BatchStatement driverBatch = BatchStatement.newInstance(DefaultBatchType.LOGGED, insert.bind(5, 3, 30),
                insert.bind(5, 4, 40));
        assertThat(session.execute(driverBatch).wasApplied()).isTrue();
        assertThat(session.execute(driverBatch).wasApplied()).isFalse();
    }

    @Test
    void refusedAsCassandraRefusesThem() {
        assertInvalid("INSERT INTO ks.t (k, c, v) VALUES (1, 1, 1) IF NOT EXISTS USING TIMESTAMP 5",
                "Cannot provide custom timestamp for conditional updates");
        assertInvalid("UPDATE ks.t USING TIMESTAMP 5 SET v = 1 WHERE k = 1 AND c = 1 IF EXISTS",
                "Cannot provide custom timestamp for conditional updates");
        assertInvalid("UPDATE ks.t SET v = 1 WHERE k IN (1, 2) AND c = 1 IF v = 1",
                "IN on the partition key is not supported with conditional updates");
        assertInvalid("UPDATE ks.t SET v = 1 WHERE k = 1 AND c IN (1, 2) IF v = 1",
                "IN on the clustering key columns is not supported with conditional updates");
        assertInvalid("UPDATE ks.t SET v = 1 WHERE k = 1 AND c = 1 IF c = 1",
                "PRIMARY KEY column 'c' cannot have IF conditions");
        assertInvalid("DELETE FROM ks.t WHERE k = 1 AND c > 1 IF v = 1",
                "DELETE statements must restrict all PRIMARY KEY columns with equality relations");
        assertInvalid("UPDATE ks.t SET v = 1 WHERE k = 1 AND c = 1 IF v < null",
                "Invalid comparison with null for operator \"<\"");
        assertInvalid("BEGIN BATCH UPDATE ks.t SET v = 1 WHERE k = 1 AND c = 1 IF v = 1;"
                + " UPDATE ks.t SET v = 1 WHERE k = 2 AND c = 1; APPLY BATCH",
                "Batch with conditions cannot span multiple partitions");
        assertInvalid("BEGIN BATCH USING TIMESTAMP 5 UPDATE ks.t SET v = 1 WHERE k = 1 AND c = 1 IF v = 1;"
                + " APPLY BATCH", "Cannot provide custom timestamp for conditional BATCH");
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).as(query).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining(message);
    }

    @Test
    void compareAndSetIncrementsFromSeveralClientsNeverLoseOne() throws Exception {
        session.execute("INSERT INTO ks.t (k, c, v) VALUES (9, 0, 0)");
        PreparedStatement read = session.prepare("SELECT v FROM ks.t WHERE k = 9 AND c = 0");
        PreparedStatement cas = session.prepare("UPDATE ks.t SET v = ? WHERE k = 9 AND c = 0 IF v = ?");
        int clients = 4;
        int increments = 25;
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                attempts.add(executor.submit(() -> {
                    int tries = 0;
                    for (int done = 0; done < increments; tries++) {
                        int seen = current(read);
                        ResultSet result = session.execute(cas.bind(seen + 1, seen));
                        done += result.wasApplied() ? 1 : 0;
                    }
                    return tries;
                }));
            }
            for (Future<Integer> attempt : attempts) {
                assertThat(attempt.get(120, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(increments);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(current(read)).isEqualTo(clients * increments);
    }

    private int current(PreparedStatement read) {
        return session.execute(read.bind()).one().getInt("v");
    }

    @Test
    void simpleStatementWithNamedSerialConsistency() {
        SimpleStatement statement = SimpleStatement.newInstance("INSERT INTO ks.t (k, c, v) VALUES (6, 1, 1)"
                + " IF NOT EXISTS").setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
        assertThat(session.execute(statement).wasApplied()).isTrue();
    }
}
