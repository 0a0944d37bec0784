package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.UserType;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Type hints on terms, {@code (int) ?} and {@code (text) 'a'}, as Cassandra 5.0's {@code TypeCast}. */
class TypeHintTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TYPE point (x int, y int)");
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v text, b bigint, d date, ts timestamp, p frozen<point>,"
                + " l list<int>, bl blob)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void hintedLiteralsAreAssignedToTheirColumns() {
        db.execute("INSERT INTO t (k, v, b, p, l, bl) VALUES ((int) 1, (text) 'a', (bigint) 7,"
                + " (frozen<point>) {x: 1}, (list<int>) [1, 2], (blob) 0xcafe)");
        db.execute("UPDATE t SET v = (ascii) 'b', ts = (bigint) 1000 WHERE k = (int) 1");

        byte[][] row = db.rows("SELECT v, b, p, l, ts FROM t WHERE k = (int) 1").rows().get(0);
        assertThat(NativeType.TEXT.decode(row[0])).isEqualTo("b");
        assertThat(NativeType.BIGINT.decode(row[1])).isEqualTo(7L);
        assertThat(row[2]).isNotNull();
        assertThat(NativeType.TIMESTAMP.decode(row[4])).as("bigint values are valid timestamps")
                .isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void hintedMarkersKeepTheirReceiverInPreparedMetadata() {
        ResultMessage.Prepared prepared = db.prepare("INSERT INTO t (k, v, p) VALUES ((int) ?, (text) :val,"
                + " (point) ?)");

        List<ColumnSpec> variables = prepared.bindVariables().columns();
        assertThat(variables).extracting(ColumnSpec::name).containsExactly("k", "val", "p");
        assertThat(variables.get(0).type()).isEqualTo(NativeType.INT);
        assertThat(variables.get(2).type()).isInstanceOf(UserType.class);
        assertThat(prepared.pkIndexes()).containsExactly(0);
    }

    @Test
    void hintsPickBetweenFunctionOverloads() {
        assertThatThrownBy(() -> db.prepare("INSERT INTO t (k, d) VALUES (1, toDate(?))"))
                .isInstanceOf(CqlException.class)
                .hasMessageStartingWith("Ambiguous call to function system.todate");

        ResultMessage.Prepared prepared = db.prepare("INSERT INTO t (k, d) VALUES (1, toDate((timestamp) ?))");
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name, ColumnSpec::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("arg0(system.todate)", NativeType.TIMESTAMP));
        db.execute("INSERT INTO t (k, d) VALUES (2, toDate((timestamp) '2026-11-21 10:00:00Z'))");
        assertThat(NativeType.DATE.decode(db.rows("SELECT d FROM t WHERE k = 2").rows().get(0)[0]))
                .isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @Test
    void badHintsGiveCassandrasMessages() {
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, v) VALUES (1, (int) 'a')"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Cannot cast value 'a' to type int");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, b) VALUES (1, (int) 5)"))
                .hasMessage("Cannot assign value (int)5 to b of type bigint");
        assertThatThrownBy(() -> db.prepare("INSERT INTO t (k, v) VALUES (1, (int) ?)"))
                .hasMessage("Cannot assign value (int)? to v of type text");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, p) VALUES (1, (frozen<point>) [1])"))
                .hasMessage("Cannot cast value [1] to type frozen<point>");
        assertThat(db.rows("SELECT k FROM t WHERE k = (int) 9").rows()).isEmpty();
    }

    @Test
    void hintedTermsAsSelectorsAndFunctionArguments() {
        db.execute("INSERT INTO t (k, v) VALUES (1, 'a')");
        ResultMessage.Prepared prepared = db.prepare("SELECT (int) ?, (text) 'b', toDate((timestamp) ?), k FROM t"
                + " WHERE k = ?");

        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name, ColumnSpec::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("[selection]", NativeType.INT),
                        org.assertj.core.groups.Tuple.tuple("[selection]", NativeType.TIMESTAMP),
                        org.assertj.core.groups.Tuple.tuple("k", NativeType.INT));
        assertThat(prepared.resultMetadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("(int)?", "(text)'b'", "system.todate((timestamp)?)", "k");
        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(prepared, EngineFixture.options(List.of(
                NativeType.INT.encode(7), NativeType.TIMESTAMP.encode(Instant.parse("2026-11-21T10:00:00Z")),
                NativeType.INT.encode(1)), null, -1, null));
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.INT.decode(row[0])).isEqualTo(7);
        assertThat(NativeType.TEXT.decode(row[1])).isEqualTo("b");
        assertThat(NativeType.DATE.decode(row[2])).isEqualTo(LocalDate.of(2026, 11, 21));

        assertThatThrownBy(() -> db.prepare("SELECT ? FROM t"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Cannot infer type for term ? in selection clause (try using a cast to force a type)");
        assertThatThrownBy(() -> db.execute("SELECT (bigint) 'a' FROM t"))
                .hasMessage("Cannot assign value (bigint)'a' to (bigint)'a' of type bigint");
    }
}
