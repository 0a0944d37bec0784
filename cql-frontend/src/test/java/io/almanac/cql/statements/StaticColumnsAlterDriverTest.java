package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Static columns together with ALTER TABLE, collection element operations, PER PARTITION LIMIT and user-defined
 * types through the Apache Cassandra Java driver, before and after a flush.
 */
class StaticColumnsAlterDriverTest extends DriverNodeTest {

    private static List<String> rows(CqlSession session, String cql) {
        return session.execute(SimpleStatement.newInstance(cql).setPageSize(2)).all().stream()
                .map(StaticColumnsAlterDriverTest::text).toList();
    }

    private static String text(Row row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
            text.append(i == 0 ? "" : ",").append(row.getObject(i));
        }
        return text.toString();
    }

    private static void createKeyspace(CqlSession session) {
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    @Test
    void alterTableAddsAndDropsStaticColumns() {
        try (CqlSession session = node.connect()) {
            createKeyspace(session);
            session.execute("CREATE TABLE iot.t (pk int, ck int, v int, PRIMARY KEY (pk, ck))");
            session.execute("INSERT INTO iot.t (pk, ck, v) VALUES (1, 1, 10)");
            session.execute("INSERT INTO iot.t (pk, ck, v) VALUES (1, 2, 20)");
            node.db.engine.flush().join();
            session.execute("ALTER TABLE iot.t ADD s text STATIC");
            session.execute("UPDATE iot.t SET s = 'x' WHERE pk = 1");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t")).containsExactly("1,1,x,10", "1,2,x,20");
            node.db.engine.flush().join();
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1"))
                    .containsExactly("1,1,x,10", "1,2,x,20");
            session.execute("ALTER TABLE iot.t DROP s");
            assertThat(rows(session, "SELECT * FROM iot.t")).containsExactly("1,1,10", "1,2,20");
            assertThatThrownBy(() -> session.execute("ALTER TABLE iot.t ADD s text"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("of kind REGULAR, incompatible with previous kind STATIC");
            session.execute("ALTER TABLE iot.t ADD s text STATIC");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t")).containsExactly("1,1,null,10",
                    "1,2,null,20");
        }
    }

    @Test
    void collectionOperationsAndPerPartitionLimitOnStaticColumns() {
        try (CqlSession session = node.connect()) {
            createKeyspace(session);
            session.execute("CREATE TABLE iot.c (pk int, ck int, tags list<text> STATIC, n int,"
                    + " PRIMARY KEY (pk, ck))");
            session.execute("UPDATE iot.c SET tags = tags + ['a'] WHERE pk = 1");
            node.db.engine.flush().join();
            session.execute("UPDATE iot.c SET tags = tags + ['b'], n = 5 WHERE pk = 1 AND ck = 1");
            session.execute("INSERT INTO iot.c (pk, ck, n) VALUES (1, 2, 6)");
            session.execute("INSERT INTO iot.c (pk, ck, n) VALUES (1, 3, 7)");
            assertThat(rows(session, "SELECT pk, ck, tags, n FROM iot.c"))
                    .containsExactly("1,1,[a, b],5", "1,2,[a, b],6", "1,3,[a, b],7");
            session.execute("DELETE tags[0] FROM iot.c WHERE pk = 1");
            assertThat(rows(session, "SELECT pk, ck, tags, n FROM iot.c PER PARTITION LIMIT 2"))
                    .containsExactly("1,1,[b],5", "1,2,[b],6");
            assertThatThrownBy(() -> session.execute("UPDATE iot.c SET tags = tags + ['c'] WHERE pk = 1 AND ck = 1"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("UPDATE statement modifies only static columns");
        }
    }

    @Test
    void conditionsOnStaticColumnsSeeTheStaticRow() {
        try (CqlSession session = node.connect()) {
            createKeyspace(session);
            session.execute("CREATE TABLE iot.t (pk int, ck int, s text STATIC, v int, PRIMARY KEY (pk, ck))");
            session.execute("INSERT INTO iot.t (pk, ck, s, v) VALUES (1, 1, 'x', 1)");
            assertThat(session.execute("UPDATE iot.t SET v = 2 WHERE pk = 1 AND ck = 1 IF s = 'x'").wasApplied())
                    .isTrue();
            assertThat(session.execute("UPDATE iot.t SET v = 3 WHERE pk = 1 AND ck = 1 IF s = 'y'").wasApplied())
                    .isFalse();
            assertThat(session.execute("UPDATE iot.t SET s = 'z' WHERE pk = 1 IF s = 'x'").wasApplied()).isTrue();
            assertThat(session.execute("INSERT INTO iot.t (pk, s) VALUES (2, 'a') IF NOT EXISTS").wasApplied())
                    .isTrue();
            assertThat(session.execute("INSERT INTO iot.t (pk, s) VALUES (2, 'b') IF NOT EXISTS").wasApplied())
                    .isFalse();
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk IN (1, 2)"))
                    .containsExactly("1,1,z,2", "2,null,a,null");
        }
    }

    @Test
    void staticUserTypeColumnsKeepTypesAndDroppedColumnsAcrossAlters() {
        try (CqlSession session = node.connect()) {
            createKeyspace(session);
            session.execute("CREATE TYPE iot.place (city text, zip int)");
            session.execute("CREATE TABLE iot.p (pk int, ck int, v int, PRIMARY KEY (pk, ck))");
            session.execute("ALTER TABLE iot.p ADD home frozen<place> STATIC");
            session.execute("ALTER KEYSPACE iot WITH durable_writes = false");
            session.execute("UPDATE iot.p SET home = {city: 'Oslo', zip: 150} WHERE pk = 1");
            session.execute("INSERT INTO iot.p (pk, ck, v) VALUES (1, 1, 1)");
            assertThat(rows(session, "SELECT ck, home.city, v FROM iot.p")).containsExactly("1,Oslo,1");
            assertThat(rows(session, "SELECT type_name FROM system_schema.types WHERE keyspace_name = 'iot'"))
                    .containsExactly("place");
            session.execute("ALTER TABLE iot.p DROP v");
            session.execute("ALTER TYPE iot.place ADD country text");
            assertThat(rows(session, "SELECT ck, home.city, home.country FROM iot.p")).containsExactly("1,Oslo,null");
            assertThat(rows(session, "SELECT column_name FROM system_schema.dropped_columns"
                    + " WHERE keyspace_name = 'iot'")).containsExactly("v");
        }
    }
}
