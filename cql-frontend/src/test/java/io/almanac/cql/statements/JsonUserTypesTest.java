package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SELECT JSON and INSERT JSON of user-defined types, frozen and not, alone and nested in collections, tuples and other
 * user types, following Cassandra 5.0's {@code UserType.toJSONString} / {@code fromJSONObject} and JsonTest.
 */
class JsonUserTypesTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TYPE point (x int, y int)");
        db.execute("CREATE TYPE shape (name text, \"Center\" frozen<point>, corners frozen<list<frozen<point>>>,"
                + " tags set<text>)");
        db.execute("CREATE TABLE t (k int PRIMARY KEY, p point, fp frozen<point>, s frozen<shape>,"
                + " byname map<text, frozen<point>>, bypoint map<frozen<point>, text>,"
                + " pair tuple<int, frozen<point>>)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void selectJsonWritesEveryFieldInDeclarationOrder() {
        db.execute("INSERT INTO t (k, p, fp, s, byname, bypoint, pair) VALUES (1, {x: 1, y: 2}, {y: 4},"
                + " {name: 'tri', \"Center\": {x: 0, y: 0}, corners: [{x: 1, y: 1}, {x: 2}], tags: {'b', 'a'}},"
                + " {'o': {x: 0, y: 0}}, {{x: 5, y: 6}: 'five'}, (7, {x: 8, y: 9}))");

        assertThat(json("SELECT JSON k, p, fp FROM t WHERE k = 1"))
                .isEqualTo("{\"k\": 1, \"p\": {\"x\": 1, \"y\": 2}, \"fp\": {\"x\": null, \"y\": 4}}");
        assertThat(json("SELECT JSON s FROM t WHERE k = 1")).isEqualTo("{\"s\": {\"name\": \"tri\","
                + " \"\\\"Center\\\"\": {\"x\": 0, \"y\": 0}, \"corners\": [{\"x\": 1, \"y\": 1},"
                + " {\"x\": 2, \"y\": null}], \"tags\": [\"a\", \"b\"]}}");
        assertThat(json("SELECT JSON byname, bypoint, pair FROM t WHERE k = 1"))
                .as("a user type map key is its JSON text, quoted")
                .isEqualTo("{\"byname\": {\"o\": {\"x\": 0, \"y\": 0}},"
                        + " \"bypoint\": {\"{\\\"x\\\": 5, \\\"y\\\": 6}\": \"five\"},"
                        + " \"pair\": [7, {\"x\": 8, \"y\": 9}]}");
    }

    @Test
    void insertJsonRoundTripsWhatSelectJsonWrites() {
        String row = "{\"k\": 2, \"p\": {\"x\": 1, \"y\": 2}, \"fp\": {\"x\": null, \"y\": 4},"
                + " \"s\": {\"name\": \"sq\", \"\\\"Center\\\"\": {\"x\": 3, \"y\": 3}, \"corners\": [{\"x\": 1,"
                + " \"y\": null}], \"tags\": [\"a\"]}, \"byname\": {\"o\": {\"x\": 0, \"y\": 0}},"
                + " \"bypoint\": {\"{\\\"x\\\": 5, \\\"y\\\": 6}\": \"five\"}, \"pair\": [7, {\"x\": 8, \"y\": 9}]}";
        db.execute("INSERT INTO t JSON '" + row + "'");

        assertThat(json("SELECT JSON k, p, fp, s, byname, bypoint, pair FROM t WHERE k = 2")).isEqualTo(row);
    }

    @Test
    void missingFieldsAreNullAndFieldNamesFoldLikeColumnNames() {
        db.execute("INSERT INTO t JSON '{\"k\": 3, \"P\": {\"X\": 7},"
                + " \"s\": {\"\\\"Center\\\"\": \"{\\\"y\\\": 1}\"}}'");

        ResultMessage.Rows rows = db.rows("SELECT p, s FROM t WHERE k = 3");
        UserType point = (UserType) rows.metadata().columns().get(0).type();
        assertThat(point.decode(rows.rows().get(0)[0])).isEqualTo(mapOf("x", 7, "y", null));
        assertThat(json("SELECT JSON s FROM t WHERE k = 3")).as("a user type value may be a string holding JSON")
                .isEqualTo("{\"s\": {\"name\": null, \"\\\"Center\\\"\": {\"x\": null, \"y\": 1}, \"corners\": null,"
                        + " \"tags\": null}}");
    }

    @Test
    void badUserTypeValuesGiveCassandrasMessages() {
        assertInvalid("{\"k\": 4, \"p\": {\"x\": 1, \"z\": 2}}",
                "Error decoding JSON value for p: Unknown field 'z' in value of user defined type point");
        assertInvalid("{\"k\": 4, \"p\": {\"x\": \"one\"}}",
                "Error decoding JSON value for p: Unable to make int from 'one'");
        assertInvalid("{\"k\": 4, \"p\": 5}", "Error decoding JSON value for p: Expected a map, but got a Integer: 5");
        assertInvalid("{\"k\": 4, \"s\": {\"center\": {\"x\": 1}}}",
                "Error decoding JSON value for s: Unknown field 'center' in value of user defined type shape");
        assertInvalid("{\"k\": 4, \"pair\": [1, {\"x\": true}]}",
                "Error decoding JSON value for pair: Expected an int value, but got a Boolean: true");
    }

    @Test
    void tupleOfUserTypeIsReadFromItsJson() {
        db.execute("INSERT INTO t JSON '{\"k\": 5, \"pair\": [1, {\"y\": 2}]}'");
        ResultMessage.Rows rows = db.rows("SELECT pair FROM t WHERE k = 5");
        TupleType pair = (TupleType) rows.metadata().columns().get(0).type();
        assertThat(pair.decode(rows.rows().get(0)[0])).isEqualTo(List.of(1, mapOf("x", null, "y", 2)));
    }

    private void assertInvalid(String row, String message) {
        assertThatThrownBy(() -> db.execute("INSERT INTO t JSON '" + row + "'"))
                .isInstanceOf(CqlException.class)
                .hasMessage(message);
    }

    private String json(String query) {
        return new String(db.rows(query).rows().get(0)[0], StandardCharsets.UTF_8);
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
