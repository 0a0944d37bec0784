package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Server-side DESCRIBE through the Apache Cassandra Java driver, compared as whole strings with the expectations of
 * Cassandra 5.0's {@code DescribeStatementTest} (testDescribe, testDescribeTypes, testDescribeVirtualTables,
 * testUsingReservedInCreateType, testPrimaryKeyPositionWithAndWithoutInternals,
 * testDescribeTableAndMaterializedViewWithClustringOrder, testDescribeMissingKeyspace, testDescribeNotFound,
 * testDescribeCluster). Indexes, views, functions and tuples of those tests are left out: Almanac has none of them.
 */
class DescribeDriverTest extends DriverNodeTest {

    /** {@code DescribeStatementTest.tableParametersCql()} of Cassandra 5.0. */
    static final String TABLE_PARAMETERS = """
            additional_write_policy = '99p'
                AND allow_auto_snapshot = true
                AND bloom_filter_fp_chance = 0.01
                AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}
                AND cdc = false
                AND comment = ''
                AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', \
            'max_threshold': '32', 'min_threshold': '4'}
                AND compression = {'chunk_length_in_kb': '16', \
            'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}
                AND memtable = 'default'
                AND crc_check_chance = 1.0
                AND default_time_to_live = 0
                AND extensions = {}
                AND gc_grace_seconds = 864000
                AND incremental_backups = true
                AND max_index_interval = 2048
                AND memtable_flush_period_in_ms = 0
                AND min_index_interval = 128
                AND read_repair = 'BLOCKING'
                AND speculative_retry = '99p';""";

    private static final String KEYSPACE_OUTPUT = "CREATE KEYSPACE test WITH replication = {'class': 'SimpleStrategy',"
            + " 'replication_factor': '1'}  AND durable_writes = true;";

    private static final String ALL_TYPES_TABLE = """
            CREATE TABLE test.has_all_types (
                num int PRIMARY KEY,
                asciicol ascii,
                bigintcol bigint,
                blobcol blob,
                booleancol boolean,
                decimalcol decimal,
                doublecol double,
                durationcol duration,
                floatcol float,
                frozenlistcol frozen<list<text>>,
                frozenmapcol frozen<map<timestamp, timeuuid>>,
                frozensetcol frozen<set<bigint>>,
                intcol int,
                smallintcol smallint,
                textcol text,
                timestampcol timestamp,
                tinyintcol tinyint,
                uuidcol uuid,
                varcharcol text,
                varintcol varint,
                listcol list<decimal>,
                mapcol map<timestamp, timeuuid>,
                setcol set<tinyint>
            ) WITH\s""" + TABLE_PARAMETERS;

    private static final String TEST_TABLE = """
            CREATE TABLE test."Test" (
                id int,
                col int,
                val text,
                PRIMARY KEY (id, col)
            ) WITH CLUSTERING ORDER BY (col ASC)
                AND\s""" + TABLE_PARAMETERS;

    private static final String USERS_TABLE = """
            CREATE TABLE test.users (
                userid text PRIMARY KEY,
                age int,
                firstname text,
                lastname text
            ) WITH\s""" + TABLE_PARAMETERS;

    private static final String USERS_MV_TABLE = """
            CREATE TABLE test.users_mv (
                username text PRIMARY KEY,
                birth_year bigint,
                gender text,
                password text,
                session_token text,
                state text
            ) WITH\s""" + TABLE_PARAMETERS;

    private static final String CREATE_KS =
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

    private static void createTestKeyspace(CqlSession session) {
        session.execute("CREATE KEYSPACE test WITH REPLICATION = {'class' : 'SimpleStrategy',"
                + " 'replication_factor' : 1};");
        session.execute("CREATE TABLE test.users ( userid text PRIMARY KEY, firstname text, lastname text,"
                + " age int);");
        session.execute("CREATE TABLE test.\"Test\" (id int, col int, val text, PRIMARY KEY(id, col));");
        session.execute("CREATE TABLE test.users_mv (username varchar, password varchar, gender varchar,"
                + " session_token varchar, state varchar, birth_year bigint, PRIMARY KEY (username));");
        session.execute("CREATE TABLE test.has_all_types (num int PRIMARY KEY, asciicol ascii, bigintcol bigint,"
                + " blobcol blob, booleancol boolean, decimalcol decimal, doublecol double, durationcol duration,"
                + " floatcol float, frozenlistcol frozen<list<text>>, frozenmapcol frozen<map<timestamp, timeuuid>>,"
                + " frozensetcol frozen<set<bigint>>, intcol int, smallintcol smallint, textcol text,"
                + " timestampcol timestamp, tinyintcol tinyint, uuidcol uuid, varcharcol varchar,"
                + " varintcol varint, listcol list<decimal>, mapcol map<timestamp, timeuuid>, setcol set<tinyint>)");
    }

