package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the Apache Cassandra Java driver, simple and prepared: JSON of user-defined types (SELECT JSON, INSERT
 * JSON, toJson, fromJson), element and slice selections on sets and maps, and type hints on terms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonElementsAndHintsDriverTest {

    private DriverNode node;
    private CqlSession session;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new DriverNode(directory);
        session = node.connect();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TYPE ks.sensor (id text, \"Gain\" double, tags frozen<set<text>>)");
        session.execute("CREATE TABLE ks.devices (k int PRIMARY KEY, s sensor, fs frozen<sensor>,"
                + " spares list<frozen<sensor>>, readings map<text, int>, codes set<int>, l list<int>, d date)");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void userTypesRoundTripThroughJson() {
        String json = "{\"k\": 1, \"s\": {\"id\": \"a\", \"\\\"Gain\\\"\": 1.5, \"tags\": [\"x\", \"y\"]},"
                + " \"fs\": {\"id\": \"b\", \"\\\"Gain\\\"\": null, \"tags\": null},"
                + " \"spares\": [{\"id\": \"c\", \"\\\"Gain\\\"\": 2.0, \"tags\": []}]}";
        session.execute("INSERT INTO ks.devices JSON ?", json);

        Row row = session.execute("SELECT JSON k, s, fs, spares FROM ks.devices WHERE k = 1").one();
        assertThat(row.getString("[json]")).isEqualTo(json);
        UdtValue sensor = session.execute("SELECT s FROM ks.devices WHERE k = 1").one().getUdtValue("s");
        assertThat(sensor.getString("id")).isEqualTo("a");
        assertThat(sensor.getDouble("\"Gain\"")).isEqualTo(1.5);

        PreparedStatement toJson = session.prepare("SELECT toJson(fs) FROM ks.devices WHERE k = ?");
        assertThat(session.execute(toJson.bind(1)).one().getString(0))
                .isEqualTo("{\"id\": \"b\", \"\\\"Gain\\\"\": null, \"tags\": null}");

        PreparedStatement fromJson = session.prepare("UPDATE ks.devices SET fs = fromJson(?) WHERE k = ?");
        assertThat(fromJson.getVariableDefinitions().get(0).getName().asInternal())
                .isEqualTo("arg0(system.fromjson)");
        session.execute(fromJson.bind("{\"id\": \"z\", \"tags\": [\"t\"]}", 1));
        UdtValue frozen = session.execute("SELECT fs FROM ks.devices WHERE k = 1").one().getUdtValue("fs");
        assertThat(frozen.getString("id")).isEqualTo("z");
        assertThat(frozen.isNull("\"Gain\"")).isTrue();
        assertThat(frozen.getSet("tags", String.class)).containsExactly("t");
    }

    @Test
    void badUserTypeJsonIsRefusedWithCassandrasMessages() {
        assertThatThrownBy(() -> session.execute("INSERT INTO ks.devices JSON ?",
                "{\"k\": 2, \"s\": {\"id\": \"a\", \"gain\": 1}}"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Error decoding JSON value for s: Unknown field 'gain' in value of user defined type"
                        + " sensor");
        assertThatThrownBy(() -> session.execute("INSERT INTO ks.devices JSON ?",
                "{\"k\": 2, \"s\": {\"\\\"Gain\\\"\": \"loud\"}}"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Error decoding JSON value for s: Unable to make double from 'loud'");
        assertThatThrownBy(() -> session.execute("UPDATE ks.devices SET s = fromJson(?) WHERE k = 2", "[1]"))
                .isInstanceOf(FunctionFailureException.class)
                .hasMessageContaining("Expected a map, but got a ArrayList: [1]");
    }

    @Test
    void elementAndSliceSelectionsSimpleAndPrepared() {
        session.execute("INSERT INTO ks.devices (k, readings, codes, l) VALUES (3, {'t1': 10, 't2': 20, 't3': 30},"
                + " {1, 5, 9}, [4])");

        ResultSet simple = session.execute("SELECT readings['t2'], readings['t2'..], codes[5], codes[..5]"
                + " FROM ks.devices WHERE k = 3");
        ColumnDefinitions columns = simple.getColumnDefinitions();
        assertThat(columns.get(0).getName().asInternal()).isEqualTo("readings['t2']");
        assertThat(columns.get(0).getType()).isEqualTo(DataTypes.INT);
        assertThat(columns.get(1).getType()).isEqualTo(DataTypes.mapOf(DataTypes.TEXT, DataTypes.INT));
        Row row = simple.one();
        assertThat(row.getInt(0)).isEqualTo(20);
        assertThat(row.getMap(1, String.class, Integer.class)).isEqualTo(Map.of("t2", 20, "t3", 30));
        assertThat(row.getInt(2)).isEqualTo(5);
        assertThat(row.getSet(3, Integer.class)).isEqualTo(Set.of(1, 5));

        PreparedStatement prepared = session.prepare("SELECT readings[?], codes[?..?] FROM ks.devices WHERE k = ?");
        assertThat(prepared.getVariableDefinitions()).extracting(d -> d.getName().asInternal())
                .containsExactly("key(readings)", "value(codes)", "value(codes)", "k");
        Row bound = session.execute(prepared.bind("t3", 2, 9, 3)).one();
        assertThat(bound.getInt(0)).isEqualTo(30);
        assertThat(bound.getSet(1, Integer.class)).isEqualTo(Set.of(5, 9));
        assertThat(session.execute(prepared.bind("none", 10, 20, 3)).one().isNull(0)).isTrue();

        assertThat(session.execute("SELECT JSON readings['t1'], codes[9..] FROM ks.devices WHERE k = 3").one()
                .getString(0)).isEqualTo("{\"readings['t1']\": 10, \"codes[9..]\": [9]}");
        assertThatThrownBy(() -> session.execute("SELECT l[0] FROM ks.devices WHERE k = 3"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Element selection is only allowed on sets and maps, but l is a list");
        assertThatThrownBy(() -> session.execute(prepared.bind(null, 1, 2, 3)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Invalid null value for element selection on readings");
    }

    @Test
    void typeHintsOnTermsSimpleAndPrepared() {
        session.execute("INSERT INTO ks.devices (k, d) VALUES ((int) 4, toDate((timestamp) '2026-11-21 10:00:00Z'))");
        assertThat(session.execute("SELECT d FROM ks.devices WHERE k = 4").one().getLocalDate(0))
                .isEqualTo(LocalDate.of(2026, 11, 21));

        PreparedStatement prepared = session.prepare("UPDATE ks.devices SET d = toDate((timestamp) ?)"
                + " WHERE k = (int) ?");
        assertThat(prepared.getVariableDefinitions().get(0).getType()).isEqualTo(DataTypes.TIMESTAMP);
        assertThat(prepared.getVariableDefinitions().get(1).getName().asInternal()).isEqualTo("k");
        assertThat(prepared.getPartitionKeyIndices()).containsExactly(1);
        session.execute(prepared.bind(Instant.parse("2027-01-02T03:04:05Z"), 4));
        assertThat(session.execute("SELECT d FROM ks.devices WHERE k = 4").one().getLocalDate(0))
                .isEqualTo(LocalDate.of(2027, 1, 2));

        assertThatThrownBy(() -> session.prepare("UPDATE ks.devices SET d = toDate(?) WHERE k = 4"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("Ambiguous call to function system.todate");
        assertThatThrownBy(() -> session.execute("UPDATE ks.devices SET d = (text) 'x' WHERE k = 4"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Cannot assign value (text)'x' to d of type date");
    }
}
