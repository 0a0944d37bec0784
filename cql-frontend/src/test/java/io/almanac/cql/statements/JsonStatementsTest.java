package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** SELECT JSON and INSERT JSON through the Java driver: Cassandra's JSON encoding of each type, and its errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonStatementsTest {

    private static final String ALL_TYPES = "{\"k\": \"dev-1\", \"\\\"Ts\\\"\": \"2026-11-21 10:00:00.123Z\","
            + " \"a\": \"it's \\\"q\\\"\", \"i\": 42, \"b\": 9007199254740993, \"f\": 1.5, \"d\": 2.25,"
            + " \"ok\": true, \"u\": \"a4a70900-24e1-11df-8924-001ff3591711\", \"bl\": \"0xcafe\","
            + " \"dt\": \"2026-11-21\", \"tm\": \"10:00:01.000000002\", \"ip\": \"127.0.0.1\","
            + " \"dec\": 12.5, \"vi\": 123456789012345678901234567890, \"l\": [3, 1], \"s\": [\"y\", \"x\"],"
            + " \"m\": {\"2\": \"two\", \"1\": \"one\"}}";

    private DriverNode node;
    private CqlSession session;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new DriverNode(directory);
        session = node.connect();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE ks.all_types (k text, \"Ts\" timestamp, a text, i int, b bigint, f float,"
                + " d double, ok boolean, u uuid, bl blob, dt date, tm time, ip inet, dec decimal, vi varint,"
                + " l list<int>, s set<text>, m map<int, text>, PRIMARY KEY (k, \"Ts\"))");
        session.execute("CREATE TABLE ks.t (k int, c int, v text, w int, PRIMARY KEY (k, c))");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void insertJsonThenSelectJsonGivesCassandrasEncoding() {
        session.execute("INSERT INTO ks.all_types JSON '" + ALL_TYPES.replace("'", "''") + "'");
        ResultSet result = session.execute("SELECT JSON * FROM ks.all_types WHERE k = 'dev-1'");
        assertThat(result.getColumnDefinitions().get(0).getName().asInternal()).isEqualTo("[json]");
        assertThat(result.one().getString(0)).isEqualTo("{\"k\": \"dev-1\", \"\\\"Ts\\\"\":"
                + " \"2026-11-21 10:00:00.123Z\", \"a\": \"it's \\\"q\\\"\", \"b\": 9007199254740993,"
                + " \"bl\": \"0xcafe\", \"d\": 2.25, \"dec\": 12.5, \"dt\": \"2026-11-21\", \"f\": 1.5, \"i\": 42,"
                + " \"ip\": \"127.0.0.1\", \"l\": [3, 1], \"m\": {\"1\": \"one\", \"2\": \"two\"}, \"ok\": true,"
                + " \"s\": [\"x\", \"y\"], \"tm\": \"10:00:01.000000002\","
                + " \"u\": \"a4a70900-24e1-11df-8924-001ff3591711\", \"vi\": 123456789012345678901234567890}");
        Row selected = session.execute("SELECT JSON k, i AS answer, writetime(i) FROM ks.all_types").one();
        assertThat(selected.getString(0)).startsWith("{\"k\": \"dev-1\", \"answer\": 42, \"writetime(i)\": ");
    }

    @Test
    void defaultNullAndDefaultUnsetAndBindMarkers() {
        session.execute("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"v\": \"a\", \"w\": 5}'");
        session.execute("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"v\": \"b\"}' DEFAULT UNSET");
        assertThat(session.execute("SELECT JSON v, w FROM ks.t WHERE k = 1 AND c = 1").one().getString(0))
                .isEqualTo("{\"v\": \"b\", \"w\": 5}");
        session.execute("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"v\": \"c\"}'");
        assertThat(session.execute("SELECT JSON v, w FROM ks.t WHERE k = 1 AND c = 1").one().getString(0))
                .isEqualTo("{\"v\": \"c\", \"w\": null}");
        PreparedStatement insert = session.prepare("INSERT INTO ks.t JSON ? DEFAULT UNSET USING TTL 100");
        assertThat(insert.getVariableDefinitions().get(0).getName().asInternal()).isEqualTo("[json]");
        session.execute(insert.bind("{\"k\": 2, \"c\": \"7\", \"w\": \"8\"}"));
        Row row = session.execute("SELECT c, w, ttl(w) FROM ks.t WHERE k = 2").one();
        assertThat(row.getInt("c")).isEqualTo(7);
        assertThat(row.getInt("w")).isEqualTo(8);
        assertThat(row.getInt(2)).isBetween(1, 100);
        List<Row> paged = session.execute(SimpleStatement.newInstance("SELECT JSON k, c FROM ks.t")
                .setPageSize(1)).all();
        assertThat(paged).extracting(r -> r.getString(0)).containsExactlyInAnyOrder("{\"k\": 1, \"c\": 1}",
                "{\"k\": 2, \"c\": 7}");
    }

    @Test
    void badJsonGetsCassandrasErrors() {
        assertInvalid("INSERT INTO ks.t JSON '[1, 2]'", "Could not decode JSON string as a map: not a JSON object."
                + " String was: [1, 2]");
        assertThatThrownBy(() -> session.execute("INSERT INTO ks.t JSON '{\"k\": '"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("Could not decode JSON string as a map: ");
        assertInvalid("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"nope\": 1}'",
                "JSON values map contains unrecognized column: nope");
        assertInvalid("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"w\": true}'",
                "Error decoding JSON value for w: Expected an int value, but got a Boolean: true");
        assertInvalid("INSERT INTO ks.t JSON '{\"k\": 1, \"c\": 1, \"v\": 5}'",
                "Error decoding JSON value for v: Expected a UTF-8 string, but got a Integer: 5");
        assertInvalid("INSERT INTO ks.t JSON '{\"k\": 1}'", "Invalid null value in condition for column c");
        assertInvalid("INSERT INTO ks.t JSON '{\"k\": 1}' DEFAULT UNSET", "Invalid unset value for column c");
        assertInvalid("INSERT INTO ks.all_types JSON '{\"k\": \"x\", \"\\\"Ts\\\"\": 0, \"bl\": \"cafe\"}'",
                "Error decoding JSON value for bl: Value 'cafe' is not a valid blob representation: String"
                        + " representation of blob is missing 0x prefix: cafe");
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }
}
