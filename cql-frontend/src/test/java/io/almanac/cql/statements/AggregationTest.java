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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregates and GROUP BY over single-partition reads and scans, with exact results. */
class AggregationTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE readings (device text, ts timestamp, temp double, level int, price decimal,"
                + " note text, PRIMARY KEY (device, ts))");
        // device a: 12:10 (1.0, 1), 12:40 (3.0, 2), 13:05 (5.0, 4), 14:59 (7.5, 7); device b: 12:30 (10.0, 10)
        insert("a", "2024-01-31 12:10:00", 1.0, 1, "1.10");
        insert("a", "2024-01-31 12:40:00", 3.0, 2, "2.20");
        insert("a", "2024-01-31 13:05:00", 5.0, 4, "3.30");
        insert("a", "2024-01-31 14:59:00", 7.5, 7, null);
        insert("b", "2024-01-31 12:30:00", 10.0, 10, "5.00");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void insert(String device, String ts, double temp, int level, String price) {
        db.execute("INSERT INTO readings (device, ts, temp, level, price) VALUES ('" + device + "', '" + ts
                + "+0000', " + temp + ", " + level + ", " + price + ")");
    }

    @Test
    void aggregatesOverOnePartition() {
        ResultMessage.Rows rows = db.rows("SELECT count(*), count(price), min(temp), max(temp), sum(level),"
                + " avg(level), avg(temp), sum(price), avg(price), max(ts) FROM readings WHERE device = 'a'");

        assertThat(names(rows)).containsExactly("count", "system.count(price)", "system.min(temp)",
                "system.max(temp)", "system.sum(level)", "system.avg(level)", "system.avg(temp)",
                "system.sum(price)", "system.avg(price)", "system.max(ts)");
        assertThat(rows.metadata().columns()).extracting(ColumnSpec::type).containsExactly(NativeType.BIGINT,
                NativeType.BIGINT, NativeType.DOUBLE, NativeType.DOUBLE, NativeType.INT, NativeType.INT,
                NativeType.DOUBLE, NativeType.DECIMAL, NativeType.DECIMAL, NativeType.TIMESTAMP);
        assertThat(decoded(rows)).containsExactly(List.of(4L, 3L, 1.0, 7.5, 14, 3, 4.125, new BigDecimal("6.60"),
                new BigDecimal("2.20"), Instant.parse("2024-01-31T14:59:00Z")));
    }

    @Test
    void aggregatesOverAScanAndOverNoRows() {
        assertThat(decoded(db.rows("SELECT count(*), sum(level), max(temp) FROM readings")))
                .containsExactly(List.of(5L, 24, 10.0));

        ResultMessage.Rows empty = db.rows("SELECT count(*), sum(level), avg(temp), max(temp), device FROM readings"
                + " WHERE device = 'none'");

        assertThat(empty.rows()).hasSize(1);
        byte[][] row = empty.rows().get(0);
        assertThat(NativeType.BIGINT.decode(row[0])).isEqualTo(0L);
        assertThat(NativeType.INT.decode(row[1])).isEqualTo(0);
        assertThat(NativeType.DOUBLE.decode(row[2])).isEqualTo(0.0);
        assertThat(row[3]).isNull();
        assertThat(row[4]).isNull();
    }

    @Test
    void groupByPartitionKeyOverAScan() {
        ResultMessage.Rows rows = db.rows("SELECT device, count(*) AS n, avg(temp) FROM readings GROUP BY device");

        List<List<Object>> groups = new ArrayList<>(decoded(rows));
        groups.sort((x, y) -> ((String) x.get(0)).compareTo((String) y.get(0)));
        assertThat(groups).containsExactly(List.of("a", 4L, 4.125), List.of("b", 1L, 10.0));
        assertThat(names(rows)).containsExactly("device", "n", "system.avg(temp)");
    }

    @Test
    void hourlyBucketsPerDevice() {
        ResultMessage.Rows rows = db.rows("SELECT device, floor(ts, 1h) AS hour, avg(temp), min(temp), max(temp)"
                + " FROM readings WHERE device = 'a' GROUP BY floor(ts, 1h)");

        assertThat(decoded(rows)).containsExactly(
                List.of("a", Instant.parse("2024-01-31T12:00:00Z"), 2.0, 1.0, 3.0),
                List.of("a", Instant.parse("2024-01-31T13:00:00Z"), 5.0, 5.0, 5.0),
                List.of("a", Instant.parse("2024-01-31T14:00:00Z"), 7.5, 7.5, 7.5));
        ResultMessage.Rows both = db.rows("SELECT device, floor(ts, 1d), count(*) FROM readings"
                + " GROUP BY device, floor(ts, 1d)");
        assertThat(both.rows()).hasSize(2);
    }

    @Test
    void groupByClusteringPrefixAndLimitCountsGroups() {
        db.execute("CREATE TABLE metrics (host text, metric text, ts int, v int, PRIMARY KEY (host, metric, ts))");
        for (String metric : List.of("cpu", "mem", "disk")) {
            for (int ts = 0; ts < 3; ts++) {
                db.execute("INSERT INTO metrics (host, metric, ts, v) VALUES ('h', '" + metric + "', " + ts + ", "
                        + (ts + metric.length() * 10) + ")");
            }
        }

        ResultMessage.Rows rows = db.rows("SELECT metric, sum(v), ts FROM metrics WHERE host = 'h'"
                + " GROUP BY host, metric LIMIT 2");

        assertThat(decoded(rows)).containsExactly(List.of("cpu", 93, 0), List.of("disk", 123, 0));
        assertThat(decoded(db.rows("SELECT metric, ts FROM metrics WHERE host = 'h' GROUP BY metric")))
                .containsExactly(List.of("cpu", 0), List.of("disk", 0), List.of("mem", 0));
    }

    @Test
    void aggregationPagesThroughManyRowsAndAnswersInOnePage() {
        db.execute("CREATE TABLE many (k int, c int, v int, PRIMARY KEY (k, c))");
        for (int c = 0; c < 2_500; c++) {
            db.execute("INSERT INTO many (k, c, v) VALUES (" + (c % 2) + ", " + c + ", 2)");
        }

        assertThat(decoded(db.rows("SELECT count(*), sum(v) FROM many WHERE k = 0")))
                .containsExactly(List.of(1_250L, 2_500));
        ResultMessage.Rows paged = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT k, count(*) FROM many GROUP BY k", EngineFixture.options(List.of(), null, 1, null)));
        assertThat(paged.pagingState()).isNull();
        assertThat(paged.rows()).hasSize(2);
        assertThat(decoded(db.rows("SELECT count(*) FROM many"))).containsExactly(List.of(2_500L));
    }

    @Test
    void badAggregatesAndGroupByAreRefused() {
        assertThatThrownBy(() -> db.execute("SELECT sum(note) FROM readings"))
                .isInstanceOf(CqlException.class).hasMessageStartingWith("Invalid call to function system.sum");
        assertThatThrownBy(() -> db.execute("SELECT count(*) FROM readings GROUP BY temp"))
                .hasMessage("Group by currently only support groups of columns following their declared order in"
                        + " the PRIMARY KEY");
        assertThatThrownBy(() -> db.execute("SELECT count(*) FROM readings GROUP BY ts"))
                .hasMessage("Group by currently only support groups of columns following their declared order in"
                        + " the PRIMARY KEY");
        assertThatThrownBy(() -> db.execute("SELECT count(*) FROM readings GROUP BY floor(ts, 1h), device"))
                .hasMessage("Functions are only supported on the last element of the GROUP BY clause");
        assertThatThrownBy(() -> db.execute("SELECT toDate(max(ts)) FROM readings"))
                .hasMessageStartingWith("Aggregate functions are only supported at the top level");
        assertThatThrownBy(() -> db.execute("SELECT count(*) FROM readings GROUP BY nope"))
                .hasMessageContaining("nope");
    }

    private static List<String> names(ResultMessage.Rows rows) {
        return rows.metadata().columns().stream().map(ColumnSpec::name).toList();
    }

    /** @return each row's values decoded by their result column types */
    private static List<List<Object>> decoded(ResultMessage.Rows rows) {
        List<List<Object>> decoded = new ArrayList<>();
        for (byte[][] row : rows.rows()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                values.add(row[i] == null ? null : rows.metadata().columns().get(i).type().decode(row[i]));
            }
            decoded.add(values);
        }
        return decoded;
    }
}
