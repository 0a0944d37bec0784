package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertSelectTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyNativeTypeRoundTripsFromLiterals() throws Exception {
        db.execute("CREATE TABLE types (k int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean, d decimal,"
                + " db double, f float, i inet, ti timestamp, u uuid, tx text, vi varint, tu timeuuid, dt date,"
                + " tm time, si smallint, tn tinyint, l list<int>, s set<text>, m map<text, int>)");
        db.execute("INSERT INTO types (k, a, b, bl, bo, d, db, f, i, ti, u, tx, vi, tu, dt, tm, si, tn, l, s, m)"
                + " VALUES (1, 'ascii', -9223372036854775808, 0xcafe, true, 12.345, 1.5e10, -2.5, '10.0.0.1',"
                + " '2024-01-31 12:00:00.250+0100', 123e4567-e89b-42d3-a456-426614174000, 'h\u00e9llo ''q''',"
                + " 123456789012345678901234567890, 5f9b5a30-9c51-11ee-8c90-0242ac120002, '2024-02-29',"
                + " '13:14:15.123456789', -32768, 127, [3, 1, 3], {'b', 'a', 'b'}, {'z': 26, 'a': 1})");

        byte[][] row = single(db.rows("SELECT k, a, b, bl, bo, d, db, f, i, ti, u, tx, vi, tu, dt, tm, si, tn, l,"
                + " s, m FROM types WHERE k = 1"));

        assertThat(NativeType.INT.decode(row[0])).isEqualTo(1);
        assertThat(NativeType.ASCII.decode(row[1])).isEqualTo("ascii");
        assertThat(NativeType.BIGINT.decode(row[2])).isEqualTo(Long.MIN_VALUE);
        assertThat(row[3]).containsExactly(0xca, 0xfe);
        assertThat(NativeType.BOOLEAN.decode(row[4])).isEqualTo(true);
        assertThat(NativeType.DECIMAL.decode(row[5])).isEqualTo(new BigDecimal("12.345"));
        assertThat(NativeType.DOUBLE.decode(row[6])).isEqualTo(1.5e10);
        assertThat(NativeType.FLOAT.decode(row[7])).isEqualTo(-2.5f);
        assertThat(NativeType.INET.decode(row[8])).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(NativeType.TIMESTAMP.decode(row[9])).isEqualTo(Instant.parse("2024-01-31T11:00:00.250Z"));
        assertThat(NativeType.UUID.decode(row[10])).isEqualTo(UUID.fromString("123e4567-e89b-42d3-a456-426614174000"));
        assertThat(NativeType.TEXT.decode(row[11])).isEqualTo("h\u00e9llo 'q'");
        assertThat(NativeType.VARINT.decode(row[12])).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(NativeType.TIMEUUID.decode(row[13]))
                .isEqualTo(UUID.fromString("5f9b5a30-9c51-11ee-8c90-0242ac120002"));
        assertThat(NativeType.DATE.decode(row[14])).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(NativeType.TIME.decode(row[15])).isEqualTo(47_655_123_456_789L);
        assertThat(NativeType.SMALLINT.decode(row[16])).isEqualTo((short) -32768);
        assertThat(NativeType.TINYINT.decode(row[17])).isEqualTo((byte) 127);
        assertThat(CollectionType.list(NativeType.INT, false).decode(row[18])).isEqualTo(List.of(3, 1, 3));
        List<Object> set = new ArrayList<>((Set<?>) CollectionType.set(NativeType.TEXT, false).decode(row[19]));
        assertThat(set).containsExactly("a", "b");
        assertThat(CollectionType.map(NativeType.TEXT, NativeType.INT, false).decode(row[20]))
                .isEqualTo(Map.of("a", 1, "z", 26));
    }

    @Test
    void everyNativeTypeRoundTripsFromBindValues() {
        db.execute("CREATE TABLE types (k int PRIMARY KEY, b bigint, d date, ts timestamp, u uuid, f float,"
                + " du duration, s set<int>)");
        byte[] duration = {2, 4, 6};
        byte[][] values = {NativeType.INT.encode(7), NativeType.BIGINT.encode(42L),
                NativeType.DATE.encode(LocalDate.of(1969, 12, 31)), NativeType.TIMESTAMP.encode(Instant.EPOCH),
                NativeType.UUID.encode(UUID.fromString("00000000-0000-4000-8000-000000000000")),
                NativeType.FLOAT.encode(Float.NaN), duration,
                CollectionType.set(NativeType.INT, false).encode(Set.of(9, 8))};
        db.execute("INSERT INTO types (k, b, d, ts, u, f, du, s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values);

        byte[][] row = single(db.rows("SELECT k, b, d, ts, u, f, du, s FROM types WHERE k = ?",
                NativeType.INT.encode(7)));

        for (int i = 0; i < values.length; i++) {
            assertThat(row[i]).as("column %d", i).containsExactly(values[i]);
        }
    }

    @Test
    void nullWritesATombstoneAndUnsetWritesNothing() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, a text, b text)");
        db.execute("INSERT INTO t (k, a, b) VALUES (1, 'x', 'y')");
        db.execute("INSERT INTO t (k, a, b) VALUES (1, ?, ?)", null, QueryOptions.UNSET);

        byte[][] row = single(db.rows("SELECT a, b FROM t WHERE k = 1"));

        assertThat(row[0]).isNull();
        assertThat(NativeType.TEXT.decode(row[1])).isEqualTo("y");
    }

    @Test
    void rowMarkerKeepsAnInsertedRowWithoutValues() {
        db.execute("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))");
        db.execute("INSERT INTO t (k, c) VALUES (1, 2)");

        byte[][] row = single(db.rows("SELECT * FROM t WHERE k = 1"));

        assertThat(NativeType.INT.decode(row[1])).isEqualTo(2);
        assertThat(row[2]).isNull();
    }

    @Test
    void ttlExpiresWithTheClock() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v int, w int) WITH default_time_to_live = 100");
        db.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TTL 10");
        db.execute("INSERT INTO t (k, w) VALUES (2, 2)");
        db.execute("INSERT INTO t (k, w) VALUES (3, 3) USING TTL 0");

        byte[][] row = single(db.rows("SELECT ttl(v), writetime(v) FROM t WHERE k = 1"));
        assertThat(NativeType.INT.decode(row[0])).isEqualTo(10);
        assertThat(NativeType.BIGINT.decode(row[1])).isEqualTo(EngineFixture.START_MICROS);
        assertThat(NativeType.INT.decode(single(db.rows("SELECT ttl(w) FROM t WHERE k = 2"))[0])).isEqualTo(100);
        assertThat(single(db.rows("SELECT ttl(w) FROM t WHERE k = 3"))[0]).isNull();

        db.clock.advanceSeconds(4);
        assertThat(NativeType.INT.decode(single(db.rows("SELECT ttl(v) FROM t WHERE k = 1"))[0])).isEqualTo(6);
        db.clock.advanceSeconds(6);
        assertThat(db.rows("SELECT * FROM t WHERE k = 1").rows()).isEmpty();
        assertThat(db.rows("SELECT * FROM t WHERE k = 2").rows()).hasSize(1);
        db.clock.advanceSeconds(90);
        assertThat(db.rows("SELECT * FROM t WHERE k = 2").rows()).isEmpty();
        assertThat(db.rows("SELECT * FROM t WHERE k = 3").rows()).hasSize(1);
    }

    @Test
    void clientNowInSecondsDecidesExpiry() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
        db.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TTL 10");
        long now = EngineFixture.START_MICROS / 1_000_000;

        QueryOptions later = new QueryOptions(1, List.of(), null, false, -1, null, -1, Long.MIN_VALUE, null,
                (int) now + 10, 5);
        QueryOptions earlier = new QueryOptions(1, List.of(), null, false, -1, null, -1, Long.MIN_VALUE, null,
                (int) now + 9, 5);

        assertThat(((ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT v FROM t WHERE k = 1", later))).rows()).isEmpty();
        assertThat(((ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT v FROM t WHERE k = 1", earlier))).rows()).hasSize(1);
    }

    @Test
    void ttlErrorsAreCassandras() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TTL 630720001"))
                .isInstanceOf(CqlException.class)
                .hasMessage("ttl is too large. requested (630720001) maximum (630720000)");
        assertThatThrownBy(() -> db.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TTL ?",
                NativeType.INT.encode(-1)))
                .hasMessage("A TTL must be greater or equal to 0, but was -1");
    }

    @Test
    void usingTimestampDecidesLastWriteWins() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v text)");
        db.execute("INSERT INTO t (k, v) VALUES (1, 'newer') USING TIMESTAMP 2000");
        db.execute("INSERT INTO t (k, v) VALUES (1, 'older') USING TIMESTAMP 1000");
        EngineFixture.await(db.processor.query(db.state, "INSERT INTO t (k, v) VALUES (1, 'default')",
                EngineFixture.withTimestamp(1500)));

        byte[][] row = single(db.rows("SELECT v, writetime(v) FROM t WHERE k = 1"));

        assertThat(NativeType.TEXT.decode(row[0])).isEqualTo("newer");
        assertThat(NativeType.BIGINT.decode(row[1])).isEqualTo(2000L);
        db.execute("INSERT INTO t (k, v) VALUES (1, 'latest') USING TIMESTAMP 3000 AND TTL 50");
        assertThat(NativeType.TEXT.decode(single(db.rows("SELECT v FROM t WHERE k = 1"))[0])).isEqualTo("latest");
    }

    @Test
    void serverTimestampsStrictlyIncreaseUnderAStoppedClock() {
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
        db.execute("INSERT INTO t (k, v) VALUES (1, 1)");
        db.execute("INSERT INTO t (k, v) VALUES (1, 2)");

        byte[][] row = single(db.rows("SELECT v, writetime(v) FROM t WHERE k = 1"));

        assertThat(NativeType.INT.decode(row[0])).isEqualTo(2);
        assertThat(NativeType.BIGINT.decode(row[1])).isEqualTo(EngineFixture.START_MICROS + 1);
    }

    @Test
    void clusteringRangesOrderByAndLimit() {
        db.execute("CREATE TABLE ts (s text, t int, v int, PRIMARY KEY (s, t)) WITH CLUSTERING ORDER BY (t DESC)");
        for (int t = 0; t < 10; t++) {
            db.execute("INSERT INTO ts (s, t, v) VALUES ('a', " + t + ", " + (t * 10) + ")");
        }

        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a'"))).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t >= 3 AND t < 7"))).containsExactly(6, 5, 4, 3);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t > 3 AND t <= 7 ORDER BY t ASC")))
                .containsExactly(4, 5, 6, 7);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t > 5 ORDER BY t DESC LIMIT 2")))
                .containsExactly(9, 8);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t < 5 ORDER BY t LIMIT 3")))
                .containsExactly(0, 1, 2);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t IN (2, 8, 5, 2)"))).containsExactly(8, 5, 2);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t IN (2, 8, 5) ORDER BY t ASC")))
                .containsExactly(2, 5, 8);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t = 4"))).containsExactly(4);
        assertThat(ints(db.rows("SELECT t FROM ts WHERE s = 'a' AND t > 7 AND t < 3"))).isEmpty();
    }

    @Test
    void multiColumnClusteringPrefixAndSlice() {
        db.execute("CREATE TABLE m (k int, a int, b int, PRIMARY KEY (k, a, b))");
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                db.execute("INSERT INTO m (k, a, b) VALUES (1, " + a + ", " + b + ")");
            }
        }
        assertThat(ints(db.rows("SELECT b FROM m WHERE k = 1 AND a = 1"))).containsExactly(0, 1, 2);
        assertThat(ints(db.rows("SELECT b FROM m WHERE k = 1 AND a = 1 AND b > 0 ORDER BY a DESC")))
                .containsExactly(2, 1);
        assertThat(ints(db.rows("SELECT a FROM m WHERE k = 1 AND a > 1"))).containsExactly(2, 2, 2);
    }

    @Test
    void partitionKeyInReturnsPartitionsInKeyOrder() {
        db.execute("CREATE TABLE p (k int, c int, PRIMARY KEY (k, c))");
        for (int k = 1; k <= 3; k++) {
            for (int c = 0; c < 2; c++) {
                db.execute("INSERT INTO p (k, c) VALUES (" + k + ", " + c + ")");
            }
        }
        assertThat(ints(db.rows("SELECT k FROM p WHERE k IN (3, 1)"))).containsExactly(1, 1, 3, 3);
        assertThat(ints(db.rows("SELECT c FROM p WHERE k IN (3, 1, 2) ORDER BY c DESC LIMIT 4")))
                .containsExactly(1, 1, 1, 0);
        assertThat(ints(db.rows("SELECT k FROM p WHERE k IN ?",
                CollectionType.list(NativeType.INT, false).encode(List.of(2, 3))))).containsExactly(2, 2, 3, 3);
    }

    @Test
    void compositePartitionKeysAndAliases() {
        db.execute("CREATE TABLE c (a text, b int, v int, PRIMARY KEY ((a, b)))");
        db.execute("INSERT INTO c (a, b, v) VALUES ('x', 1, 10)");

        ResultMessage.Rows rows = db.rows("SELECT v AS value, b FROM c WHERE a = 'x' AND b = 1");

        assertThat(rows.metadata().columns()).extracting(c -> c.name()).containsExactly("value", "b");
        assertThat(NativeType.INT.decode(single(rows)[0])).isEqualTo(10);
        assertThat(db.rows("SELECT * FROM c WHERE a = 'x' AND b = 2").rows()).isEmpty();
    }

    @Test
    void selectStarOrdersKeyColumnsThenOthersByName() {
        db.execute("CREATE TABLE o (z int, k int, y int, a int, PRIMARY KEY (k, y))");

        ResultMessage.Rows rows = db.rows("SELECT * FROM o WHERE k = 1");

        assertThat(rows.metadata().columns()).extracting(c -> c.name()).containsExactly("k", "y", "a", "z");
        assertThat(rows.metadata().columns()).allSatisfy(c -> {
            assertThat(c.keyspace()).isEqualTo("ks");
            assertThat(c.table()).isEqualTo("o");
        });
    }

    @Test
    void readsSeeDataAfterAFlush() {
        db.execute("CREATE TABLE f (k int, c int, v int, PRIMARY KEY (k, c))");
        db.execute("INSERT INTO f (k, c, v) VALUES (1, 1, 1)");
        db.flush();
        db.execute("INSERT INTO f (k, c, v) VALUES (1, 2, 2)");
        db.execute("INSERT INTO f (k, c, v) VALUES (1, 1, 100)");

        assertThat(ints(db.rows("SELECT v FROM f WHERE k = 1"))).containsExactly(100, 2);
    }

    static byte[][] single(ResultMessage.Rows rows) {
        assertThat(rows.rows()).hasSize(1);
        return rows.rows().get(0);
    }

    /** @return the first column of every row as int */
    static List<Integer> ints(ResultMessage.Rows rows) {
        return rows.rows().stream().map(r -> ByteBuffer.wrap(r[0]).getInt()).toList();
    }
}
