package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection functions (writetime, ttl, time and uuid functions, CAST, floor) and function calls in WHERE terms. */
class FunctionsTest {

    private static final long START_MILLIS = EngineFixture.START_MICROS / 1000;

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE t (k int, c int, v int, s text, ts timestamp, d date, id timeuuid,"
                + " PRIMARY KEY (k, c))");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void writetimeAndTtlFollowTheClock() {
        db.execute("INSERT INTO t (k, c, v, s) VALUES (1, 1, 10, 'a') USING TTL 100 AND TIMESTAMP 1234567");
        db.execute("INSERT INTO t (k, c, v) VALUES (1, 2, 20)");
        db.clock.advanceSeconds(30);

        ResultMessage.Rows rows = db.rows("SELECT writetime(v), ttl(v) AS left, ttl(s) FROM t WHERE k = 1");

        assertThat(names(rows)).containsExactly("writetime(v)", "left", "ttl(s)");
        assertThat(types(rows)).containsExactly(NativeType.BIGINT, NativeType.INT, NativeType.INT);
        assertThat(NativeType.BIGINT.decode(rows.rows().get(0)[0])).isEqualTo(1234567L);
        assertThat(NativeType.INT.decode(rows.rows().get(0)[1])).isEqualTo(70);
        assertThat(NativeType.BIGINT.decode(rows.rows().get(1)[0])).isEqualTo(EngineFixture.START_MICROS);
        assertThat(rows.rows().get(1)[1]).isNull();
        assertThat(rows.rows().get(1)[2]).isNull();
    }

    @Test
    void writetimeAndTtlAreRefusedOnPrimaryKeyColumns() {
        assertThatThrownBy(() -> db.execute("SELECT writetime(c) FROM t WHERE k = 1"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Cannot use selection function writeTime on PRIMARY KEY part c");
        assertThatThrownBy(() -> db.execute("SELECT ttl(k) FROM t WHERE k = 1"))
                .hasMessage("Cannot use selection function ttl on PRIMARY KEY part k");
    }

    @Test
    void nowMakesIncreasingTimeuuidsAtTheClockTime() {
        db.execute("INSERT INTO t (k, c, id) VALUES (1, 1, now())");
        db.execute("INSERT INTO t (k, c, id) VALUES (1, 2, now())");

        ResultMessage.Rows rows = db.rows("SELECT id, toTimestamp(id), toUnixTimestamp(id), toDate(id) FROM t"
                + " WHERE k = 1");

        UUID first = (UUID) NativeType.TIMEUUID.decode(rows.rows().get(0)[0]);
        UUID second = (UUID) NativeType.TIMEUUID.decode(rows.rows().get(1)[0]);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.timestamp()).isGreaterThan(first.timestamp());
        assertThat(names(rows)).containsExactly("id", "system.totimestamp(id)", "system.tounixtimestamp(id)",
                "system.todate(id)");
        assertThat(types(rows)).containsExactly(NativeType.TIMEUUID, NativeType.TIMESTAMP, NativeType.BIGINT,
                NativeType.DATE);
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.TIMESTAMP.decode(row[1])).isEqualTo(Instant.ofEpochMilli(START_MILLIS));
        assertThat(NativeType.BIGINT.decode(row[2])).isEqualTo(START_MILLIS);
        assertThat(NativeType.DATE.decode(row[3])).isEqualTo(LocalDate.of(2023, 11, 14));
    }

    @Test
    void currentFunctionsAndUuidInSelectors() {
        db.execute("INSERT INTO t (k, c) VALUES (1, 1)");
        db.clock.advanceSeconds(86_400);

        byte[][] row = db.rows("SELECT currentTimestamp(), currentDate(), uuid(), current_timestamp() FROM t"
                + " WHERE k = 1").rows().get(0);

        assertThat(NativeType.TIMESTAMP.decode(row[0])).isEqualTo(Instant.ofEpochMilli(START_MILLIS + 86_400_000));
        assertThat(NativeType.DATE.decode(row[1])).isEqualTo(LocalDate.of(2023, 11, 15));
        assertThat(((UUID) NativeType.UUID.decode(row[2])).version()).isEqualTo(4);
        assertThat(row[3]).isEqualTo(row[0]);
    }

