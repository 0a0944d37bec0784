package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Element {@code c[x]} and slice {@code c[x..y]} selections on sets and maps, frozen and not, with literals and bind
 * markers, in plain SELECT, SELECT JSON and aggregates; Cassandra 5.0's column names, marker names and messages.
 */
class ElementSelectionTest {

    private static final CollectionType TEXT_INT_MAP = CollectionType.map(NativeType.TEXT, NativeType.INT, false);
    private static final CollectionType INT_SET = CollectionType.set(NativeType.INT, false);

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TYPE box (m frozen<map<text, int>>)");
        db.execute("CREATE TABLE t (k int PRIMARY KEY, m map<text, int>, s set<int>, l list<int>,"
                + " fm frozen<map<text, int>>, fs frozen<set<int>>, v int, b frozen<box>)");
        db.execute("INSERT INTO t (k, m, s, l, fm, fs, v, b) VALUES (1, {'a': 1, 'b': 2, 'c': 3, 'd': 4},"
                + " {1, 2, 3, 4, 5}, [7, 8], {'x': 10, 'y': 20}, {10, 20}, 5, {m: {'q': 42}})");
        db.execute("INSERT INTO t (k, v) VALUES (2, 6)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void mapElementsAndSlicesWithLiterals() {
        ResultMessage.Rows rows = db.rows("SELECT m['b'], m['z'], m['b'..'c'], m['c'..], m[..'a'], m['c'..'b']"
                + " FROM t WHERE k = 1");

        assertThat(names(rows)).containsExactly("m['b']", "m['z']", "m['b'..'c']", "m['c'..]", "m[..'a']",
                "m['c'..'b']");
        assertThat(types(rows)).containsExactly(NativeType.INT, NativeType.INT, TEXT_INT_MAP, TEXT_INT_MAP,
                TEXT_INT_MAP, TEXT_INT_MAP);
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.INT.decode(row[0])).isEqualTo(2);
        assertThat(row[1]).as("missing key").isNull();
        assertThat(TEXT_INT_MAP.decode(row[2])).isEqualTo(Map.of("b", 2, "c", 3));
        assertThat(TEXT_INT_MAP.decode(row[3])).isEqualTo(Map.of("c", 3, "d", 4));
        assertThat(TEXT_INT_MAP.decode(row[4])).isEqualTo(Map.of("a", 1));
        assertThat(row[5]).as("empty slice of a non-frozen map").isNull();
    }

    @Test
    void setElementsAndSlicesAndFrozenCollections() {
        ResultMessage.Rows rows = db.rows("SELECT s[3], s[9], s[2..], s[2..3], fs[10], fm['y'], fm['z'..],"
                + " fs[30..] FROM t WHERE k = 1");

        assertThat(names(rows)).containsExactly("s[3]", "s[9]", "s[2..]", "s[2..3]", "fs[10]", "fm['y']",
                "fm['z'..]", "fs[30..]");
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.INT.decode(row[0])).isEqualTo(3);
        assertThat(row[1]).isNull();
        assertThat(INT_SET.decode(row[2])).isEqualTo(Set.of(2, 3, 4, 5));
        assertThat(INT_SET.decode(row[3])).isEqualTo(Set.of(2, 3));
        assertThat(NativeType.INT.decode(row[4])).isEqualTo(10);
        assertThat(NativeType.INT.decode(row[5])).isEqualTo(20);
        assertThat(row[6]).as("empty slice of a frozen map: the empty map").containsExactly(0, 0, 0, 0);
        assertThat(row[7]).containsExactly(0, 0, 0, 0);
        assertThat(Arrays.asList(db.rows("SELECT m['a'], s[1..] FROM t WHERE k = 2").rows().get(0)))
                .containsOnlyNulls();
    }

    @Test
    void elementsOfFieldsAndInsideFunctionsAndAggregates() {
        ResultMessage.Rows rows = db.rows("SELECT b.m['q'] AS q, (m['a'], s[1]) FROM t WHERE k = 1");
        assertThat(names(rows)).containsExactly("q", "(m['a'], s[1])");
        assertThat(NativeType.INT.decode(rows.rows().get(0)[0])).isEqualTo(42);

        ResultMessage.Rows max = db.rows("SELECT max(m['b']), count(*) FROM t");
        assertThat(names(max)).containsExactly("system.max(m['b'])", "count");
        assertThat(NativeType.INT.decode(max.rows().get(0)[0])).isEqualTo(2);
    }

    @Test
    void bindMarkersAreNamedAsCassandraNamesThem() {
        ResultMessage.Prepared prepared = db.prepare("SELECT m[?], s[:low..?], fm[?..] FROM t WHERE k = ?");

        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("key(m)", "low", "value(s)", "key(fm)", "k");
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::type)
                .containsExactly(NativeType.TEXT, NativeType.INT, NativeType.INT, NativeType.TEXT, NativeType.INT);
        assertThat(prepared.resultMetadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("m[?]", "s[:low..?]", "fm[?..]");

        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(prepared, values(text("c"), integer(4),
                QueryOptions.UNSET, text("y"), integer(1)));
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.INT.decode(row[0])).isEqualTo(3);
        assertThat(INT_SET.decode(row[1])).as("an unset bound is no bound").isEqualTo(Set.of(4, 5));
        assertThat(CollectionType.map(NativeType.TEXT, NativeType.INT, true).decode(row[2])).isEqualTo(Map.of("y", 20));
    }

    @Test
    void nullAndUnsetKeysAreRefused() {
        ResultMessage.Prepared prepared = db.prepare("SELECT m[?] FROM t WHERE k = 1");
        assertThatThrownBy(() -> db.executePrepared(prepared, values((byte[]) null)))
                .isInstanceOf(CqlException.class)
                .hasMessage("Invalid null value for element selection on m");
        assertThatThrownBy(() -> db.executePrepared(prepared, values(QueryOptions.UNSET)))
                .hasMessage("Invalid unset value for element selection on m");
        ResultMessage.Prepared slice = db.prepare("SELECT s[?..] FROM t WHERE k = 1");
        assertThatThrownBy(() -> db.executePrepared(slice, values((byte[]) null)))
                .hasMessage("Invalid null value for slice selection on s");
    }

    @Test
    void listsAndNonCollectionsAreRefusedWithCassandrasMessages() {
        assertThatThrownBy(() -> db.execute("SELECT l[0] FROM t WHERE k = 1"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Element selection is only allowed on sets and maps, but l is a list");
        assertThatThrownBy(() -> db.execute("SELECT l[0..1] FROM t WHERE k = 1"))
                .hasMessage("Slice selection is only allowed on sets and maps, but l is a list");
        assertThatThrownBy(() -> db.execute("SELECT v[0] FROM t WHERE k = 1"))
                .hasMessage("Invalid element selection: v is of type int is not a collection");
        assertThatThrownBy(() -> db.execute("SELECT v[0..1] FROM t WHERE k = 1"))
                .hasMessage("Invalid slice selection: v of type int is not a collection");
        assertThatThrownBy(() -> db.execute("SELECT m[1] FROM t WHERE k = 1"))
                .hasMessageContaining("key(m)");
        assertThatThrownBy(() -> db.execute("SELECT m[] FROM t WHERE k = 1"))
                .isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(0x2000));
    }

    @Test
    void selectJsonUsesTheSelectionNamesAsKeys() {
        ResultMessage.Rows rows = db.rows("SELECT JSON m['b'], s[4..], fm FROM t WHERE k = 1");

        assertThat(new String(rows.rows().get(0)[0], StandardCharsets.UTF_8))
                .isEqualTo("{\"m['b']\": 2, \"s[4..]\": [4, 5], \"fm\": {\"x\": 10, \"y\": 20}}");
    }

    private static List<String> names(ResultMessage.Rows rows) {
        return rows.metadata().columns().stream().map(ColumnSpec::name).toList();
    }

    private static List<CqlType> types(ResultMessage.Rows rows) {
        return rows.metadata().columns().stream().map(ColumnSpec::type).toList();
    }

    private static QueryOptions values(byte[]... values) {
        return EngineFixture.options(Arrays.asList(values), null, -1, null);
    }

    private static byte[] text(String value) {
        return NativeType.TEXT.encode(value);
    }

    private static byte[] integer(int value) {
        return NativeType.INT.encode(value);
    }
}
