package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-frozen user-defined type field updates and deletions ({@code SET u.f = ?}, {@code DELETE u.f}), conditions on
 * fields ({@code IF u.f = ?}) and {@code IF c CONTAINS [KEY] ?} through the Java driver, with Cassandra's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldUpdatesAndContainsConditionsDriverTest {

    private DriverNode node;
    private CqlSession session;

    @BeforeAll
    void start(@TempDir Path directory) {
        node = new DriverNode(directory);
        session = node.connect();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TYPE ks.address (street text, city text, zip int)");
        session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, a address, fa frozen<address>, n int,"
                + " l list<int>, s set<text>, m map<text, int>)");
    }

    @AfterAll
    void stop() {
        session.close();
        node.close();
    }

    @Test
    void fieldUpdatesCreateAndChangeTheValue() {
        session.execute("UPDATE ks.t SET a.city = 'Oslo' WHERE k = 1");
        assertThat(address(1)).isEqualTo("null|Oslo|null");
        session.execute("UPDATE ks.t SET a.street = 'Main St', a.zip = 150 WHERE k = 1");
        assertThat(address(1)).isEqualTo("Main St|Oslo|150");
        PreparedStatement set = session.prepare("UPDATE ks.t SET a.zip = ? WHERE k = ?");
        assertThat(set.getVariableDefinitions().get(0).getName().asInternal()).isEqualTo("a.zip");
        assertThat(set.getVariableDefinitions().get(0).getType()).isEqualTo(DataTypes.INT);
        session.execute(set.bind(151, 1));
        assertThat(address(1)).isEqualTo("Main St|Oslo|151");
        session.execute("DELETE a.street FROM ks.t WHERE k = 1");
        assertThat(address(1)).isEqualTo("null|Oslo|151");
        session.execute(set.bind(null, 1));
        assertThat(address(1)).isEqualTo("null|Oslo|null");
        session.execute("DELETE a.city FROM ks.t WHERE k = 1");
        // every field null: the value is gone, and with it this row, which only UPDATE wrote (no row marker)
        assertThat(session.execute("SELECT a FROM ks.t WHERE k = 1").one()).isNull();
        session.execute("INSERT INTO ks.t (k, n) VALUES (1, 0)");
        session.execute("DELETE a.zip FROM ks.t WHERE k = 1");
        assertThat(session.execute("SELECT a FROM ks.t WHERE k = 1").one().isNull("a")).isTrue();
    }

    @Test
    void concurrentFieldUpdatesOfOneValueAreNotLost() {
        PreparedStatement street = session.prepare("UPDATE ks.t SET a.street = ? WHERE k = 2");
        PreparedStatement zip = session.prepare("UPDATE ks.t SET a.zip = ? WHERE k = 2");
        List<CompletableFuture<?>> writes = List.of(
                toFuture(session.executeAsync(street.bind("High St"))),
                toFuture(session.executeAsync(zip.bind(7))),
                toFuture(session.executeAsync(session.prepare("UPDATE ks.t SET a.city = ? WHERE k = 2")
                        .bind("Bergen"))));
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        assertThat(address(2)).isEqualTo("High St|Bergen|7");
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                street.bind("Low St"), zip.bind(8));
        session.execute(batch);
        assertThat(address(2)).isEqualTo("Low St|Bergen|8");
    }

    @Test
    void conditionsOnFieldsAndContainsAnswerApplied() {
        session.execute("INSERT INTO ks.t (k, a, fa, l, s, m) VALUES (3, {street: 'S', city: 'Oslo', zip: 1},"
                + " {street: 'F', city: 'Rome', zip: 2}, [1, 2], {'x'}, {'key': 10})");
        assertApplied("UPDATE ks.t SET n = 1 WHERE k = 3 IF a.city = 'Oslo'", true);
        Row failed = session.execute("UPDATE ks.t SET n = 2 WHERE k = 3 IF a.zip > 5").one();
        assertThat(failed.getBoolean("[applied]")).isFalse();
        assertThat(failed.getUdtValue("a").getString("city")).isEqualTo("Oslo");
        assertApplied("UPDATE ks.t SET n = 3 WHERE k = 3 IF fa.city IN ('Rome', 'Paris') AND fa.zip != 3", true);
        assertApplied("UPDATE ks.t SET a.zip = 9 WHERE k = 3 IF a.street = 'S'", true);
        assertThat(address(3)).isEqualTo("S|Oslo|9");
        assertApplied("UPDATE ks.t SET n = 4 WHERE k = 3 IF l CONTAINS 2 AND s CONTAINS 'x' AND m CONTAINS KEY 'key'",
                true);
        assertApplied("UPDATE ks.t SET n = 5 WHERE k = 3 IF m CONTAINS 11", false);
        assertApplied("UPDATE ks.t SET n = 6 WHERE k = 4 IF l CONTAINS 1", false);
        PreparedStatement contains = session.prepare("DELETE n FROM ks.t WHERE k = ? IF m CONTAINS ? AND"
                + " m CONTAINS KEY ? AND a.zip = ?");
        assertThat(contains.getVariableDefinitions()).extracting(d -> d.getName().asInternal())
                .containsExactly("k", "value(m)", "key(m)", "a.zip");
        assertThat(session.execute(contains.bind(3, 10, "key", 9)).one().getBoolean("[applied]")).isTrue();
        assertThat(session.execute("SELECT n FROM ks.t WHERE k = 3").one().isNull(0)).isTrue();
        assertThatThrownBy(() -> session.execute(contains.bind(3, null, "key", 9)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Invalid comparison with null for operator \"CONTAINS\"");
    }

    @Test
    void misuseGetsCassandrasErrors() {
        assertInvalid("UPDATE ks.t SET fa.city = 'x' WHERE k = 1",
                "Invalid operation (fa.city = 'x') for frozen UDT column fa");
        assertInvalid("UPDATE ks.t SET a.country = 'x' WHERE k = 1",
                "UDT column a does not have a field named country");
        assertInvalid("UPDATE ks.t SET a.city = 'x', a.city = 'y' WHERE k = 1",
                "Multiple incompatible setting of column a");
        assertInvalid("UPDATE ks.t SET a = {city: 'x'}, a.city = 'y' WHERE k = 1",
                "Multiple incompatible setting of column a");
        assertInvalid("UPDATE ks.t SET a.zip = 'x' WHERE k = 1",
                "Invalid STRING constant (x) for \"a.zip\" of type int");
        assertInvalid("DELETE fa.city FROM ks.t WHERE k = 1", "Frozen UDT column fa does not support field deletions");
        assertInvalid("DELETE a.country FROM ks.t WHERE k = 1", "UDT column a does not have a field named country");
        assertInvalid("UPDATE ks.t SET n = 1 WHERE k = 1 IF a.country = 'x'", "Unknown field country for column a");
        assertInvalid("UPDATE ks.t SET n = 1 WHERE k = 1 IF n.x = 1",
                "Invalid field selection: n of type int is not a user type");
        assertInvalid("UPDATE ks.t SET n = 1 WHERE k = 1 IF l CONTAINS KEY 1",
                "Cannot use CONTAINS KEY on non-map column l");
        assertInvalid("UPDATE ks.t SET n = 1 WHERE k = 1 IF n CONTAINS 1",
                "Cannot use CONTAINS on non-collection column n");
        assertInvalid("SELECT * FROM ks.t WHERE a = {city: 'x'} ALLOW FILTERING",
                "Non-frozen UDT column 'a' (address) cannot be restricted by any relation");
        assertThat(session.execute("SELECT k FROM ks.t WHERE s CONTAINS 'zzz' ALLOW FILTERING").all()).isEmpty();
    }

    private String address(int k) {
        UdtValue value = session.execute("SELECT a FROM ks.t WHERE k = " + k).one().getUdtValue("a");
        return value.getString("street") + "|" + value.getString("city") + "|"
                + (value.isNull("zip") ? "null" : value.getInt("zip"));
    }

    private void assertApplied(String query, boolean applied) {
        assertThat(session.execute(query).one().getBoolean("[applied]")).as(query).isEqualTo(applied);
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }

    private static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
        return stage.toCompletableFuture();
    }
}
