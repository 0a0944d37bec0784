package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.almanac.cql.DriverSessions;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tuple type through the Apache Cassandra Java driver: tuple columns as partition key, clustering (DESC) and
 * regular columns, inside collections and user types; literals (nested, null and missing components), bound
 * {@link TupleValue}s and markers inside literals, the [option] 0x0031 in result and prepared metadata, clustering
 * order and restrictions, conditions, JSON, tuple selectors, system_schema, DESCRIBE and Cassandra's error texts.
 */
class TupleDriverTest extends DriverNodeTest {

    private static final TupleType INT_TEXT = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT);

    private static void createSchema(CqlSession session) {
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TYPE iot.reading (at tuple<int, text>, tags frozen<list<tuple<text, int>>>)");
        session.execute("CREATE TABLE iot.points (k frozen<tuple<int, text>>, c tuple<int, text>,"
                + " v tuple<int, text, double>, l list<frozen<tuple<int, int>>>, r frozen<reading>,"
                + " PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)");
    }

    @Test
    void literalsRoundTripAsDriverTupleValues() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            session.execute("INSERT INTO iot.points (k, c, v, l, r) VALUES ((1, 'a'), (2, 'x'), (3, null, 1.5),"
                    + " [(1, 2), (3, 4)], {at: (5, 'five'), tags: [('t', 1)]})");
            session.execute("INSERT INTO iot.points (k, c, v) VALUES ((1, 'a'), (10, 'y'), (7))");
            ResultSet rows = session.execute("SELECT c, v, l, r FROM iot.points WHERE k = (1, 'a')");
            ColumnDefinition c = rows.getColumnDefinitions().get("c");
            assertThat(c.getType()).isEqualTo(INT_TEXT);
            List<Row> all = rows.all();
            assertThat(all).extracting(r -> r.getTupleValue("c").getInt(0)).as("DESC clustering")
                    .containsExactly(10, 2);
            TupleValue v = all.get(1).getTupleValue("v");
            assertThat(v.getInt(0)).isEqualTo(3);
            assertThat(v.isNull(1)).isTrue();
            assertThat(v.getDouble(2)).isEqualTo(1.5);
            assertThat(all.get(0).getTupleValue("v").isNull(1)).as("missing components read as null").isTrue();
            assertThat(all.get(1).getList("l", TupleValue.class)).extracting(t -> t.getInt(1)).containsExactly(2, 4);
            TupleValue at = all.get(1).getUdtValue("r").getTupleValue("at");
            assertThat(at.getString(1)).isEqualTo("five");
            node.db.engine.flush().join();
            assertThat(session.execute("SELECT v FROM iot.points WHERE k = (1, 'a') AND c = (2, 'x')").one()
                    .getTupleValue("v").getDouble(2)).isEqualTo(1.5);
        }
    }

    @Test
    void preparedStatementsBindWholeTuplesAndMarkersInsideLiterals() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            PreparedStatement whole = session.prepare("INSERT INTO iot.points (k, c, v) VALUES (?, ?, ?)");
            assertThat(whole.getVariableDefinitions().get(1).getName().asInternal()).isEqualTo("c");
            assertThat(whole.getVariableDefinitions().get(1).getType()).isEqualTo(INT_TEXT);
            assertThat(whole.getPartitionKeyIndices()).containsExactly(0);
            TupleType vType = (TupleType) whole.getVariableDefinitions().get(2).getType();
            session.execute(whole.bind(INT_TEXT.newValue(1, "a"), INT_TEXT.newValue(5, "p"),
                    vType.newValue(9, "nine", 0.5)));

            PreparedStatement inside = session.prepare("INSERT INTO iot.points (k, c, v) VALUES ((1, 'a'), (?, ?),"
                    + " (?, 'lit', ?))");
            assertThat(inside.getVariableDefinitions()).extracting(d -> d.getName().asInternal())
                    .containsExactly("c[0]", "c[1]", "v[0]", "v[2]");
            assertThat(inside.getVariableDefinitions().get(3).getType()).isEqualTo(DataTypes.DOUBLE);
            session.execute(inside.bind(6, "q", 11, 2.5));

            PreparedStatement select = session.prepare("SELECT c, v FROM iot.points WHERE k = ? AND c >= ?");
            assertThat(select.getResultSetDefinitions().get("v").getType()).isEqualTo(vType);
            List<Row> rows = session.execute(select.bind(INT_TEXT.newValue(1, "a"), INT_TEXT.newValue(5, "p")))
                    .all();
            assertThat(rows).extracting(r -> r.getTupleValue("c").getString(1)).containsExactly("q", "p");
            assertThat(rows.get(0).getTupleValue("v").getString(1)).isEqualTo("lit");
            assertThat(rows.get(1).getTupleValue("v")).isEqualTo(vType.newValue(9, "nine", 0.5));

            PreparedStatement unsetInside = session.prepare("UPDATE iot.points SET v = (?, 'u', 1.0)"
                    + " WHERE k = (1, 'a') AND c = (5, 'p')");
            assertThatThrownBy(() -> session.execute(unsetInside.bind()))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Invalid unset value for tuple field number 0");
        }
    }

    @Test
    void restrictionsConditionsFilteringSelectorsAndCellFunctions() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            for (int i = 0; i < 4; i++) {
                session.execute("INSERT INTO iot.points (k, c, v) VALUES ((1, 'a'), (" + i + ", 's" + i + "'), ("
                        + (i % 2) + ", 'v', 0.0)) USING TTL 1000");
            }
            assertThat(session.execute("SELECT c FROM iot.points WHERE k = (1, 'a') AND c > (1, 's1')"
                    + " AND c <= (3, 's3')").all()).extracting(r -> r.getTupleValue(0).getInt(0))
                    .containsExactly(3, 2);
            assertThat(session.execute("SELECT c FROM iot.points WHERE k = (1, 'a') AND c = (2, 's2')").all())
                    .hasSize(1);
            assertThat(session.execute("SELECT c FROM iot.points WHERE v = (1, 'v', 0.0) ALLOW FILTERING").all())
                    .extracting(r -> r.getTupleValue(0).getInt(0)).containsExactly(3, 1);

            ResultSet notApplied = session.execute("UPDATE iot.points SET v = (9, 'w', 0.0)"
                    + " WHERE k = (1, 'a') AND c = (0, 's0') IF v = (1, 'v', 0.0)");
            assertThat(notApplied.wasApplied()).isFalse();
            assertThat(session.execute("UPDATE iot.points SET v = (9, 'w', 0.0)"
                    + " WHERE k = (1, 'a') AND c = (0, 's0') IF v = (0, 'v', 0.0)").wasApplied()).isTrue();

            assertThatThrownBy(() -> session.execute("SELECT (k, 42) FROM iot.points"))
                    .isInstanceOf(InvalidQueryException.class);
            Row row = session.execute("SELECT (c, v) AS cv, (k, c), writetime(v), ttl(v) FROM iot.points"
                    + " WHERE k = (1, 'a') AND c = (0, 's0')").one();
            TupleValue cv = row.getTupleValue("cv");
            assertThat(cv.getType().getComponentTypes()).containsExactly(INT_TEXT,
                    DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.DOUBLE));
            assertThat(cv.getTupleValue(1).getInt(0)).isEqualTo(9);
            assertThat(row.getColumnDefinitions().get(1).getName().asInternal()).isEqualTo("(k, c)");
            assertThat(row.getLong(2)).isPositive();
            assertThat(row.isNull(3)).as("the conditional update wrote v without TTL").isTrue();
            assertThat(session.execute("SELECT ttl(v) FROM iot.points WHERE k = (1, 'a') AND c = (1, 's1')").one()
                    .getInt(0)).isBetween(1, 1000);
        }
    }

    @Test
    void jsonReadsAndWritesTuplesAsArrays() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            session.execute("INSERT INTO iot.points JSON '{\"k\": [1, \"a\"], \"c\": \"[2, \\\"b\\\"]\","
                    + " \"v\": [3, null, 0.5], \"l\": [[1, 2]]}'");
            assertThat(session.execute("SELECT JSON k, c, v, l FROM iot.points").one().getString(0)).isEqualTo(
                    "{\"k\": [1, \"a\"], \"c\": [2, \"b\"], \"v\": [3, null, 0.5], \"l\": [[1, 2]]}");
            assertThatThrownBy(() -> session.execute("INSERT INTO iot.points JSON '{\"k\": [1], \"c\": [1, \"a\"]}'"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Error decoding JSON value for k: Tuple is missing items (expected 2): [1]");
            assertThatThrownBy(() -> session.execute("INSERT INTO iot.points JSON '{\"k\": {}, \"c\": [1, \"a\"]}'"))
                    .isInstanceOf(InvalidQueryException.class).hasMessage("Error decoding JSON value for k:"
                            + " Expected a list representation of a tuple, but got a LinkedHashMap: {}");
        }
    }

    @Test
    void schemaTablesDescribeAndAlterShowTupleTypes() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            session.execute("ALTER TABLE iot.points ADD extra tuple<int, frozen<set<text>>>");
            Row column = session.execute("SELECT type, clustering_order FROM system_schema.columns"
                    + " WHERE keyspace_name = 'iot' AND table_name = 'points' AND column_name = 'c'").one();
            assertThat(column.getString("type")).isEqualTo("frozen<tuple<int, text>>");
            assertThat(column.getString("clustering_order")).isEqualTo("desc");
            assertThat(session.execute("SELECT type FROM system_schema.columns WHERE keyspace_name = 'iot'"
                    + " AND table_name = 'points' AND column_name = 'extra'").one().getString(0))
                    .isEqualTo("frozen<tuple<int, frozen<set<text>>>>");
            assertThat(session.execute("SELECT field_types FROM system_schema.types WHERE keyspace_name = 'iot'"
                    + " AND type_name = 'reading'").one().getList(0, String.class))
                    .containsExactly("frozen<tuple<int, text>>", "frozen<list<frozen<tuple<text, int>>>>");
            String table = session.execute("DESCRIBE TABLE iot.points").one().getString("create_statement");
            assertThat(table).contains("k frozen<tuple<int, text>>,", "c frozen<tuple<int, text>>,",
                    "l list<frozen<tuple<int, int>>>,", "extra frozen<tuple<int, frozen<set<text>>>>",
                    "CLUSTERING ORDER BY (c DESC)");
            session.execute("DROP TABLE iot.points");
            session.execute(table);
            session.execute("INSERT INTO iot.points (k, c, extra) VALUES ((1, 'a'), (1, 'b'), (1, {'x'}))");
            assertThat(session.execute("SELECT extra FROM iot.points").one().getTupleValue(0)
                    .getSet(1, String.class)).containsExactly("x");
            session.refreshSchema();
            assertThat(session.getMetadata().getKeyspace("iot").orElseThrow().getTable("points").orElseThrow()
                    .getColumn("v").orElseThrow().getType())
                    .isEqualTo(DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.DOUBLE));
        }
    }

    @Test
    void badTupleValuesAndTypesGetCassandrasErrors() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createSchema(session);
            assertInvalid(session, "INSERT INTO iot.points (k, c, v) VALUES ((1, 'a'), (1, 'b', 3), null)",
                    "Invalid tuple literal for c: too many elements. Type frozen<tuple<int, text>> expects 2 but"
                            + " got 3");
            assertInvalid(session, "INSERT INTO iot.points (k, c) VALUES ((1, 'a'), ('x', 'b'))",
                    "Invalid tuple literal for c: component 0 is not of type int");
            assertInvalid(session, "INSERT INTO iot.points (k, c) VALUES ((1, 'a'), 1)",
                    "Invalid INTEGER constant (1) for \"c\" of type frozen<tuple<int, text>>");
            assertInvalid(session, "INSERT INTO iot.points (k, c, l) VALUES ((1, 'a'), (1, 'b'), (1, 2))",
                    "Invalid tuple type literal for l of type list<frozen<tuple<int, int>>>");
            assertInvalid(session, "CREATE TABLE iot.bad (k tuple<int, duration> PRIMARY KEY)",
                    "duration type is not supported for PRIMARY KEY column 'k'");
            assertInvalid(session, "CREATE TABLE iot.bad (k int PRIMARY KEY, v tuple<counter>)",
                    "Counters are not allowed inside tuples");
            PreparedStatement insert = session.prepare("INSERT INTO iot.points (k, c) VALUES ((1, 'a'), ?)");
            ByteBuffer threeComponents = ByteBuffer.allocate(12).putInt(0).putInt(0).putInt(0).flip();
            assertThatThrownBy(() -> session.execute(insert.bind().setBytesUnsafe(0, threeComponents)))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("too many fields");
            assertThat(session.execute("SELECT count(*) FROM iot.points").one().getLong(0))
                    .as("the connection survives bad values").isZero();
        }
    }

    private static void assertInvalid(CqlSession session, String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }
}
