package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counters and non-frozen collection element updates through the Apache Cassandra Java driver: increments and
 * decrements (also racing from several clients), COUNTER BATCH, counter deletion, every list / set / map element
 * operation, and Cassandra's errors for what it refuses.
 */
class CounterAndCollectionDriverTest {

    @TempDir
    Path directory;
    private DriverNode fixture;
    private CqlSession session;

    @BeforeEach
    void start() {
        fixture = new DriverNode(directory);
        fixture.db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session = fixture.connect();
        session.execute("CREATE TABLE ks.hits (page text, day int, views counter, clicks counter,"
                + " PRIMARY KEY (page, day))");
        session.execute("CREATE TABLE ks.docs (k int PRIMARY KEY, l list<int>, s set<text>, m map<text, int>,"
                + " f frozen<list<int>>)");
    }

    @AfterEach
    void stop() {
        session.close();
        fixture.close();
    }

    private Row hits(String page, int day) {
        return session.execute("SELECT views, clicks FROM ks.hits WHERE page = '" + page + "' AND day = " + day)
                .one();
    }

    @Test
    void incrementsDecrementsBatchesAndDeletes() {
        session.execute("UPDATE ks.hits SET views = views + 5 WHERE page = 'a' AND day = 1");
        session.execute("UPDATE ks.hits SET views = views - 2, clicks = clicks + 1 WHERE page = 'a' AND day = 1");
        session.execute("UPDATE ks.hits SET views = views -1 WHERE page = 'a' AND day = 1");
        session.execute("UPDATE ks.hits SET clicks += 2 WHERE page = 'a' AND day = 1");
        assertThat(hits("a", 1).getLong("views")).isEqualTo(2);
        assertThat(hits("a", 1).getLong("clicks")).isEqualTo(3);
        session.execute("BEGIN COUNTER BATCH UPDATE ks.hits SET views = views + 1 WHERE page = 'a' AND day = 1;"
                + " UPDATE ks.hits SET views = views + 1 WHERE page = 'a' AND day = 1;"
                + " UPDATE ks.hits SET views = views + 7 WHERE page = 'b' AND day = 1; APPLY BATCH");
        assertThat(hits("a", 1).getLong("views")).isEqualTo(4);
        assertThat(hits("b", 1).getLong("views")).isEqualTo(7);
        PreparedStatement add = session.prepare("UPDATE ks.hits SET views = views + ? WHERE page = ? AND day = ?");
        session.execute(BatchStatement.newInstance(DefaultBatchType.COUNTER, add.bind(10L, "b", 1),
                add.bind(-3L, "b", 1)));
        assertThat(hits("b", 1).getLong("views")).isEqualTo(14);
        session.execute("DELETE FROM ks.hits WHERE page = 'b' AND day = 1");
        assertThat(hits("b", 1)).isNull();
        session.execute(add.bind(1L, "b", 1));
        assertThat(hits("b", 1).getLong("views")).isEqualTo(1);
    }

