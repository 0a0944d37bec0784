package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** PER PARTITION LIMIT through the Java driver: single partitions, IN, full scans, paging, LIMIT and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerPartitionLimitTest {

    private static final int PARTITIONS = 20;
    private static final int ROWS = 7;

    private DriverNode node;
    private CqlSession session;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new DriverNode(directory);
        session = node.connect();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE ks.t (k int, c int, v int, PRIMARY KEY (k, c))");
        PreparedStatement insert = session.prepare("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)");
        for (int k = 0; k < PARTITIONS; k++) {
            for (int c = 0; c < ROWS; c++) {
                session.execute(insert.bind(k, c, k * 100 + c));
            }
        }
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void fullScanPagedAcrossPartitionsKeepsTheFirstRowsOfEach() {
        for (int pageSize : new int[] {1, 2, 3, 5, 1000}) {
            Map<Integer, List<Integer>> byPartition = read(SimpleStatement.newInstance(
                    "SELECT k, c FROM ks.t PER PARTITION LIMIT 3").setPageSize(pageSize));
            assertThat(byPartition).as("page size %d", pageSize).hasSize(PARTITIONS);
            assertThat(byPartition.values()).allSatisfy(c -> assertThat(c).containsExactly(0, 1, 2));
        }
    }

    @Test
    void limitCountsAfterThePerPartitionLimit() {
        List<Row> rows = session.execute(SimpleStatement.newInstance(
                "SELECT k, c FROM ks.t PER PARTITION LIMIT 2 LIMIT 5").setPageSize(2)).all();
        assertThat(rows).hasSize(5);
        assertThat(rows.stream().map(r -> r.getInt("c")).toList()).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void singlePartitionsInAndOrderBy() {
        assertThat(session.execute("SELECT c FROM ks.t WHERE k = 3 PER PARTITION LIMIT 2").all())
                .extracting(r -> r.getInt(0)).containsExactly(0, 1);
        assertThat(session.execute("SELECT c FROM ks.t WHERE k = 3 ORDER BY c DESC PER PARTITION LIMIT 2").all())
                .extracting(r -> r.getInt(0)).containsExactly(6, 5);
        Map<Integer, List<Integer>> in = read(SimpleStatement.newInstance(
                "SELECT k, c FROM ks.t WHERE k IN (1, 2, 3) AND c >= 2 PER PARTITION LIMIT 2").setPageSize(3));
        assertThat(in).containsOnlyKeys(1, 2, 3);
        assertThat(in.values()).allSatisfy(c -> assertThat(c).containsExactly(2, 3));
        PreparedStatement bound = session.prepare("SELECT c FROM ks.t WHERE k = ? PER PARTITION LIMIT ? LIMIT ?");
        assertThat(session.execute(bound.bind(4, 3, 2)).all()).extracting(r -> r.getInt(0)).containsExactly(0, 1);
        assertThat(bound.getVariableDefinitions().get(1).getName().asInternal()).isEqualTo("[per_partition_limit]");
        Map<Integer, List<Integer>> filtered = read(SimpleStatement.newInstance(
                "SELECT k, c FROM ks.t WHERE v > 1003 PER PARTITION LIMIT 2 ALLOW FILTERING").setPageSize(1));
        assertThat(filtered).containsOnlyKeys(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(filtered.get(10)).containsExactly(4, 5);
    }

    @Test
    void withGroupByItCountsGroupsOfEachPartition() {
        // DataLimits.CQLGroupByLimits: PER PARTITION LIMIT n keeps the first n groups of each partition
        List<Row> groups = session.execute(SimpleStatement.newInstance(
                "SELECT k, c, count(*), max(v) FROM ks.t WHERE k IN (1, 2) GROUP BY k, c PER PARTITION LIMIT 2")
                .setPageSize(1)).all();
        assertThat(groups).extracting(r -> r.getInt(0) + ":" + r.getInt(1) + ":" + r.getLong(2) + ":" + r.getInt(3))
                .containsExactly("1:0:1:100", "1:1:1:101", "2:0:1:200", "2:1:1:201");
        Map<Integer, List<Integer>> scanned = read(SimpleStatement.newInstance(
                "SELECT k, c FROM ks.t GROUP BY k, c PER PARTITION LIMIT 3").setPageSize(4));
        assertThat(scanned).hasSize(PARTITIONS);
        assertThat(scanned.values()).allSatisfy(c -> assertThat(c).containsExactly(0, 1, 2));
        List<Row> perPartition = session.execute("SELECT k, count(*) FROM ks.t GROUP BY k PER PARTITION LIMIT 1"
                + " LIMIT 3").all();
        assertThat(perPartition).hasSize(3).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(ROWS));
        PreparedStatement bound = session.prepare("SELECT c, sum(v) FROM ks.t WHERE k = ? AND c >= ? GROUP BY c"
                + " PER PARTITION LIMIT ?");
        assertThat(session.execute(bound.bind(5, 3, 2)).all()).extracting(r -> r.getInt(0) + "=" + r.getInt(1))
                .containsExactly("3=503", "4=504");
    }

    @Test
    void misuseGetsCassandrasErrors() {
        assertInvalid("SELECT DISTINCT k FROM ks.t PER PARTITION LIMIT 1",
                "PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries");
        assertInvalid("SELECT count(*) FROM ks.t PER PARTITION LIMIT 1",
                "PER PARTITION LIMIT is not allowed with aggregate queries.");
        assertInvalid("SELECT max(v) FROM ks.t WHERE k = 1 PER PARTITION LIMIT 1",
                "PER PARTITION LIMIT is not allowed with aggregate queries.");
        assertInvalid("SELECT * FROM ks.t PER PARTITION LIMIT 0", "PER PARTITION LIMIT must be strictly positive");
        PreparedStatement bound = session.prepare("SELECT c FROM ks.t WHERE k = 1 PER PARTITION LIMIT ?");
        assertThatThrownBy(() -> session.execute(bound.bind((Object) null))).isInstanceOf(InvalidQueryException.class)
                .hasMessage("Invalid null value of per partition limit");
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }

    private Map<Integer, List<Integer>> read(SimpleStatement statement) {
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (Row row : session.execute(statement)) {
            byPartition.computeIfAbsent(row.getInt("k"), k -> new ArrayList<>()).add(row.getInt("c"));
        }
        return byPartition;
    }
}
