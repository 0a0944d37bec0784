package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.AlreadyExistsException;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdlExecutionTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = new EngineFixture(directory);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createKeyspaceAnswersSchemaChangeAndNotifiesListeners() {
        ResultMessage result = db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 1} AND durable_writes = false");

        ResultMessage.SchemaChange expected = new ResultMessage.SchemaChange("CREATED", "KEYSPACE", "ks", "");
        assertThat(result).isEqualTo(expected);
        assertThat(db.events).containsExactly(expected);
        KeyspaceMetadata keyspace = db.engine.schema().keyspace("ks");
        assertThat(keyspace.replication()).containsEntry("class", "org.apache.cassandra.locator.SimpleStrategy")
                .containsEntry("replication_factor", "1");
        assertThat(keyspace.durableWrites()).isFalse();
    }

    @Test
    void ifNotExistsOnAnExistingKeyspaceIsVoidAndSilent() {
        createKeyspace();
        db.events.clear();

        ResultMessage result = db.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication ="
                + " {'class': 'SimpleStrategy', 'replication_factor': 3}");

        assertThat(result).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThat(db.events).isEmpty();
        assertThatThrownBy(this::createKeyspace).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void networkTopologyStrategyTakesDataCentreFactors() {
        db.execute("CREATE KEYSPACE nts WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3,"
                + " 'dc2': '2'}");

        assertThat(db.engine.schema().keyspace("nts").replication()).containsEntry("dc1", "3")
                .containsEntry("dc2", "2")
                .containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy");
    }

    @Test
    void replicationErrorsAreCassandras() {
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy'}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("SimpleStrategy requires a replication_factor strategy option.");
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH durable_writes = true"))
                .isInstanceOf(CqlException.class).hasMessage("Missing mandatory option 'replication'");
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH replication = {'class': 'Foo'}"))
                .hasMessage("Unable to find replication strategy class 'org.apache.cassandra.locator.Foo'");
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 'x'}")).hasMessage("Replication factor must be numeric; found x");
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 1, 'dc1': 2}"))
                .hasMessage("Unrecognized strategy option {dc1} passed to SimpleStrategy for keyspace k");
        assertThatThrownBy(() -> db.execute("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 1} AND foo = 1"))
                .isInstanceOf(CqlException.class).hasMessage("Unknown property 'foo'")
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.SYNTAX_ERROR));
    }

    @Test
    void alterStatementsAnswerUpdatedAndNotifyListenersUnlessNothingChanged() {
        createKeyspace();
        db.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        db.events.clear();

        ResultMessage added = db.execute("ALTER TABLE ks.t ADD w text");
        ResultMessage unchanged = db.execute("ALTER TABLE ks.t ADD IF NOT EXISTS w text");
        ResultMessage keyspace = db.execute("ALTER KEYSPACE ks WITH durable_writes = false");
        ResultMessage sameKeyspace = db.execute("ALTER KEYSPACE ks WITH durable_writes = false");

        ResultMessage.SchemaChange table = new ResultMessage.SchemaChange("UPDATED", "TABLE", "ks", "t");
        ResultMessage.SchemaChange keyspaceChange = new ResultMessage.SchemaChange("UPDATED", "KEYSPACE", "ks", "");
        assertThat(added).isEqualTo(table);
        assertThat(unchanged).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThat(keyspace).isEqualTo(keyspaceChange);
        assertThat(sameKeyspace).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThat(db.events).containsExactly(table, keyspaceChange);
        assertThat(db.engine.schema().table("ks", "t").column("w").type()).isEqualTo(NativeType.TEXT);
        assertThatThrownBy(() -> db.execute("ALTER TABLE system.local ADD x int")).isInstanceOf(CqlException.class)
                .hasMessage("system keyspace is not user-modifiable.")
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.UNAUTHORIZED));
    }

    @Test
    void createTableBuildsMetadataWithClusteringOrderAndOptions() {
        createKeyspace();
        db.events.clear();

        ResultMessage result = db.execute("CREATE TABLE ks.readings (sensor text, day date, ts timestamp,"
                + " value double, tags frozen<set<text>>, PRIMARY KEY ((sensor, day), ts))"
                + " WITH CLUSTERING ORDER BY (ts DESC) AND default_time_to_live = 3600 AND gc_grace_seconds = 60"
                + " AND comment = 'raw readings' AND compaction = {'class': 'TimeWindowCompactionStrategy',"
                + " 'compaction_window_unit': 'HOURS', 'compaction_window_size': 1}");

        ResultMessage.SchemaChange expected = new ResultMessage.SchemaChange("CREATED", "TABLE", "ks", "readings");
        assertThat(result).isEqualTo(expected);
        assertThat(db.events).containsExactly(expected);
        TableMetadata table = db.engine.schema().table("ks", "readings");
        assertThat(table.partitionKeyColumns()).extracting(c -> c.name()).containsExactly("sensor", "day");
        assertThat(table.clusteringColumns()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("ts");
            assertThat(c.order()).isEqualTo(ClusteringOrder.DESC);
            assertThat(c.type()).isEqualTo(NativeType.TIMESTAMP);
        });
        assertThat(table.params().defaultTimeToLiveSeconds()).isEqualTo(3600);
        assertThat(table.params().gcGraceSeconds()).isEqualTo(60);
        assertThat(table.params().comment()).isEqualTo("raw readings");
        assertThat(table.params().compaction())
                .containsEntry("class", "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy")
                .containsEntry("compaction_window_size", "1");
    }

    @Test
    void useSetsTheSessionKeyspace() {
        createKeyspace();

        ResultMessage result = db.execute("USE ks");

        assertThat(result).isEqualTo(new ResultMessage.SetKeyspace("ks"));
        assertThat(db.state.keyspace()).isEqualTo("ks");
        db.execute("CREATE TABLE t (k int PRIMARY KEY, v text)");
        assertThat(db.engine.schema().table("ks", "t")).isNotNull();
        assertThatThrownBy(() -> db.execute("USE nope")).isInstanceOf(CqlException.class)
                .hasMessage("Keyspace 'nope' does not exist")
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.INVALID));
    }

    @Test
    void dropTableAndKeyspaceAnswerDropped() {
        createKeyspace();
        db.execute("CREATE TABLE ks.t (k int PRIMARY KEY)");
        db.events.clear();

        assertThat(db.execute("DROP TABLE ks.t"))
                .isEqualTo(new ResultMessage.SchemaChange("DROPPED", "TABLE", "ks", "t"));
        assertThat(db.execute("DROP TABLE IF EXISTS ks.t")).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThatThrownBy(() -> db.execute("DROP TABLE ks.t")).hasMessage("Table 'ks.t' doesn't exist");
        assertThat(db.execute("DROP KEYSPACE ks"))
                .isEqualTo(new ResultMessage.SchemaChange("DROPPED", "KEYSPACE", "ks", ""));
        assertThat(db.execute("DROP KEYSPACE IF EXISTS ks")).isEqualTo(ResultMessage.Void.INSTANCE);
        assertThatThrownBy(() -> db.execute("DROP KEYSPACE ks")).hasMessage("Keyspace 'ks' doesn't exist");
        assertThat(db.events).hasSize(2);
    }

    @Test
    void tableDefinitionErrors() {
        createKeyspace();
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int, v int)"))
                .hasMessage("No PRIMARY KEY specifed for table 't' (exactly one required)");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int, PRIMARY KEY (v))"))
                .hasMessage("Multiple PRIMARY KEYs specified (exactly one required)");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int, PRIMARY KEY (x))"))
                .hasMessage("Unknown definition x referenced in PRIMARY KEY");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k list<int> PRIMARY KEY)"))
                .hasMessage("Invalid non-frozen collection type list<int> for PRIMARY KEY component k");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int, c int, PRIMARY KEY (k, c))"
                + " WITH CLUSTERING ORDER BY (k DESC)"))
                .hasMessage("Only clustering key columns can be defined in CLUSTERING ORDER directive");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int PRIMARY KEY) WITH foo = 1"))
                .isInstanceOf(ConfigurationException.class).hasMessage("Unknown property 'foo'");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int PRIMARY KEY) WITH default_time_to_live = -1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("default_time_to_live must be greater than or equal to 0 (got -1)");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int PRIMARY KEY) WITH compaction = {'a': 'b'}"))
                .hasMessage("Missing sub-option 'class' for the 'compaction' option.");
        assertThatThrownBy(() -> db.execute("CREATE TABLE nope.t (k int PRIMARY KEY)"))
                .hasMessage("Keyspace 'nope' doesn't exist");
        assertThatThrownBy(() -> db.execute("CREATE TABLE ks.t (k int PRIMARY KEY, c counter, v int)"))
                .hasMessage("Cannot mix counter and non counter columns in the same table");
        assertThat(db.engine.schema().keyspace("ks").tables()).isEmpty();
    }

    @Test
    void systemKeyspacesAreNotUserModifiable() {
        for (String query : new String[] {"CREATE TABLE system.t (k int PRIMARY KEY)", "DROP KEYSPACE system",
                "DROP TABLE system_schema.columns", "INSERT INTO system.local (key) VALUES ('x')",
                "CREATE KEYSPACE system_schema WITH replication = {'class': 'SimpleStrategy',"
                        + " 'replication_factor': 1}"}) {
            assertThatThrownBy(() -> db.execute(query)).isInstanceOf(CqlException.class)
                    .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.UNAUTHORIZED))
                    .hasMessageEndingWith(" keyspace is not user-modifiable.");
        }
    }

    private void createKeyspace() {
        db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }
}
