package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.NativeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code toJson()} in selections and {@code fromJson()} in terms, as Cassandra 5.0's ToJsonFct / FromJsonFct. */
class JsonFunctionsTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TYPE point (x int, \"Y\" int)");
        db.execute("CREATE TABLE t (k int PRIMARY KEY, p point, l list<frozen<point>>, m map<text, int>, v int)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void toJsonWritesEachTypesJsonText() {
        db.execute("INSERT INTO t (k, p, l, m) VALUES (1, {x: 1, \"Y\": 2}, [{x: 3}], {'a': 1, 'b': 2})");

        ResultMessage.Rows rows = db.rows("SELECT toJson(p), toJson(l), to_json(m['b']), toJson(v) FROM t"
                + " WHERE k = 1");

        assertThat(rows.metadata().columns()).extracting(ColumnSpec::name).containsExactly("system.tojson(p)",
                "system.tojson(l)", "system.to_json(m['b'])", "system.tojson(v)");
        assertThat(rows.metadata().columns()).extracting(ColumnSpec::type).containsOnly(NativeType.TEXT);
        assertThat(texts(rows.rows().get(0))).containsExactly("{\"x\": 1, \"\\\"Y\\\"\": 2}",
                "[{\"x\": 3, \"\\\"Y\\\"\": null}]", "2", "null");
        assertThat(json("SELECT JSON toJson(p) FROM t WHERE k = 1"))
                .isEqualTo("{\"system.tojson(p)\": \"{\\\"x\\\": 1, \\\"\\\\\\\"Y\\\\\\\"\\\": 2}\"}");
    }

    @Test
    void fromJsonDecodesForItsReceiver() {
        db.execute("INSERT INTO t (k, p, l) VALUES (fromJson('2'), fromJson('{\"x\": 5}'), fromJson('[{\"x\": 6,"
                + " \"\\\"Y\\\"\": 7}]'))");
        ResultMessage.Prepared prepared = db.prepare("UPDATE t SET v = fromJson(?) WHERE k = 2");
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name, ColumnSpec::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("arg0(system.fromjson)", NativeType.TEXT));
        db.executePrepared(prepared, EngineFixture.options(List.of("\"8\"".getBytes(StandardCharsets.UTF_8)), null,
                -1, null));

        assertThat(json("SELECT JSON p, l, v FROM t WHERE k = 2")).isEqualTo("{\"p\": {\"x\": 5, \"\\\"Y\\\"\": null},"
                + " \"l\": [{\"x\": 6, \"\\\"Y\\\"\": 7}], \"v\": 8}");
        db.execute("UPDATE t SET v = fromJson('null') WHERE k = 2");
        assertThat(db.rows("SELECT v FROM t WHERE k = 2").rows().get(0)[0]).isNull();
    }

    @Test
    void misplacedAndFailingCallsGiveCassandrasErrors() {
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, v) VALUES (1, toJson(2))"))
                .isInstanceOf(CqlException.class)
                .hasMessage("tojson() may only be used within the selection clause of SELECT statements");
        assertThatThrownBy(() -> db.execute("SELECT fromJson(v) FROM t"))
                .hasMessage("fromjson() cannot be used in the selection clause of a SELECT statement");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, p) VALUES (1, fromJson('{\"z\": 1}'))"))
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(0x1400))
                .hasMessage("org.apache.cassandra.serializers.MarshalException: Unknown field 'z' in value of user"
                        + " defined type point");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, v) VALUES (1, fromJson('{oops'))"))
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(0x1400))
                .hasMessageStartingWith("execution of 'system.fromjson[text]' failed: Could not decode JSON string"
                        + " '{oops': ");
    }

    private String json(String query) {
        return new String(db.rows(query).rows().get(0)[0], StandardCharsets.UTF_8);
    }

    private static List<String> texts(byte[][] row) {
        return Arrays.stream(row).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }
}
