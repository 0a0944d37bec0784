package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidConfigurationInQueryException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import io.almanac.cql.DriverSessions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ALTER TABLE and ALTER KEYSPACE through the Java driver: data, schema metadata, prepared statements, errors. */
class AlterDriverTest extends DriverNodeTest {

    @Test
    void addDropAndReAddColumnsKeepOldDataOutOfReAddedColumns() {
        try (CqlSession session = node.connect()) {
            createTable(session);
            session.execute("INSERT INTO ks.t (k, c, v, note) VALUES ('a', 1, 1.5, 'old')");
            session.execute("ALTER TABLE ks.t ADD extra int, tags set<text>");
            session.execute("INSERT INTO ks.t (k, c, v, extra, tags) VALUES ('a', 2, 2.5, 7, {'x'})");
            List<Row> rows = session.execute("SELECT c, extra, tags FROM ks.t WHERE k = 'a'").all();
            assertThat(rows).extracting(r -> r.isNull("extra") ? null : r.getInt("extra")).containsExactly(null, 7);
            TableMetadata table = session.getMetadata().getKeyspace("ks").orElseThrow().getTable("t").orElseThrow();
            assertThat(table.getColumn("extra")).isPresent();

            session.execute("ALTER TABLE ks.t DROP note");
            assertThat(session.execute("SELECT * FROM ks.t WHERE k = 'a'").getColumnDefinitions().contains("note"))
                    .isFalse();
            assertThat(session.execute("SELECT column_name, type FROM system_schema.dropped_columns"
                    + " WHERE keyspace_name = 'ks' AND table_name = 't'").one().getString("column_name"))
                    .isEqualTo("note");
            session.execute("ALTER TABLE ks.t ADD note text");
            assertThat(session.execute("SELECT note FROM ks.t WHERE k = 'a' AND c = 1").one().isNull("note"))
                    .isTrue();
            session.execute("INSERT INTO ks.t (k, c, note) VALUES ('a', 1, 'new')");
            assertThat(session.execute("SELECT note FROM ks.t WHERE k = 'a' AND c = 1").one().getString("note"))
                    .isEqualTo("new");
            session.execute("ALTER TABLE ks.t DROP (extra, tags)");
            session.execute("ALTER TABLE ks.t RENAME c TO ts");
            assertThat(session.execute("SELECT ts, v FROM ks.t WHERE k = 'a'").all()).hasSize(2);
        }
    }

    @Test
    void alterErrorsAreCassandras() {
        try (CqlSession session = node.connect()) {
            createTable(session);
            assertInvalid(session, "ALTER TABLE ks.nope ADD x int", "Table 'ks.nope' doesn't exist");
            assertInvalid(session, "ALTER TABLE ks.t ADD v int", "Column with name 'v' already exists");
            assertInvalid(session, "ALTER TABLE ks.t DROP nope", "Column nope was not found in table 'ks.t'");
            assertInvalid(session, "ALTER TABLE ks.t DROP c", "Cannot drop PRIMARY KEY column c");
            assertInvalid(session, "ALTER TABLE ks.t ALTER v TYPE text",
                    "Altering column types is no longer supported");
            assertInvalid(session, "ALTER TABLE ks.t RENAME v TO w", "Cannot rename non PRIMARY KEY column v");
            assertInvalid(session, "ALTER TABLE ks.t RENAME c TO k", "Cannot rename column c to k in table 'ks.t';"
                    + " another column with that name already exists");
            session.execute("ALTER TABLE ks.t DROP note");
            assertInvalid(session, "ALTER TABLE ks.t ADD note int", "Cannot re-add previously dropped column 'note'"
                    + " of type int, incompatible with previous type text");
            assertThatThrownBy(() -> session.execute("ALTER TABLE ks.t WITH compaction = {'min_threshold': '6'}"))
                    .isInstanceOf(InvalidConfigurationInQueryException.class)
                    .hasMessage("Missing sub-option 'class' for the 'compaction' option.");
            assertThatThrownBy(() -> session.execute("ALTER TABLE ks.t WITH default_time_to_live = -1"))
                    .isInstanceOf(InvalidConfigurationInQueryException.class)
                    .hasMessage("default_time_to_live must be greater than or equal to 0 (got -1)");
            assertThatThrownBy(() -> session.execute("ALTER TABLE ks.t WITH nope = 1"))
                    .isInstanceOf(SyntaxError.class).hasMessage("Unknown property 'nope'");
            assertInvalid(session, "ALTER KEYSPACE nope WITH durable_writes = false", "Keyspace 'nope' doesn't exist");
            assertThat(session.execute("ALTER TABLE IF EXISTS ks.nope ADD x int").wasApplied()).isTrue();
            assertThat(session.execute("ALTER TABLE ks.t ADD IF NOT EXISTS v int").wasApplied()).isTrue();
        }
    }