    @Test
    void keyspaceSchemaAndTablesAsCassandraWritesThem() {
        try (CqlSession session = node.connect()) {
            createTestKeyspace(session);
            List<List<String>> keyspace = List.of(List.of("test", "keyspace", "test", KEYSPACE_OUTPUT),
                    List.of("test", "table", "has_all_types", ALL_TYPES_TABLE),
                    List.of("test", "table", "\"Test\"", TEST_TABLE),
                    List.of("test", "table", "users", USERS_TABLE),
                    List.of("test", "table", "users_mv", USERS_MV_TABLE));

            assertThat(rows(session.execute("DESCRIBE KEYSPACE test"))).isEqualTo(keyspace);
            assertThat(rows(session.execute("DESC test"))).isEqualTo(keyspace);
            assertThat(rows(session.execute("DESCRIBE SCHEMA"))).isEqualTo(keyspace);
            assertThat(rows(session.execute("DESCRIBE ONLY KEYSPACE test"))).containsExactly(keyspace.get(0));
            assertThat(rows(session.execute("describe table test.\"Test\""))).containsExactly(keyspace.get(2));
            assertThat(rows(session.execute("desc columnfamily test.users"))).containsExactly(keyspace.get(3));
            assertThat(rows(session.execute("DESCRIBE test.has_all_types"))).containsExactly(keyspace.get(1));

            session.execute("USE test");
            assertThat(rows(session.execute("DESC tables"))).containsExactly(
                    List.of("test", "table", "has_all_types"), List.of("test", "table", "\"Test\""),
                    List.of("test", "table", "users"), List.of("test", "table", "users_mv"));
            assertThat(rows(session.execute("describe users_mv"))).containsExactly(keyspace.get(4));
            assertThat(rows(session.execute("DESCRIBE KEYSPACES"))).extracting(r -> r.get(2))
                    .containsExactly("system", "system_schema", "system_virtual_schema", "test");
        }
    }

    @Test
    void typesInNameOrderAndInDependencyOrder() {
        try (CqlSession session = node.connect()) {
            session.execute(CREATE_KS);
            session.execute("CREATE TYPE ks.type_00 (a int)");
            session.execute("CREATE TYPE ks.type_01 (x text, y text)");
            session.execute("CREATE TYPE ks.type_02 (a text, b frozen<type_01>)");
            session.execute("ALTER TYPE ks.type_00 ADD b frozen<type_02>");
            session.execute("USE ks");
            String type1 = "CREATE TYPE ks.type_00 (\n    a int,\n    b frozen<type_02>\n);";
            String type2 = "CREATE TYPE ks.type_01 (\n    x text,\n    y text\n);";
            String type3 = "CREATE TYPE ks.type_02 (\n    a text,\n    b frozen<type_01>\n);";

            assertThat(rows(session.execute("DESCRIBE TYPES"))).containsExactly(List.of("ks", "type", "type_00"),
                    List.of("ks", "type", "type_01"), List.of("ks", "type", "type_02"));
            assertThat(rows(session.execute("DESCRIBE TYPE type_01")))
                    .containsExactly(List.of("ks", "type", "type_01", type2));
            assertThat(rows(session.execute("DESCRIBE TYPE type_00")))
                    .containsExactly(List.of("ks", "type", "type_00", type1));
            assertThat(rows(session.execute("DESCRIBE KEYSPACE ks"))).containsExactly(List.of("ks", "keyspace", "ks",
                            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor':"
                                    + " '1'}  AND durable_writes = true;"),
                    List.of("ks", "type", "type_01", type2), List.of("ks", "type", "type_02", type3),
                    List.of("ks", "type", "type_00", type1));

            session.execute("CREATE TYPE ks.reserved (\"token\" text, \"desc\" text);");
            assertThat(rows(session.execute("DESCRIBE TYPE reserved"))).containsExactly(List.of("ks", "type",
                    "reserved", "CREATE TYPE ks.reserved (\n    \"token\" text,\n    \"desc\" text\n);"));
        }
    }

    @Test
    void columnOrderAndDroppedColumns() {
        try (CqlSession session = node.connect()) {
            session.execute(CREATE_KS);
            session.execute("CREATE TABLE IF NOT EXISTS ks.t (pk1 int, pk2 int, ck1 int, ck2 int, reg1 int,"
                    + " reg2 list<int>, reg3 int, PRIMARY KEY ((pk1, pk2), ck1, ck2))"
                    + " WITH CLUSTERING ORDER BY (ck1 ASC, ck2 DESC);");
            assertThat(rows(session.execute("DESCRIBE TABLE ks.t"))).containsExactly(List.of("ks", "table", "t", """
                    CREATE TABLE ks.t (
                        pk1 int,
                        pk2 int,
                        ck1 int,
                        ck2 int,
                        reg1 int,
                        reg3 int,
                        reg2 list<int>,
                        PRIMARY KEY ((pk1, pk2), ck1, ck2)
                    ) WITH CLUSTERING ORDER BY (ck1 ASC, ck2 DESC)
                        AND\s""" + TABLE_PARAMETERS));

            session.execute("CREATE TABLE ks.p (pk text, v1 text, v2 int, v3 int, PRIMARY KEY (pk))");
            session.execute("ALTER TABLE ks.p DROP v3");
            assertThat(rows(session.execute("DESCRIBE TABLE ks.p"))).containsExactly(List.of("ks", "table", "p", """
                    CREATE TABLE ks.p (
                        pk text PRIMARY KEY,
                        v1 text,
                        v2 int
                    ) WITH\s""" + TABLE_PARAMETERS));
        }
    }