    @Test
    void concurrentIncrementsAddUpExactly() throws Exception {
        PreparedStatement add = session.prepare("UPDATE ks.hits SET views = views + ? WHERE page = 'p' AND day = 1");
        int clients = 4;
        int increments = 50;
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                done.add(executor.submit(() -> {
                    for (int n = 0; n < increments; n++) {
                        session.execute(add.bind(1L));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(hits("p", 1).getLong("views")).isEqualTo((long) clients * increments);
    }

    @Test
    void counterStatementsCassandraRefuses() {
        assertInvalid("INSERT INTO ks.hits (page, day, views) VALUES ('a', 1, 1)",
                "INSERT statements are not allowed on counter tables, use UPDATE instead");
        assertInvalid("UPDATE ks.hits SET views = 1 WHERE page = 'a' AND day = 1",
                "Cannot set the value of counter column views (counters can only be incremented/decremented, not"
                        + " set)");
        assertInvalid("UPDATE ks.hits USING TTL 10 SET views = views + 1 WHERE page = 'a' AND day = 1",
                "Cannot provide custom TTL for counter updates");
        assertInvalid("UPDATE ks.hits USING TIMESTAMP 10 SET views = views + 1 WHERE page = 'a' AND day = 1",
                "Cannot provide custom timestamp for counter updates");
        assertInvalid("CREATE TABLE ks.mixed (k int PRIMARY KEY, c counter, v int)",
                "Cannot mix counter and non counter columns in the same table");
        assertInvalid("CREATE TABLE ks.keyed (k counter PRIMARY KEY, c counter)",
                "counter type is not supported for PRIMARY KEY column 'k'");
        assertInvalid("CREATE TABLE ks.ttl (k int PRIMARY KEY, c counter) WITH default_time_to_live = 5",
                "Cannot set default_time_to_live on a table with counters");
        assertInvalid("BEGIN COUNTER BATCH UPDATE ks.docs SET l = [1] WHERE k = 1; APPLY BATCH",
                "Cannot include non-counter statement in a counter batch");
        assertInvalid("BEGIN BATCH UPDATE ks.hits SET views = views + 1 WHERE page = 'a' AND day = 1; APPLY BATCH",
                "Cannot include a counter statement in a logged batch");
        assertInvalid("BEGIN UNLOGGED BATCH UPDATE ks.hits SET views = views + 1 WHERE page = 'a' AND day = 1;"
                + " UPDATE ks.docs SET l = [1] WHERE k = 1; APPLY BATCH",
                "Counter and non-counter mutations cannot exist in the same batch");
        assertInvalid("UPDATE ks.hits SET views = views + 1 WHERE page = 'a' AND day = 1 IF EXISTS",
                "Conditional updates are not supported on counter tables");
    }

    private List<Integer> list() {
        return session.execute("SELECT l FROM ks.docs WHERE k = 1").one().getList("l", Integer.class);
    }

    @Test
    void listOperations() {
        session.execute("UPDATE ks.docs SET l = l + [1, 2] WHERE k = 1");
        session.execute("UPDATE ks.docs SET l = [0] + l WHERE k = 1");
        session.execute("UPDATE ks.docs SET l += [3, 2] WHERE k = 1");
        assertThat(list()).containsExactly(0, 1, 2, 3, 2);
        session.execute("UPDATE ks.docs SET l = l - [2] WHERE k = 1");
        assertThat(list()).containsExactly(0, 1, 3);
        session.execute("UPDATE ks.docs SET l[1] = 10 WHERE k = 1");
        assertThat(list()).containsExactly(0, 10, 3);
        session.execute("DELETE l[0] FROM ks.docs WHERE k = 1");
        assertThat(list()).containsExactly(10, 3);
        PreparedStatement setIndex = session.prepare("UPDATE ks.docs SET l[?] = ? WHERE k = 1");
        session.execute(setIndex.bind(1, 30));
        assertThat(list()).containsExactly(10, 30);
        assertInvalid("UPDATE ks.docs SET l[5] = 1 WHERE k = 1", "List index 5 out of bound, list has size 2");
        assertInvalid("DELETE l[2] FROM ks.docs WHERE k = 1", "List index 2 out of bound, list has size 2");
        assertInvalid("UPDATE ks.docs SET l[0] = 1 WHERE k = 2", "Attempted to set an element on a list which is null");
        session.execute("UPDATE ks.docs SET l = l - [10, 30] WHERE k = 1");
        // the emptied list was the row's only cell and UPDATE writes no row marker: the row is gone
        assertThat(session.execute("SELECT l FROM ks.docs WHERE k = 1").one()).isNull();
    }

    @Test
    void setAndMapOperations() {
        session.execute("UPDATE ks.docs SET s = s + {'b', 'a'}, m = m + {'x': 1} WHERE k = 1");
        session.execute("UPDATE ks.docs SET s = s + {'c'}, m['y'] = 2 WHERE k = 1");
        session.execute("UPDATE ks.docs SET s = s - {'a'}, m = m + {'x': 5, 'z': 3} WHERE k = 1");
        Row row = session.execute("SELECT s, m FROM ks.docs WHERE k = 1").one();
        assertThat(row.getSet("s", String.class)).isEqualTo(Set.of("b", "c"));
        assertThat(row.getMap("m", String.class, Integer.class)).isEqualTo(Map.of("x", 5, "y", 2, "z", 3));
        session.execute("DELETE m['x'] FROM ks.docs WHERE k = 1");
        session.execute("UPDATE ks.docs SET m = m - {'z'}, m['y'] = null WHERE k = 1");
        session.execute("UPDATE ks.docs SET m['w'] = 9 WHERE k = 1");
        PreparedStatement put = session.prepare("UPDATE ks.docs SET m[?] = ? WHERE k = ?");
        session.execute(put.bind("v", 8, 1));
        row = session.execute("SELECT s, m FROM ks.docs WHERE k = 1").one();
        assertThat(row.getMap("m", String.class, Integer.class)).isEqualTo(Map.of("v", 8, "w", 9));
        assertThat(session.execute("UPDATE ks.docs SET l = l + [1] WHERE k = 1 IF m['w'] = 9").wasApplied())
                .isTrue();
        assertThat(session.execute("UPDATE ks.docs SET l = l + [2] WHERE k = 1 IF m['w'] = 1").wasApplied())
                .isFalse();
        assertThat(list()).containsExactly(1);
    }

    @Test
    void elementOperationsCassandraRefuses() {
        assertInvalid("UPDATE ks.docs SET f = f + [1] WHERE k = 1",
                "Invalid operation (f = f + [1]) for frozen collection column f");
        assertInvalid("UPDATE ks.docs SET s['a'] = 'b' WHERE k = 1", "for set column s");
        assertInvalid("UPDATE ks.docs SET m = [1] + m WHERE k = 1", "for non list column m");
        assertInvalid("UPDATE ks.docs SET k = k + 1 WHERE k = 1", "PRIMARY KEY part k found in SET part");
        assertInvalid("UPDATE ks.docs SET l = l + [1], l = [2] WHERE k = 1",
                "Multiple incompatible setting of column l");
    }

    private void assertInvalid(String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).as(query).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining(message);
    }
}
