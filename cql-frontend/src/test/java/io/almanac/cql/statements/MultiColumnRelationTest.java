package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-column relations on clustering columns in SELECT, DELETE and UPDATE: results and Cassandra's messages (the
 * cases of Cassandra's {@code SelectMultiColumnRelationTest}).
 */
class MultiColumnRelationTest {

    @TempDir
    static Path directory;
    static EngineFixture db;

    @BeforeAll
    static void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE t (a int, b int, c int, d int, PRIMARY KEY (a, b, c, d))");
        db.execute("CREATE TABLE mixed (a int, b int, c int, d int, PRIMARY KEY (a, b, c, d))"
                + " WITH CLUSTERING ORDER BY (b DESC, c ASC, d DESC)");
        db.execute("CREATE TABLE single (a int PRIMARY KEY, b int)");
        for (String table : List.of("t", "mixed")) {
            for (int[] row : new int[][] {{0, 0, 0}, {0, 1, 0}, {0, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}}) {
                db.execute("INSERT INTO " + table + " (a, b, c, d) VALUES (0, " + row[0] + ", " + row[1] + ", "
                        + row[2] + ")");
            }
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void equalityAndInOnTuples() {
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) = (1, 1)")).containsExactly("1,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c, d) IN ((1, 1, 1), (0, 1, 0), (1, 1, 1))"))
                .containsExactly("0,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b) IN ((1))")).containsExactly("1,0,0", "1,1,0",
                "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c, d) IN ()")).isEmpty();
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) IN ((?, ?), (?, ?)) AND d = ?", 0, 1, 0, 0,
                0)).containsExactly("0,0,0", "0,1,0");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND b IN (0, 1) AND (c, d) IN ((1, 1), (0, 0))"))
                .containsExactly("0,0,0", "0,1,1", "1,0,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a IN (0, 1) AND b = 1 AND (c, d) = (1, 0)"))
                .containsExactly("1,1,0");
    }

    @Test
    void slices() {
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) > (0, 1)")).containsExactly("1,0,0", "1,1,0",
                "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c, d) > (0, 1, 0) AND (b, c) < (1, 1)"))
                .containsExactly("0,1,1", "1,0,0");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c, d) >= (0, 1, 1) AND (b) <= (0)"))
                .containsExactly("0,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND b = 1 AND (c, d) >= (0, 1)")).containsExactly(
                "1,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND b IN (1, 0) AND (c, d) > (0, 0)"))
                .containsExactly("0,1,0", "0,1,1", "1,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND b IN (1, 0) AND c > 0")).containsExactly("0,1,0",
                "0,1,1", "1,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) > (0, 1) ORDER BY b DESC, c DESC, d DESC"))
                .containsExactly("1,1,1", "1,1,0", "1,0,0");
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) > (1, 1)")).isEmpty();
        assertThat(rows("SELECT b, c, d FROM t WHERE a = 0 AND (b, c) > (0, 1) LIMIT 2")).containsExactly("1,0,0",
                "1,1,0");
    }

    @Test
    void slicesOnMixedClusteringOrdersFollowValueOrder() {
        // b DESC, c ASC, d DESC: rows come in storage order, the relation compares values
        assertThat(rows("SELECT b, c, d FROM mixed WHERE a = 0 AND (b, c) > (0, 0)")).containsExactly("1,0,0",
                "1,1,1", "1,1,0", "0,1,1", "0,1,0");
        assertThat(rows("SELECT b, c, d FROM mixed WHERE a = 0 AND (b, c, d) > (0, 1, 0) AND (b, c, d) <= (1, 1, 0)"))
                .containsExactly("1,0,0", "1,1,0", "0,1,1");
        assertThat(rows("SELECT b, c, d FROM mixed WHERE a = 0 AND (b, c, d) > (0, 1, 0) AND (b, c, d) <= (1, 1, 0)"
                + " ORDER BY b ASC, c DESC, d ASC")).containsExactly("0,1,1", "1,1,0", "1,0,0");
        assertThat(rows("SELECT b, c, d FROM mixed WHERE a = 0 AND (b, c, d) IN ((1, 1, 1), (0, 1, 1))"))
                .containsExactly("1,1,1", "0,1,1");
    }

    @Test
    void rangeScansFilterTuples() {
        assertThat(rows("SELECT b, c, d FROM t WHERE (b, c) > (0, 1) ALLOW FILTERING")).containsExactly("1,0,0",
                "1,1,0", "1,1,1");
        assertThat(rows("SELECT b, c, d FROM mixed WHERE (b, c, d) IN ((1, 1, 1), (0, 0, 0)) ALLOW FILTERING"))
                .containsExactly("1,1,1", "0,0,0");
        assertError("SELECT * FROM t WHERE (b, c) = (1, 1)")
                .hasMessageStartingWith("Cannot execute this query as it might involve data filtering");
    }

    @Test
    void invalidRelationsAnswerCassandrasMessages() {
        assertError("SELECT * FROM t WHERE (a, b) = (0, 0)")
                .hasMessage("Multi-column relations can only be applied to clustering columns but was applied to: a");
        assertError("SELECT * FROM single WHERE (b) = (0)")
                .hasMessage("Multi-column relations can only be applied to clustering columns but was applied to: b");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c) > (1, 2, 3)")
                .hasMessage("Expected 2 elements in value tuple, but got 3: (1, 2, 3)");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c, d) IN ((?, ?))")
                .hasMessage("Expected 3 elements in value tuple, but got 2: (?, ?)");
        assertError("SELECT * FROM t WHERE a = 0 AND (d, c, b) = (0, 0, 0)")
                .hasMessage("Clustering columns must appear in the PRIMARY KEY order in multi-column relations:"
                        + " (d, c, b) = (0, 0, 0)");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, b) = (0, 0)")
                .hasMessage("Column \"b\" appeared twice in a relation: (b, b) = (0, 0)");
        assertError("SELECT * FROM t WHERE a = 0 AND (c, d) > (0, 0)")
                .hasMessage("PRIMARY KEY column \"c\" cannot be restricted as preceding column \"b\" is not"
                        + " restricted");
        assertError("SELECT * FROM t WHERE a = 0 AND (b) = (0) AND (b) > (0)")
                .hasMessage("b cannot be restricted by more than one relation if it includes an Equal");
        assertError("SELECT * FROM t WHERE a = 0 AND (b) > (0) AND (b) > (1)")
                .hasMessage("More than one restriction was found for the start bound on b");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c, d) > (0, 1, 0) AND b < 1")
                .hasMessage("Mixing single column relations and multi column relations on clustering columns is not"
                        + " allowed");
        assertError("SELECT * FROM t WHERE a = 0 AND c > 1 AND (b, c, d) < (1, 1, 0)")
                .hasMessage("Mixing single column relations and multi column relations on clustering columns is not"
                        + " allowed");
        assertError("SELECT * FROM t WHERE a = 0 AND b > 0 AND (c, d) IN ((0, 0))")
                .hasMessage("Clustering column \"c\" cannot be restricted (preceding column \"b\" is restricted by a"
                        + " non-EQ relation)");
        assertError("SELECT * FROM t WHERE a = 0 AND (c, d) > (0, 0) AND b > 0")
                .hasMessage("PRIMARY KEY column \"c\" cannot be restricted (preceding column \"b\" is restricted by a"
                        + " non-EQ relation)");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c) > (0, 0) AND (b) < (1) AND (c) < (1)")
                .hasMessage("Column \"c\" cannot be restricted by two tuple-notation inequalities not starting with"
                        + " the same column");
        assertError("SELECT * FROM t WHERE a = 0 AND (b) < (1) AND (c) < (1) AND (b, c) > (0, 0)")
                .hasMessage("Clustering column \"c\" cannot be restricted (preceding column \"b\" is restricted by a"
                        + " non-EQ relation)");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c) IN ((0, 1)) AND (b, c) > (0, 0)")
                .hasMessage("b, c cannot be restricted by more than one relation if it includes a IN");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c) > (?, ?)", 1, null)
                .hasMessage("Invalid null value in condition for column c");
        assertError("SELECT * FROM t WHERE a = 0 AND (b, c, d) IN ((?, ?, ?))", 1, 2, null)
                .hasMessage("Invalid null value in condition for columns: [b, c, d]");
    }

    @Test
    void deleteRangesAndRows() {
        db.execute("CREATE TABLE del (a int, b int, c int, d int, PRIMARY KEY (a, b, c, d))"
                + " WITH CLUSTERING ORDER BY (b ASC, c DESC, d ASC)");
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 3; c++) {
                db.execute("INSERT INTO del (a, b, c, d) VALUES (0, " + b + ", " + c + ", 0)");
            }
        }
        db.execute("DELETE FROM del WHERE a = 0 AND (b, c) > (1, 0) AND (b, c) <= (2, 1)");
        assertThat(rows("SELECT b, c FROM del WHERE a = 0")).containsExactly("0,2", "0,1", "0,0", "1,0", "2,2");
        db.execute("DELETE FROM del WHERE a = 0 AND (b, c, d) IN ((0, 1, 0), (2, 2, 0))");
        assertThat(rows("SELECT b, c FROM del WHERE a = 0")).containsExactly("0,2", "0,0", "1,0");
        db.execute("DELETE FROM del WHERE a = 0 AND b IN (0, 1) AND c < 1");
        assertThat(rows("SELECT b, c FROM del WHERE a = 0")).containsExactly("0,2");
        assertError("UPDATE del SET x = 1 WHERE a = 0 AND (b, c) > (1, 0)")
                .hasMessageContaining("x");
        db.execute("CREATE TABLE upd (a int, b int, c int, v int, PRIMARY KEY (a, b, c))");
        assertError("UPDATE upd SET v = 1 WHERE a = 0 AND (b, c) > (1, 0)")
                .hasMessage("Slice restrictions are not supported on the clustering columns in UPDATE statements");
        db.execute("UPDATE upd SET v = 7 WHERE a = 0 AND (b, c) IN ((1, 0), (2, 0))");
        assertThat(rows("SELECT b, c, v FROM upd WHERE a = 0")).containsExactly("1,0,7", "2,0,7");
        assertError("UPDATE upd SET v = 1 WHERE a = 0 AND (b) = (1)")
                .hasMessage("Some clustering keys are missing: c");
    }

    private static List<String> rows(String query, Object... values) {
        ResultMessage.Rows result = db.rows(query, serialize(values));
        List<String> rows = new ArrayList<>();
        for (byte[][] row : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (byte[] cell : row) {
                cells.add(cell == null ? "null" : String.valueOf(ByteBuffer.wrap(cell).getInt()));
            }
            rows.add(String.join(",", cells));
        }
        return rows;
    }

    private static byte[][] serialize(Object... values) {
        byte[][] serialized = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            serialized[i] = values[i] == null ? null : ByteBuffer.allocate(4).putInt((Integer) values[i]).array();
        }
        return serialized;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertError(String query, Object... values) {
        return assertThatThrownBy(() -> db.execute(query, serialize(values))).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.INVALID));
    }
}