    @Test
    void virtualKeyspaceAndTableAreCommentedStructures() {
        try (CqlSession session = node.connect()) {
            assertThat(rows(session.execute("DESCRIBE ONLY KEYSPACE system_virtual_schema;"))).containsExactly(
                    List.of("system_virtual_schema", "keyspace", "system_virtual_schema", """
                            /*
                            Warning: Keyspace system_virtual_schema is a virtual keyspace and cannot be recreated \
                            with CQL.
                            Structure, for reference:
                            VIRTUAL KEYSPACE system_virtual_schema;
                            */"""));
            assertThat(rows(session.execute("DESCRIBE TABLE system_virtual_schema.columns;"))).containsExactly(
                    List.of("system_virtual_schema", "table", "columns", """
                            /*
                            Warning: Table system_virtual_schema.columns is a virtual table and cannot be recreated \
                            with CQL.
                            Structure, for reference:
                            VIRTUAL TABLE system_virtual_schema.columns (
                                keyspace_name text,
                                table_name text,
                                column_name text,
                                clustering_order text,
                                column_name_bytes blob,
                                kind text,
                                position int,
                                type text,
                                PRIMARY KEY (keyspace_name, table_name, column_name)
                            ) WITH CLUSTERING ORDER BY (table_name ASC, column_name ASC)
                                AND comment = 'virtual column definitions';
                            */"""));
            assertThat(rows(session.execute("DESCRIBE FULL SCHEMA"))).extracting(r -> r.get(0) + " " + r.get(2))
                    .contains("system system", "system_schema tables", "system_virtual_schema keyspaces");
        }
    }

    @Test
    void missingKeyspaceAndNotFoundErrors() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE test WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE test.users (userid text PRIMARY KEY, age int)");
            for (String element : List.of("TABLE", "MATERIALIZED VIEW", "INDEX", "TYPE", "FUNCTION", "AGGREGATE")) {
                assertInvalid(session, "DESCRIBE " + element + " foop",
                        "No keyspace specified and no current keyspace");
            }
            assertInvalid(session, "DESCRIBE AGGREGATE test.aggr_foo",
                    "User defined aggregate 'aggr_foo' not found in 'test'");
            assertInvalid(session, "DESCRIBE FUNCTION test.func_foo",
                    "User defined function 'func_foo' not found in 'test'");
            assertInvalid(session, "DESCRIBE test.func_foo", "'func_foo' not found in keyspace 'test'");
            assertInvalid(session, "DESCRIBE foo", "'foo' not found in keyspaces");
            assertInvalid(session, "DESC test2", "'test2' not found in keyspaces");
            assertInvalid(session, "DESCRIBE test.users2", "'users2' not found in keyspace 'test'");
            assertInvalid(session, "DESCRIBE test.myindex2", "'myindex2' not found in keyspace 'test'");
            assertInvalid(session, "DESCRIBE TABLE test.mv", "Table 'mv' not found in keyspace 'test'");
            session.execute("USE test");
            assertInvalid(session, "DESCRIBE users2", "'users2' not found in keyspace 'test'");
        }
    }

    @Test
    void clusterNamesPartitionerSnitchAndRangeOwnership() {
        try (CqlSession session = node.connect()) {
            Row row = session.execute("DESCRIBE CLUSTER").one();
            assertThat(row.getColumnDefinitions().size()).isEqualTo(3);
            assertThat(List.of(row.getString("cluster"), row.getString("partitioner"), row.getString("snitch")))
                    .containsExactly("Almanac", "Murmur3Partitioner", "DynamicEndpointSnitch");

            session.execute("USE system_virtual_schema");
            assertThat(session.execute("DESCRIBE CLUSTER").one().getColumnDefinitions().size()).isEqualTo(3);

            session.execute(CREATE_KS);
            session.execute("USE ks");
            Row owned = session.execute("DESCRIBE CLUSTER").one();
            assertThat(owned.getString("snitch")).isEqualTo("DynamicEndpointSnitch");
            assertThat(owned.get("range_ownership", GenericType.mapOf(GenericType.STRING,
                    GenericType.listOf(GenericType.STRING)))).isEqualTo(Map.of("0", List.of("/127.0.0.1:7000")));
        }
    }

    private static void assertInvalid(CqlSession session, String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).as(query).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }

    private static List<List<String>> rows(ResultSet resultSet) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : resultSet) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
                values.add(row.getString(i));
            }
            rows.add(values);
        }
        return rows;
    }
}