    @Test
    void optionsAndKeyspaceAreAlteredAndShownInSystemSchema() {
        try (CqlSession session = node.connect()) {
            createTable(session);
            session.execute("ALTER TABLE ks.t WITH default_time_to_live = 3600 AND comment = 'readings'"
                    + " AND compaction = {'class': 'SizeTieredCompactionStrategy', 'min_threshold': '6'}");
            Row options = session.execute("SELECT default_time_to_live, comment, compaction, gc_grace_seconds"
                    + " FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'").one();
            assertThat(options.getInt("default_time_to_live")).isEqualTo(3600);
            assertThat(options.getString("comment")).isEqualTo("readings");
            assertThat(options.getMap("compaction", String.class, String.class)).containsEntry("min_threshold", "6");
            assertThat(options.getInt("gc_grace_seconds")).as("options not named keep their value").isEqualTo(864000);
            session.execute("ALTER KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy',"
                    + " 'datacenter1': 1} AND durable_writes = false");
            Row keyspace = session.execute("SELECT replication, durable_writes FROM system_schema.keyspaces"
                    + " WHERE keyspace_name = 'ks'").one();
            assertThat(keyspace.getBoolean("durable_writes")).isFalse();
            assertThat(keyspace.getMap("replication", String.class, String.class))
                    .containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy");
            assertThat(session.execute("SELECT * FROM ks.t").all()).isEmpty();
        }
    }

    /**
     * An ALTER evicts the prepared statements on the table, so the driver re-prepares them. Under v5 the stale result
     * metadata id of EXECUTE gets Metadata_changed with the new columns; under v4 the driver keeps decoding with the
     * columns it prepared and may misread the values (the same as against Cassandra, CASSANDRA-10786).
     */
    @Test
    void preparedStatementsFollowTheAlteredTableOnV4AndV5() {
        for (DefaultProtocolVersion version : List.of(DefaultProtocolVersion.V4, DefaultProtocolVersion.V5)) {
            try (CqlSession session = DriverSessions.builder(node.server.boundPort(),
                    Map.of(DefaultDriverOption.PROTOCOL_VERSION, version.name())).build()) {
                session.execute("DROP KEYSPACE IF EXISTS ks");
                createTable(session);
                session.execute("INSERT INTO ks.t (k, c, v) VALUES ('a', 1, 1.5)");
                PreparedStatement select = session.prepare("SELECT * FROM ks.t WHERE k = ?");
                PreparedStatement insert = session.prepare("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)");
                assertThat(session.execute(select.bind("a")).getColumnDefinitions().size()).isEqualTo(4);
                session.execute("ALTER TABLE ks.t ADD extra int");
                session.execute(insert.bind("a", 2, 2.5));
                List<Row> rows = session.execute(select.bind("a")).all();
                assertThat(rows).hasSize(2);
                if (version == DefaultProtocolVersion.V5) {
                    assertThat(rows.get(0).getColumnDefinitions().contains("extra")).isTrue();
                    assertThat(rows).extracting(r -> r.getDouble("v")).containsExactly(1.5, 2.5);
                }
            }
        }
    }

    private static void createTable(CqlSession session) {
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE ks.t (k text, c int, v double, note text, PRIMARY KEY (k, c))");
    }

    private static void assertInvalid(CqlSession session, String query, String message) {
        assertThatThrownBy(() -> session.execute(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }
}