    @Test
    void dateAndTimestampConversions() {
        db.execute("INSERT INTO t (k, c, ts, d) VALUES (1, 1, '2024-02-29 23:30:00+0000', '2024-03-01')");

        byte[][] row = db.rows("SELECT toDate(ts), toTimestamp(d), toUnixTimestamp(ts), toUnixTimestamp(d)"
                + " FROM t WHERE k = 1").rows().get(0);

        assertThat(NativeType.DATE.decode(row[0])).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(NativeType.TIMESTAMP.decode(row[1])).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(NativeType.BIGINT.decode(row[2])).isEqualTo(Instant.parse("2024-02-29T23:30:00Z").toEpochMilli());
        assertThat(NativeType.BIGINT.decode(row[3])).isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void minAndMaxTimeuuidBoundTimeuuidSlices() {
        db.execute("CREATE TABLE events (k int, id timeuuid, v int, PRIMARY KEY (k, id))");
        for (int v = 0; v < 4; v++) {
            db.execute("INSERT INTO events (k, id, v) VALUES (1, now(), " + v + ")");
            db.clock.advanceSeconds(60);
        }

        ResultMessage.Rows rows = db.rows("SELECT v FROM events WHERE k = 1 AND id > maxTimeuuid('2023-11-14"
                + " 22:13:20+0000') AND id < minTimeuuid('2023-11-14 22:16:20+0000')");

        assertThat(rows.rows()).extracting(r -> NativeType.INT.decode(r[0])).containsExactly(1, 2);
        ResultMessage.Rows bound = db.rows("SELECT v FROM events WHERE k = 1 AND id >= minTimeuuid(?)",
                NativeType.TIMESTAMP.encode(Instant.parse("2023-11-14T22:15:20Z")));
        assertThat(bound.rows()).extracting(r -> NativeType.INT.decode(r[0])).containsExactly(2, 3);
    }

    @Test
    void minTimeuuidAndMaxTimeuuidValues() {
        db.execute("INSERT INTO t (k, c) VALUES (1, 1)");

        byte[][] row = db.rows("SELECT minTimeuuid(ts), maxTimeuuid(ts) FROM t WHERE k = 1").rows().get(0);
        assertThat(row[0]).isNull();

        db.execute("UPDATE t SET ts = '2013-02-02 10:00:00+0000' WHERE k = 1 AND c = 1");
        row = db.rows("SELECT minTimeuuid(ts), maxTimeuuid(ts) FROM t WHERE k = 1").rows().get(0);
        UUID min = (UUID) NativeType.TIMEUUID.decode(row[0]);
        UUID max = (UUID) NativeType.TIMEUUID.decode(row[1]);
        long ticks = Instant.parse("2013-02-02T10:00:00Z").toEpochMilli() * 10_000
                + NativeFunctions.UUID_EPOCH_OFFSET_TICKS;
        assertThat(min.timestamp()).isEqualTo(ticks);
        assertThat(max.timestamp()).isEqualTo(ticks + 9_999);
        assertThat(min.getLeastSignificantBits()).isEqualTo(0x8080808080808080L);
        assertThat(max.getLeastSignificantBits()).isEqualTo(0x7f7f7f7f7f7f7f7fL);
    }

    @Test
    void functionsInWhereAndInInsertValuesUseTheClock() {
        db.execute("INSERT INTO t (k, c, ts) VALUES (1, 1, currentTimestamp())");
        db.clock.advanceSeconds(10);
        db.execute("INSERT INTO t (k, c, ts, d) VALUES (1, 2, toTimestamp(now()), currentDate())");
        db.clock.advanceSeconds(10);

        ResultMessage.Rows rows = db.rows("SELECT c, ts FROM t WHERE k = 1 AND ts < currentTimestamp()"
                + " ALLOW FILTERING");

        assertThat(rows.rows()).extracting(r -> NativeType.TIMESTAMP.decode(r[1])).containsExactly(
                Instant.ofEpochMilli(START_MILLIS), Instant.ofEpochMilli(START_MILLIS + 10_000));
        assertThat(db.rows("SELECT c FROM t WHERE k = 1 AND d = currentDate() ALLOW FILTERING").rows())
                .extracting(r -> NativeType.INT.decode(r[0])).containsExactly(2);
    }

    @Test
    void preparedNowGivesANewValueEachExecution() {
        ResultMessage.Prepared prepared = db.prepare("INSERT INTO t (k, c, id) VALUES (1, ?, now())");
        db.executePrepared(prepared, EngineFixture.options(List.of(NativeType.INT.encode(1)), null, -1, null));
        db.clock.advanceSeconds(1);
        db.executePrepared(prepared, EngineFixture.options(List.of(NativeType.INT.encode(2)), null, -1, null));

        List<byte[][]> rows = db.rows("SELECT toUnixTimestamp(id) FROM t WHERE k = 1").rows();

        assertThat(rows).extracting(r -> NativeType.BIGINT.decode(r[0]))
                .containsExactly(START_MILLIS, START_MILLIS + 1000);
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name).containsExactly("c");
    }

