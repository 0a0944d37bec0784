package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.almanac.cql.DriverSessions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Static columns through the Apache Cassandra Java driver: DDL and its errors, writes of only static columns with
 * just the partition key, static values on every row of their partition, static-only partitions as one row,
 * DISTINCT, paging, deletes, system_schema kind and DESCRIBE, before and after a flush.
 */
class StaticColumnsDriverTest extends DriverNodeTest {

    private static void createTable(CqlSession session) {
        session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE iot.t (pk int, ck int, s text STATIC, v int, PRIMARY KEY (pk, ck))");
    }

    private static List<String> rows(CqlSession session, String cql) {
        return session.execute(SimpleStatement.newInstance(cql).setPageSize(2)).all().stream()
                .map(StaticColumnsDriverTest::text).toList();
    }

    private static String text(Row row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
            text.append(i == 0 ? "" : ",").append(row.getObject(i));
        }
        return text.toString();
    }

    @Test
    void staticValuesAppearOnEveryRowOfTheirPartition() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createTable(session);
            session.execute("INSERT INTO iot.t (pk, ck, s, v) VALUES (1, 1, 'a', 10)");
            session.execute("INSERT INTO iot.t (pk, ck, v) VALUES (1, 2, 20)");
            session.execute("INSERT INTO iot.t (pk, ck, v) VALUES (1, 3, 30)");
            session.execute("INSERT INTO iot.t (pk, s) VALUES (2, 'only')");
            session.execute("UPDATE iot.t SET s = 'b' WHERE pk = 1");
            for (int pass = 0; pass < 2; pass++) {
                assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1"))
                        .containsExactly("1,1,b,10", "1,2,b,20", "1,3,b,30");
                assertThat(rows(session, "SELECT * FROM iot.t WHERE pk = 2")).as("static-only partition")
                        .containsExactly("2,null,only,null");
                assertThat(rows(session, "SELECT pk, ck, s FROM iot.t WHERE pk = 2 AND ck > 0"))
                        .as("a clustering restriction leaves the static-only partition out").isEmpty();
                assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1 ORDER BY ck DESC"))
                        .containsExactly("1,3,b,30", "1,2,b,20", "1,1,b,10");
                assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t"))
                        .containsExactlyInAnyOrder("1,1,b,10", "1,2,b,20", "1,3,b,30", "2,null,only,null");
                assertThat(rows(session, "SELECT DISTINCT pk, s FROM iot.t"))
                        .containsExactlyInAnyOrder("1,b", "2,only");
                assertThat(rows(session, "SELECT pk, ck, s FROM iot.t WHERE pk = 1 AND ck >= 2 LIMIT 1"))
                        .containsExactly("1,2,b");
                node.db.engine.flush().join();
            }
        }
    }

    @Test
    void deletesOfStaticColumnsAndPartitions() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createTable(session);
            session.execute("INSERT INTO iot.t (pk, ck, s, v) VALUES (1, 1, 'a', 10)");
            session.execute("DELETE s FROM iot.t WHERE pk = 1");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1")).containsExactly("1,1,null,10");
            session.execute("UPDATE iot.t SET s = 'c', v = 11 WHERE pk = 1 AND ck = 1");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1")).containsExactly("1,1,c,11");
            session.execute("DELETE FROM iot.t WHERE pk = 1 AND ck = 1");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1"))
                    .as("the static row outlives its partition's rows").containsExactly("1,null,c,null");
            session.execute("DELETE FROM iot.t WHERE pk = 1");
            assertThat(rows(session, "SELECT pk, ck, s, v FROM iot.t WHERE pk = 1")).isEmpty();
        }
    }

    @Test
    void schemaShowsStaticColumns() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createTable(session);
            assertThat(session.execute("SELECT kind FROM system_schema.columns WHERE keyspace_name = 'iot'"
                    + " AND table_name = 't' AND column_name = 's'").one().getString("kind")).isEqualTo("static");
            String describe = session.execute("DESCRIBE TABLE iot.t").one().getString("create_statement");
            assertThat(describe).contains("s text static");
            session.checkSchemaAgreement();
            session.refreshSchema();
            TableMetadata table = session.getMetadata().getKeyspace("iot").orElseThrow().getTable("t").orElseThrow();
            ColumnMetadata column = table.getColumn("s").orElseThrow();
            assertThat(column.isStatic()).isTrue();
        }
    }

    @Test
    void invalidStaticColumnUsesAreRefused() {
        try (CqlSession session = DriverSessions.connect(node.port())) {
            createTable(session);
            assertThatThrownBy(() -> session.execute("CREATE TABLE iot.u (pk int PRIMARY KEY, s int STATIC)"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Static columns are only useful (and thus allowed) if the table has at"
                            + " least one clustering column");
            assertThatThrownBy(() -> session.execute("CREATE TABLE iot.u (pk int, ck int STATIC, v int,"
                    + " PRIMARY KEY (pk, ck))")).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Static column ck cannot be part of the PRIMARY KEY");
            assertThatThrownBy(() -> session.execute("INSERT INTO iot.t (pk, v) VALUES (1, 1)"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Some clustering keys are missing");
            assertThatThrownBy(() -> session.execute("UPDATE iot.t SET s = 'x' WHERE pk = 1 AND ck = 1"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("UPDATE statement modifies only static columns");
            assertThatThrownBy(() -> session.execute("UPDATE iot.t SET v = 1 WHERE pk = 1"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Some clustering keys are missing");
        }
    }
}
