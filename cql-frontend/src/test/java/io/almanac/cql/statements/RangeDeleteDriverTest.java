package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Range deletions (DELETE on a clustering prefix or slice, reference §5.1) through the Apache Cassandra Java
 * driver: slices on ascending and descending clustering columns, prefixes of a composite clustering, IN on a
 * prefix, USING TIMESTAMP (older rows go, newer rows stay), BATCH, and the statements that stay invalid.
 */
class RangeDeleteDriverTest extends DriverNodeTest {

    @Test
    void slicesOnADescendingClusteringAndUsingTimestamp() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE iot.readings (device text, ts int, v int, PRIMARY KEY (device, ts))"
                    + " WITH CLUSTERING ORDER BY (ts DESC)");
            PreparedStatement insert = session.prepare(
                    "INSERT INTO iot.readings (device, ts, v) VALUES (?, ?, ?) USING TIMESTAMP ?");
            for (int ts = 0; ts < 10; ts++) {
                session.execute(insert.bind("d", ts, ts, 100L));
                session.execute(insert.bind("e", ts, ts, ts < 5 ? 100L : 300L));
            }
            PreparedStatement delete = session.prepare(
                    "DELETE FROM iot.readings WHERE device = ? AND ts >= ? AND ts < ?");
            session.execute(delete.bind("d", 3, 6));
            assertThat(timestamps(session, "d")).containsExactly(9, 8, 7, 6, 2, 1, 0);
            session.execute("DELETE FROM iot.readings WHERE device = 'd' AND ts > 7");
            assertThat(timestamps(session, "d")).containsExactly(7, 6, 2, 1, 0);
            session.execute("DELETE FROM iot.readings WHERE device = 'd' AND ts <= 1");
            assertThat(timestamps(session, "d")).containsExactly(7, 6, 2);
            assertThat(session.execute(SimpleStatement.newInstance("SELECT ts FROM iot.readings WHERE device = 'd'"
                    + " ORDER BY ts ASC").setPageSize(1)).all()).extracting(row -> row.getInt("ts"))
                    .as("reversed and paged").containsExactly(2, 6, 7);

            session.execute("DELETE FROM iot.readings USING TIMESTAMP 200 WHERE device = 'e' AND ts > 1");
            assertThat(timestamps(session, "e")).as("rows written at 300 survive a delete at 200")
                    .containsExactly(9, 8, 7, 6, 5, 1, 0);
            session.execute("INSERT INTO iot.readings (device, ts, v) VALUES ('e', 3, 3) USING TIMESTAMP 150");
            session.execute("INSERT INTO iot.readings (device, ts, v) VALUES ('e', 4, 4) USING TIMESTAMP 250");
            assertThat(timestamps(session, "e")).containsExactly(9, 8, 7, 6, 5, 4, 1, 0);

            session.execute("DELETE FROM iot.readings WHERE device = 'e' AND ts > 5 AND ts < 3");
            assertThat(timestamps(session, "e")).as("an empty slice deletes nothing").hasSize(8);
        }
    }

    @Test
    void prefixesOfACompositeClusteringInAndBatch() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE ks.events (p int, c1 int, c2 int, v int, PRIMARY KEY (p, c1, c2))"
                    + " WITH CLUSTERING ORDER BY (c1 ASC, c2 DESC)");
            PreparedStatement insert = session.prepare("INSERT INTO ks.events (p, c1, c2, v) VALUES (?, ?, ?, ?)");
            for (int p = 0; p < 2; p++) {
                for (int c1 = 0; c1 < 4; c1++) {
                    for (int c2 = 0; c2 < 3; c2++) {
                        session.execute(insert.bind(p, c1, c2, c1 * 10 + c2));
                    }
                }
            }
            session.execute("DELETE FROM ks.events WHERE p = 0 AND c1 = 1");
            session.execute("DELETE FROM ks.events WHERE p = 0 AND c1 = 2 AND c2 >= 1");
            session.execute("DELETE FROM ks.events WHERE p = 0 AND c1 IN (1, 3)");
            assertThat(values(session, 0)).containsExactly(2, 1, 0, 20);

            PreparedStatement slice = session.prepare("DELETE FROM ks.events WHERE p = ? AND c1 > ?");
            BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED)
                    .add(slice.bind(1, 1))
                    .add(SimpleStatement.newInstance("DELETE FROM ks.events WHERE p = 1 AND c1 = 0 AND c2 = 1"))
                    .add(insert.bind(1, 3, 5, 35));
            session.execute(batch);
            assertThat(values(session, 1)).as("the insert has the batch's timestamp: the range delete wins the tie")
                    .containsExactly(2, 0, 12, 11, 10);

            assertThatThrownBy(() -> session.execute("DELETE v FROM ks.events WHERE p = 0 AND c1 > 1"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Range deletions are not supported for specific columns");
            session.execute("DELETE FROM ks.events WHERE p = 0 AND c1 IN (0, 2) AND c2 > 1");
            assertThat(values(session, 0)).as("IN followed by a slice: one range per IN value").containsExactly(1, 0,
                    20);
            assertThatThrownBy(() -> session.execute("DELETE FROM ks.events WHERE p = 0 AND c2 = 1"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessage("PRIMARY KEY column \"c2\" cannot be restricted as preceding column \"c1\" is not"
                            + " restricted");
        }
    }

    private static List<Integer> timestamps(CqlSession session, String device) {
        return session.execute(SimpleStatement.newInstance("SELECT ts FROM iot.readings WHERE device = ?", device))
                .all().stream().map(row -> row.getInt("ts")).toList();
    }

    /** @return v of every row of partition {@code p} in clustering order (c1 ASC, c2 DESC) */
    private static List<Integer> values(CqlSession session, int p) {
        return session.execute(SimpleStatement.newInstance("SELECT v FROM ks.events WHERE p = ?", p)).all()
                .stream().map((Row row) -> row.getInt("v")).toList();
    }
}
