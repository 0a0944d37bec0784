package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.system.NodeInfo;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.transport.CqlServer;
import io.almanac.cql.transport.CqlServerConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Apache Cassandra Java driver against the query processor over the real transport, system tables and storage
 * engine: the driver's connect and schema queries, DDL with schema events, prepared and batched writes, paged reads.
 */
class DriverEndToEndTest {

    @TempDir
    Path directory;
    private NioEventLoopGroup group;
    private EngineFixture db;
    private CqlServer server;

    @BeforeEach
    void start() {
        SystemTables[] tables = new SystemTables[1];
        db = new EngineFixture(directory, new DelegatingVirtualTables(() -> tables[0]));
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), db.processor);
        server.start();
        NodeInfo node = new NodeInfo("Almanac", UUID.fromString("11111111-2222-4333-8444-555555555555"),
                "datacenter1", "rack1", InetAddress.getLoopbackAddress(), server.boundPort(), "5.0.2", "3.4.7", "5",
                List.of(0L));
        tables[0] = new SystemTables(node, db.engine::schema);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }

    @Test
    void driverCreatesWritesAndPagesThroughTheQueryProcessor() {
        try (CqlSession session = connect()) {
            session.execute("CREATE KEYSPACE iot WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE iot.readings (device text, ts timestamp, value double,"
                    + " PRIMARY KEY (device, ts)) WITH CLUSTERING ORDER BY (ts DESC)");
            TableMetadata table = session.getMetadata().getKeyspace("iot").orElseThrow()
                    .getTable("readings").orElseThrow();
            assertThat(table.getClusteringColumns().values()).containsExactly(ClusteringOrder.DESC);

            PreparedStatement insert = session.prepare("INSERT INTO iot.readings (device, ts, value) VALUES (?, ?, ?)");
            assertThat(insert.getPartitionKeyIndices()).containsExactly(0);
            BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.UNLOGGED);
            for (int i = 0; i < 1_000; i++) {
                batch = batch.add(insert.bind("d1", Instant.ofEpochMilli(i), (double) i));
            }
            session.execute(batch);

            ResultSet rows = session.execute(SimpleStatement.newInstance(
                    "SELECT ts, value FROM iot.readings WHERE device = ?", "d1").setPageSize(100));
            List<Row> all = rows.all();
            assertThat(all).hasSize(1_000);
            assertThat(all.get(0).getDouble("value")).isEqualTo(999.0);
            assertThat(all.get(999).getInstant("ts")).isEqualTo(Instant.EPOCH);

            PreparedStatement select = session.prepare("SELECT value FROM iot.readings WHERE device = :d AND"
                    + " ts > :since LIMIT 3");
            assertThat(session.execute(select.bind().setString("d", "d1").setInstant("since",
                    Instant.ofEpochMilli(500))).all()).extracting(r -> r.getDouble(0))
                    .containsExactly(999.0, 998.0, 997.0);
            assertThat(session.execute("SELECT token(device) FROM iot.readings WHERE device = 'd1' LIMIT 1").one()
                    .getLong(0)).isEqualTo(io.almanac.storage.partition.Murmur3Partitioner.token("d1".getBytes()));

            assertThatThrownBy(() -> session.execute("SELEC 1")).isInstanceOf(SyntaxError.class);
            assertThatThrownBy(() -> session.execute("SELECT * FROM iot.nope WHERE device = 'x'"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("nope");
        }
    }

    private CqlSession connect() {
        return DriverSessions.connect(server.boundPort());
    }

    /** The system tables need the server's port, known only after it started; this defers the lookup. */
    private record DelegatingVirtualTables(java.util.function.Supplier<SystemTables> tables)
            implements io.almanac.cql.system.VirtualTables {
        @Override
        public io.almanac.cql.system.VirtualTable table(String keyspace, String table) {
            return tables.get().table(keyspace, table);
        }

        @Override
        public boolean isVirtualKeyspace(String keyspace) {
            return tables.get().isVirtualKeyspace(keyspace);
        }

        @Override
        public java.util.Collection<io.almanac.cql.system.VirtualTable> all() {
            return tables.get().all();
        }
    }
}
