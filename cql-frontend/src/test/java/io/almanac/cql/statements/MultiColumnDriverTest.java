package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multi-column clustering relations through the Apache Cassandra Java driver: simple and prepared statements (each
 * column bound, or a whole tuple, or a list of tuples), a clustering with mixed orders ({@code day DESC, seq ASC})
 * so slices split, paging inside such slices, ORDER BY, LIMIT, PER PARTITION LIMIT, IN on the partition key, a
 * filtered range scan, and DELETE of tuple ranges and rows read back.
 */
class MultiColumnDriverTest extends DriverNodeTest {

    private static void createAndFill(CqlSession session) {
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE iot.readings (device text, day int, seq int, v int,"
                + " PRIMARY KEY (device, day, seq)) WITH CLUSTERING ORDER BY (day DESC, seq ASC)");
        PreparedStatement insert = session.prepare("INSERT INTO iot.readings (device, day, seq, v) VALUES (?, ?, ?, ?)");
        for (String device : List.of("a", "b")) {
            for (int day = 0; day < 4; day++) {
                for (int seq = 0; seq < 4; seq++) {
                    session.execute(insert.bind(device, day, seq, (device.equals("a") ? 0 : 100) + day * 10 + seq));
                }
            }
        }
    }

    @Test
    void slicesOnMixedOrdersPagedOrderedAndLimited() {
        try (CqlSession session = node.connect()) {
            createAndFill(session);
            String slice = "SELECT v FROM iot.readings WHERE device = 'a' AND (day, seq) > (1, 2)";
            List<Integer> expected = List.of(30, 31, 32, 33, 20, 21, 22, 23, 13);
            assertThat(values(session, slice, 100)).containsExactlyElementsOf(expected);
            assertThat(values(session, slice, 2)).as("pages end inside the split slices")
                    .containsExactlyElementsOf(expected);
            assertThat(values(session, slice + " ORDER BY day ASC, seq DESC", 2))
                    .containsExactly(13, 23, 22, 21, 20, 33, 32, 31, 30);
            assertThat(values(session, slice + " LIMIT 3", 2)).containsExactly(30, 31, 32);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'a' AND (day, seq) >= (1, 2)"
                    + " AND (day) < (3)", 100)).as("bounds of different arity").containsExactly(20, 21, 22, 23, 12, 13);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'a' AND day = 2 AND (seq) <= (1)",
                    100)).containsExactly(20, 21);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device IN ('b', 'a') AND (day, seq) > (1, 2)"
                    + " PER PARTITION LIMIT 2", 1)).containsExactly(30, 31, 130, 131);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device IN ('a', 'b')"
                    + " AND (day, seq) IN ((0, 1), (3, 3), (0, 1))", 3)).containsExactly(33, 1, 133, 101);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'a' AND day IN (0, 3) AND seq > 1",
                    100)).as("IN followed by a slice").containsExactly(32, 33, 2, 3);
            assertThat(values(session, "SELECT v FROM iot.readings WHERE (day, seq) > (2, 2) ALLOW FILTERING", 3))
                    .as("a range scan filters the tuple").containsExactlyInAnyOrder(30, 31, 32, 33, 23,
                            130, 131, 132, 133, 123);
        }
    }

    @Test
    void preparedStatementsBindColumnsTuplesAndListsOfTuples() {
        try (CqlSession session = node.connect()) {
            createAndFill(session);
            PreparedStatement equal = session.prepare(
                    "SELECT v FROM iot.readings WHERE device = ? AND (day, seq) = (?, ?)");
            assertThat(values(session, equal.bind("a", 2, 3))).containsExactly(23);

            PreparedStatement greater = session.prepare(
                    "SELECT v FROM iot.readings WHERE device = ? AND (day, seq) > ? AND (day, seq) <= (?, ?)");
            TupleType pair = (TupleType) greater.getVariableDefinitions().get(1).getType();
            assertThat(pair.getComponentTypes()).containsExactly(DataTypes.INT, DataTypes.INT);
            assertThat(values(session, greater.bind("a", pair.newValue(2, 2), 3, 0).setPageSize(1)))
                    .containsExactly(30, 23);

            PreparedStatement in = session.prepare("SELECT v FROM iot.readings WHERE device = ? AND (day, seq) IN (?, ?)");
            TupleType inPair = (TupleType) in.getVariableDefinitions().get(1).getType();
            assertThat(values(session, in.bind("b", inPair.newValue(0, 0), inPair.newValue(1, 1))))
                    .containsExactly(111, 100);

            PreparedStatement inList = session.prepare("SELECT v FROM iot.readings WHERE device = ? AND (day, seq) IN ?");
            List<TupleValue> tuples = new ArrayList<>();
            tuples.add(inPair.newValue(3, 1));
            tuples.add(inPair.newValue(0, 2));
            assertThat(values(session, inList.bind("a", tuples))).containsExactly(31, 2);

            PreparedStatement literalIn = session.prepare(
                    "SELECT v FROM iot.readings WHERE device = ? AND (day, seq) IN ((?, ?), (1, 1))");
            assertThat(values(session, literalIn.bind("a", 2, 2))).containsExactly(22, 11);
        }
    }

    @Test
    void deletesOfTupleRangesAndRowsReadBack() {
        try (CqlSession session = node.connect()) {
            createAndFill(session);
            PreparedStatement range = session.prepare(
                    "DELETE FROM iot.readings WHERE device = ? AND (day, seq) > ? AND (day, seq) < ?");
            TupleType pair = (TupleType) range.getVariableDefinitions().get(1).getType();
            session.execute(range.bind("a", pair.newValue(1, 1), pair.newValue(2, 2)));
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'a'", 100))
                    .containsExactly(30, 31, 32, 33, 22, 23, 10, 11, 0, 1, 2, 3);

            session.execute("DELETE FROM iot.readings WHERE device = 'a' AND (day, seq) IN ((3, 0), (0, 3))");
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'a'", 100))
                    .containsExactly(31, 32, 33, 22, 23, 10, 11, 0, 1, 2);

            session.execute("DELETE FROM iot.readings WHERE device = 'b' AND day IN (0, 3) AND seq >= 2");
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'b'", 3))
                    .containsExactly(130, 131, 120, 121, 122, 123, 110, 111, 112, 113, 100, 101);

            session.execute("DELETE FROM iot.readings WHERE device = 'b' AND (day) >= (1)");
            assertThat(values(session, "SELECT v FROM iot.readings WHERE device = 'b'", 100)).containsExactly(100,
                    101);
        }
    }

    @Test
    void invalidRelationsAreInvalidQueries() {
        try (CqlSession session = node.connect()) {
            createAndFill(session);
            assertThatThrownBy(() -> session.execute("SELECT * FROM iot.readings WHERE device = 'a'"
                    + " AND (seq, day) > (1, 1)")).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Clustering columns must appear in the PRIMARY KEY order in multi-column relations:"
                            + " (seq, day) > (1, 1)");
            assertThatThrownBy(() -> session.execute("SELECT * FROM iot.readings WHERE device = 'a'"
                    + " AND (day, seq) > (1, 1) AND day < 3")).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Mixing single column relations and multi column relations on clustering columns is"
                            + " not allowed");
            assertThatThrownBy(() -> session.execute("UPDATE iot.readings SET v = 1 WHERE device = 'a'"
                    + " AND (day, seq) > (1, 1)")).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Slice restrictions are not supported on the clustering columns in UPDATE statements");
            assertThat(session.execute("SELECT v FROM iot.readings WHERE device = 'a' AND (day, seq) = (0, 0)").one()
                    .getInt("v")).as("the connection survives").isZero();
        }
    }

    private static List<Integer> values(CqlSession session, String query, int pageSize) {
        return values(session, SimpleStatement.newInstance(query).setPageSize(pageSize));
    }

    private static List<Integer> values(CqlSession session, Statement<?> statement) {
        ResultSet result = session.execute(statement instanceof BoundStatement bound && bound.getPageSize() <= 0
                ? bound.setPageSize(100) : statement);
        List<Integer> values = new ArrayList<>();
        for (Row row : result) {
            values.add(row.getInt("v"));
        }
        return values;
    }
}
