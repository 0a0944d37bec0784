package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side DESCRIBE: result columns, Cassandra's CREATE statement format, and the describe-drop-recreate trip. */
class DescribeTest {

    /** The default table options as DESCRIBE shows them after a {@code WITH} clause's first option. */
    private static final String DEFAULT_OPTIONS = "    AND " + DescribeDriverTest.TABLE_PARAMETERS;

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE readings (device text, ts timestamp, temp double, tags set<text>, note text,"
                + " PRIMARY KEY (device, ts)) WITH CLUSTERING ORDER BY (ts DESC) AND default_time_to_live = 86400"
                + " AND comment = 'IoT ''readings''' AND compaction = {'class': 'SizeTieredCompactionStrategy',"
                + " 'min_threshold': '6'}");
        db.execute("CREATE TABLE kv (k int PRIMARY KEY, v text)");
        db.execute("CREATE TABLE \"Mixed\" (a int, b int, c int, \"Value\" int, PRIMARY KEY ((a, b), c))");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void describeTableWritesCassandrasCreateStatement() {
        ResultMessage.Rows rows = db.rows("DESCRIBE TABLE kv");

        assertThat(rows.metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("keyspace_name", "type", "name", "create_statement");
        assertThat(rows.metadata().columns()).extracting(ColumnSpec::keyspace).containsOnly("system");
        assertThat(texts(rows)).containsExactly(List.of("ks", "table", "kv", """
                CREATE TABLE ks.kv (
                    k int PRIMARY KEY,
                    v text
                ) WITH additional_write_policy = '99p'
                """ + DEFAULT_OPTIONS.substring(DEFAULT_OPTIONS.indexOf('\n') + 1)));
    }

    @Test
    void compositeKeysQuotedNamesAndClusteringOrder() {
        String mixed = texts(db.rows("DESCRIBE TABLE ks.\"Mixed\"")).get(0).get(3);
        assertThat(mixed).isEqualTo("""
                CREATE TABLE ks."Mixed" (
                    a int,
                    b int,
                    c int,
                    "Value" int,
                    PRIMARY KEY ((a, b), c)
                ) WITH CLUSTERING ORDER BY (c ASC)
                """ + DEFAULT_OPTIONS);

        String readings = texts(db.rows("DESCRIBE readings")).get(0).get(3);
        assertThat(readings).startsWith("""
                CREATE TABLE ks.readings (
                    device text,
                    ts timestamp,
                    note text,
                    temp double,
                    tags set<text>,
                    PRIMARY KEY (device, ts)
                ) WITH CLUSTERING ORDER BY (ts DESC)
                    AND additional_write_policy = '99p'
                """);
        assertThat(readings).contains("\n    AND comment = 'IoT ''readings'''\n",
                "\n    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy',"
                        + " 'min_threshold': '6'}\n", "\n    AND default_time_to_live = 86400\n");
    }

    @Test
    void describeKeyspaceRecreatesTheSchemaWhenFedBack() {
        List<List<String>> before = texts(db.rows("DESCRIBE KEYSPACE ks"));
        assertThat(before).extracting(r -> r.get(1) + " " + r.get(2))
                .containsExactly("keyspace ks", "table kv", "table \"Mixed\"", "table readings");
        assertThat(before.get(0).get(3)).isEqualTo("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': '1'}  AND durable_writes = true;");

        db.execute("DROP KEYSPACE ks");
        for (List<String> element : before) {
            db.execute(element.get(3));
        }

        assertThat(texts(db.rows("DESCRIBE KEYSPACE ks"))).isEqualTo(before);
        assertThat(texts(db.rows("DESCRIBE SCHEMA"))).isEqualTo(before);
    }

    @Test
    void listings() {
        List<List<String>> keyspaces = texts(db.rows("DESCRIBE KEYSPACES"));
        assertThat(keyspaces).contains(List.of("ks", "keyspace", "ks"));
        assertThat(keyspaces).extracting(r -> r.get(1)).containsOnly("keyspace");
        List<String> names = keyspaces.stream().map(r -> r.get(2)).toList();
        assertThat(names).isSorted().contains("system_schema");

        assertThat(texts(db.rows("DESCRIBE TABLES"))).as("case-insensitive name order")
                .containsExactly(List.of("ks", "table", "kv"), List.of("ks", "table", "\"Mixed\""),
                        List.of("ks", "table", "readings"));
        assertThat(db.rows("DESCRIBE TYPES").rows()).isEmpty();
        assertThat(db.rows("DESCRIBE TABLES").metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("keyspace_name", "type", "name");
        List<List<String>> all = texts((ResultMessage.Rows) EngineFixture.await(db.processor.query(
                new ClientState(), "DESCRIBE TABLES", QueryOptions.defaults(4))));
        assertThat(all).contains(List.of("ks", "table", "kv")).hasSizeGreaterThan(3);
    }

    @Test
    void describeCluster() {
        ResultMessage.Rows rows = (ResultMessage.Rows) EngineFixture.await(db.processor.query(new ClientState(),
                "DESCRIBE CLUSTER", QueryOptions.defaults(4)));

        assertThat(rows.metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("cluster", "partitioner", "snitch");
        assertThat(texts(rows).get(0).subList(1, 3)).containsExactly("Murmur3Partitioner", "DynamicEndpointSnitch");
        assertThat(db.rows("DESCRIBE CLUSTER").metadata().columns()).extracting(ColumnSpec::name)
                .as("a user keyspace in use adds its token ranges")
                .containsExactly("cluster", "partitioner", "snitch", "range_ownership");
    }

    @Test
    void keyspaceElementsAreTypesByDependencyThenTablesByName() {
        db.execute("CREATE TYPE zone (name text)");
        db.execute("CREATE TYPE b_site (name text, zone frozen<zone>)");
        db.execute("CREATE TYPE a_device (site frozen<b_site>, alt map<text, frozen<zone>>)");
        db.execute("CREATE TYPE c_free (x int)");

        assertThat(texts(db.rows("DESCRIBE KEYSPACE ks"))).extracting(r -> r.get(1) + " " + r.get(2))
                .containsExactly("keyspace ks", "type zone", "type b_site", "type a_device", "type c_free",
                        "table kv", "table \"Mixed\"", "table readings");
        assertThat(texts(db.rows("DESCRIBE TYPES"))).extracting(r -> r.get(2))
                .containsExactly("a_device", "b_site", "c_free", "zone");
    }

    @Test
    void multiCellColumnsComeAfterSingleCellOnes() {
        db.execute("CREATE TYPE point (x int)");
        db.execute("CREATE TABLE cells (k int PRIMARY KEY, a_free point, b_frozen frozen<point>, c list<int>,"
                + " d frozen<list<int>>, e int)");

        assertThat(texts(db.rows("DESCRIBE TABLE cells")).get(0).get(3)).startsWith("""
                CREATE TABLE ks.cells (
                    k int PRIMARY KEY,
                    b_frozen frozen<point>,
                    d frozen<list<int>>,
                    e int,
                    a_free point,
                    c list<int>
                ) WITH""");
    }

    @Test
    void genericDescribeFindsKeyspacesAndTablesOnly() {
        db.execute("CREATE TYPE point (x int)");

        assertThat(texts(db.rows("DESCRIBE kv"))).extracting(r -> r.get(1)).containsExactly("table");
        assertThat(texts(db.rows("DESCRIBE ks"))).extracting(r -> r.get(1)).startsWith("keyspace", "type");
        assertThatThrownBy(() -> db.execute("DESCRIBE point")).hasMessage("'point' not found in keyspace 'ks'");
        assertThatThrownBy(() -> db.execute("DESCRIBE INDEX ks.idx"))
                .hasMessage("Table for existing index 'idx' not found in 'ks'");
        assertThatThrownBy(() -> db.execute("DESCRIBE MATERIALIZED VIEW mv"))
                .hasMessage("Materialized view 'mv' not found in 'ks'");
    }

    @Test
    void errorsNameWhatIsMissing() {
        assertThatThrownBy(() -> db.execute("DESCRIBE TABLE nope")).isInstanceOf(CqlException.class)
                .hasMessage("Table 'nope' not found in keyspace 'ks'");
        assertThatThrownBy(() -> db.execute("DESCRIBE KEYSPACE nope")).hasMessage("'nope' not found in keyspaces");
        assertThatThrownBy(() -> db.execute("DESCRIBE TYPE address"))
                .hasMessage("User defined type 'address' not found in 'ks'");
        assertThatThrownBy(() -> db.execute("DESCRIBE nope")).hasMessage("'nope' not found in keyspace 'ks'");
        assertThatThrownBy(() -> db.execute("DESCRIBE TABLE kv WITH INTERNALS"))
                .hasMessage("DESCRIBE ... WITH INTERNALS is not supported yet");
        assertThatThrownBy(() -> db.execute("DESCRIBE TABLE a b"))
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(new ClientState(), "DESCRIBE KEYSPACE",
                QueryOptions.defaults(4)))).hasMessage("No keyspace specified and no current keyspace");
        assertThatThrownBy(() -> db.execute("CREATE TABLE t2 (k int PRIMARY KEY) WITH cdc = true"))
                .hasMessage("Table option 'cdc' other than false is not supported yet");
    }

    private static List<List<String>> texts(ResultMessage.Rows rows) {
        List<List<String>> texts = new ArrayList<>();
        for (byte[][] row : rows.rows()) {
            List<String> values = new ArrayList<>();
            for (byte[] value : row) {
                values.add(value == null ? null : new String(value, StandardCharsets.UTF_8));
            }
            texts.add(values);
        }
        return texts;
    }
}
