package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CONTAINS}, {@code CONTAINS KEY} and map entry relations through the Java driver: filters on single
 * partitions, IN, full scans with paging, prepared markers and Cassandra's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainsFilterDriverTest {

    private static final int PARTITIONS = 12;
    private static final int ROWS = 4;

    private DriverNode node;
    private CqlSession session;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new DriverNode(directory);
        session = node.connect();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE ks.t (k int, c int, l list<int>, s set<text>, m map<text, int>,"
                + " fl frozen<list<int>>, v int, PRIMARY KEY (k, c))");
        PreparedStatement insert = session.prepare(
                "INSERT INTO ks.t (k, c, l, s, m, fl, v) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (int k = 0; k < PARTITIONS; k++) {
            for (int c = 0; c < ROWS; c++) {
                // c = 0 rows hold 10 in l, even c rows hold 'even' in s, m has key 'c<c>' -> k
                session.execute(insert.bind(k, c, List.of(c * 10, c + 100), Set.of(c % 2 == 0 ? "even" : "odd"),
                        Map.of("c" + c, k), List.of(k, c), k * 10 + c));
            }
        }
        session.execute("INSERT INTO ks.t (k, c, v) VALUES (100, 0, 0)");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void containsNeedsAllowFilteringWithoutIndexes() {
        String message = StatementErrors.REQUIRES_ALLOW_FILTERING;
        assertInvalid("SELECT * FROM ks.t WHERE l CONTAINS 10", message);
        assertInvalid("SELECT * FROM ks.t WHERE k = 1 AND m CONTAINS KEY 'c1'", message);
        assertInvalid("SELECT * FROM ks.t WHERE k = 1 AND m['c1'] = 1", message);
    }

    @Test
    void fullScansArePagedAndCountOnlyMatchingRows() {
        for (int pageSize : new int[] {1, 3, 5, 1000}) {
            List<Row> rows = session.execute(SimpleStatement.newInstance(
                    "SELECT k, c FROM ks.t WHERE l CONTAINS 20 ALLOW FILTERING").setPageSize(pageSize)).all();
            assertThat(rows).as("page size %d", pageSize).hasSize(PARTITIONS)
                    .allSatisfy(r -> assertThat(r.getInt("c")).isEqualTo(2));
            List<Row> even = session.execute(SimpleStatement.newInstance(
                    "SELECT k, c FROM ks.t WHERE s CONTAINS 'even' AND v > 50 ALLOW FILTERING")
                    .setPageSize(pageSize)).all();
            assertThat(keys(even)).as("page size %d", pageSize).containsExactlyInAnyOrder("5:2",
                    "6:0", "6:2", "7:0", "7:2", "8:0", "8:2", "9:0", "9:2", "10:0", "10:2", "11:0", "11:2");
        }
    }

    @Test
    void singlePartitionInAndMapRelations() {
        assertThat(keys(session.execute("SELECT k, c FROM ks.t WHERE k = 3 AND m CONTAINS KEY 'c1' ALLOW FILTERING")
                .all())).containsExactly("3:1");
        assertThat(keys(session.execute("SELECT k, c FROM ks.t WHERE k IN (2, 5) AND m CONTAINS 5 ALLOW FILTERING")
                .all())).containsExactly("5:0", "5:1", "5:2", "5:3");
        assertThat(keys(session.execute("SELECT k, c FROM ks.t WHERE k IN (2, 5) AND m['c3'] = 2 ALLOW FILTERING")
                .all())).containsExactly("2:3");
        assertThat(keys(session.execute("SELECT k, c FROM ks.t WHERE m['c3'] = 2 AND m CONTAINS KEY 'c3'"
                + " AND l CONTAINS 103 ALLOW FILTERING").all())).containsExactly("2:3");
        assertThat(keys(session.execute("SELECT k, c FROM ks.t WHERE l CONTAINS 0 AND l CONTAINS 100 AND fl CONTAINS 7"
                + " ALLOW FILTERING").all())).containsExactly("7:0");
        assertThat(session.execute("SELECT k FROM ks.t WHERE k = 1 AND c = 1 AND m['c0'] = 1 ALLOW FILTERING").all())
                .isEmpty();
        assertThat(session.execute("SELECT count(*) FROM ks.t WHERE s CONTAINS 'odd' ALLOW FILTERING").one()
                .getLong(0)).isEqualTo(PARTITIONS * ROWS / 2);
    }

    @Test
    void preparedMarkersBindElementsKeysAndValues() {
        PreparedStatement contains = session.prepare("SELECT k, c FROM ks.t WHERE k = ? AND l CONTAINS ?"
                + " AND m CONTAINS KEY ? AND m[?] = ? ALLOW FILTERING");
        ColumnDefinitions variables = contains.getVariableDefinitions();
        assertThat(names(variables)).containsExactly("k", "value(l)", "key(m)", "key(m)", "value(m)");
        assertThat(variables.get(1).getType()).isEqualTo(DataTypes.INT);
        assertThat(variables.get(2).getType()).isEqualTo(DataTypes.TEXT);
        assertThat(variables.get(4).getType()).isEqualTo(DataTypes.INT);
        assertThat(keys(session.execute(contains.bind(4, 20, "c2", "c2", 4)).all())).containsExactly("4:2");
        PreparedStatement set = session.prepare("SELECT k, c FROM ks.t WHERE s CONTAINS ? AND v < ? ALLOW FILTERING");
        assertThat(set.getVariableDefinitions().get(0).getName().asInternal()).isEqualTo("value(s)");
        assertThat(keys(session.execute(set.bind("odd", 4).setPageSize(1)).all())).containsExactly("0:1", "0:3");
        assertThatThrownBy(() -> session.execute(set.bind(null, 4))).isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unsupported null value for column s");
    }

    @Test
    void misuseGetsCassandrasErrors() {
        assertInvalid("SELECT * FROM ks.t WHERE v CONTAINS 1 ALLOW FILTERING",
                "Cannot use CONTAINS on non-collection column v");
        assertInvalid("SELECT * FROM ks.t WHERE l CONTAINS KEY 1 ALLOW FILTERING",
                "Cannot use CONTAINS KEY on non-map column l");
        assertInvalid("SELECT * FROM ks.t WHERE l[0] = 1 ALLOW FILTERING",
                "Indexes on list entries (l[index] = value) are not currently supported.");
        assertInvalid("SELECT * FROM ks.t WHERE m['a'] > 1 ALLOW FILTERING",
                "Only EQ relations are supported on map entries");
        assertInvalid("SELECT * FROM ks.t WHERE m = {'a': 1} ALLOW FILTERING",
                "Collection column 'm' (map<text, int>) cannot be restricted by a '=' relation");
        assertInvalid("SELECT * FROM ks.t WHERE fl = [1, 2] AND fl CONTAINS 1 ALLOW FILTERING",
                "fl cannot be restricted by more than one relation if it includes an Equal");
        assertInvalid("SELECT * FROM ks.t WHERE fl CONTAINS 1 AND fl = [1, 2] ALLOW FILTERING",
                "Collection column fl can only be restricted by CONTAINS, CONTAINS KEY, or map-entry equality");
        assertInvalid("SELECT * FROM ks.t WHERE l CONTAINS 'x' ALLOW FILTERING",
                "Invalid STRING constant (x) for \"value(l)\" of type int");
        assertInvalid("DELETE FROM ks.t WHERE k = 1 AND c = 1 AND l CONTAINS 1",
                "Non PRIMARY KEY columns found in where clause: l ");
        // NOT CONTAINS is Cassandra 5.1 (CASSANDRA-18584): 5.0's grammar has no such relation
        assertThatThrownBy(() -> session.execute("SELECT * FROM ks.t WHERE l NOT CONTAINS 1 ALLOW FILTERING"))
                .isInstanceOf(SyntaxError.class);
    }

    private static List<String> keys(List<Row> rows) {
        List<String> keys = new ArrayList<>();
        rows.forEach(r -> keys.add(r.getInt("k") + ":" + r.getInt("c")));
        return keys;
    }

    private static List<String> names(ColumnDefinitions definitions) {
        List<String> names = new ArrayList<>();
        definitions.forEach(d -> names.add(d.getName().asInternal()));
        return names;
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }
}