    @Test
    void castConvertsNumbersTextAndTime() {
        db.execute("INSERT INTO t (k, c, v, s, ts) VALUES (1, 7, 42, '3', '2024-01-31 12:00:00.250+0000')");

        ResultMessage.Rows rows = db.rows("SELECT CAST(v AS double), CAST(v AS text), cast(v as decimal),"
                + " CAST(ts AS date), CAST(ts AS text), CAST(c AS bigint) AS big FROM t WHERE k = 1");

        assertThat(names(rows)).containsExactly("cast(v as double)", "cast(v as text)", "cast(v as decimal)",
                "cast(ts as date)", "cast(ts as text)", "big");
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.DOUBLE.decode(row[0])).isEqualTo(42.0);
        assertThat(NativeType.TEXT.decode(row[1])).isEqualTo("42");
        assertThat(NativeType.DECIMAL.decode(row[2])).isEqualTo(new BigDecimal("42"));
        assertThat(NativeType.DATE.decode(row[3])).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(NativeType.TEXT.decode(row[4])).isEqualTo("2024-01-31T12:00:00.250Z");
        assertThat(NativeType.BIGINT.decode(row[5])).isEqualTo(7L);
        assertThatThrownBy(() -> db.execute("SELECT CAST(s AS int) FROM t WHERE k = 1"))
                .hasMessage("s of type text cannot be cast to int");
    }

    @Test
    void floorBucketsTimestamps() {
        db.execute("INSERT INTO t (k, c, ts) VALUES (1, 1, '2024-01-31 12:47:13.250+0000')");

        ResultMessage.Rows rows = db.rows("SELECT floor(ts, 1h), floor(ts, 15m), floor(ts, 1d),"
                + " floor(ts, 2h, '2024-01-31 01:00:00+0000') FROM t WHERE k = 1");

        assertThat(names(rows).get(0)).isEqualTo("system.floor(ts, 1h)");
        byte[][] row = rows.rows().get(0);
        assertThat(NativeType.TIMESTAMP.decode(row[0])).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(NativeType.TIMESTAMP.decode(row[1])).isEqualTo(Instant.parse("2024-01-31T12:45:00Z"));
        assertThat(NativeType.TIMESTAMP.decode(row[2])).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
        assertThat(NativeType.TIMESTAMP.decode(row[3])).isEqualTo(Instant.parse("2024-01-31T11:00:00Z"));
        assertThatThrownBy(() -> db.execute("SELECT floor(ts, 1mo) FROM t WHERE k = 1"))
                .hasMessageContaining("months");
    }

    @Test
    void badFunctionCallsAreRefusedWithCassandrasMessages() {
        assertThatThrownBy(() -> db.execute("SELECT nope(v) FROM t WHERE k = 1"))
                .isInstanceOf(CqlException.class).hasMessage("Unknown function nope called");
        assertThatThrownBy(() -> db.execute("SELECT toDate(v) FROM t WHERE k = 1"))
                .hasMessageStartingWith("Invalid call to function system.todate, none of its type signatures match");
        assertThatThrownBy(() -> db.execute("SELECT minTimeuuid(ts, ts) FROM t WHERE k = 1"))
                .hasMessage("Invalid number of arguments in call to function system.mintimeuuid: 1 required but"
                        + " 2 provided");
        assertThatThrownBy(() -> db.execute("SELECT minTimeuuid(id) FROM t WHERE k = 1"))
                .hasMessage("Type error: id cannot be passed as argument 0 of function system.mintimeuuid of type"
                        + " timestamp");
        assertThatThrownBy(() -> db.execute("SELECT * FROM t WHERE k = 1 AND c = toTimestamp(?)"))
                .hasMessageStartingWith("Ambiguous call to function system.totimestamp");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, c, ts) VALUES (1, 1, now())"))
                .hasMessage("Type error: cannot assign result of function system.now (type timeuuid) to ts"
                        + " (type timestamp)");
    }

    private static List<String> names(ResultMessage.Rows rows) {
        return rows.metadata().columns().stream().map(ColumnSpec::name).toList();
    }

    private static List<Object> types(ResultMessage.Rows rows) {
        return rows.metadata().columns().stream().map(c -> (Object) c.type()).toList();
    }
}
