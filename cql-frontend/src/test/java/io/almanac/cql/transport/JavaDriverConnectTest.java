package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.almanac.cql.DriverSessions;
import io.almanac.cql.system.DeferredVirtualTables;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.SystemTablesFixtures;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Apache Cassandra Java driver (4.19) connecting to {@link CqlServer} on loopback: protocol negotiation from
 * its DSE probes down to v5, segment framing (plain and LZ4), v4 with LZ4 bodies, and its parse of the virtual
 * tables into node, schema and token metadata. The statements are answered by {@link SystemTableQueryFixture} (a
 * test fixture, not the query processor), so this covers the driver's connect sequence and admin queries only.
 */
class JavaDriverConnectTest {

    private final DeferredVirtualTables tables = new DeferredVirtualTables();
    private final SystemTableQueryFixture fixture = new SystemTableQueryFixture(tables);
    private NioEventLoopGroup group;
    private CqlServer server;

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(2);
        server = new CqlServer(CqlServerConfig.of("127.0.0.1", 0, group, group), fixture);
        server.start();
        tables.set(new SystemTables(SystemTablesFixtures.node(server.boundPort()), SystemTablesFixtures::iotSchema));
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CqlSession connect(Map<DefaultDriverOption, String> options) {
        return DriverSessions.builder(server.boundPort(), options).build();
    }

    @Test
    void negotiatesV5AndReadsNodeSchemaAndTokenMetadata() {
        try (CqlSession session = connect(Map.of())) {
            assertThat(session.getContext().getProtocolVersion()).isEqualTo(DefaultProtocolVersion.V5);
            Metadata metadata = session.getMetadata();
            assertThat(metadata.getClusterName()).contains("Almanac Test Cluster");
            Node node = metadata.getNodes().values().iterator().next();
            assertThat(metadata.getNodes()).hasSize(1);
            assertThat(node.getHostId()).isEqualTo(SystemTablesFixtures.HOST_ID);
            assertThat(node.getDatacenter()).isEqualTo("datacenter1");
            assertThat(node.getCassandraVersion()).hasToString("5.0.2");
            assertThat(node.getSchemaVersion()).isEqualTo(SystemTablesFixtures.SCHEMA_VERSION);
            assertThat(metadata.getTokenMap()).isPresent();
            assertThat(metadata.getTokenMap().get().getTokenRanges()).hasSize(2);

            KeyspaceMetadata iot = metadata.getKeyspace("iot").orElseThrow();
            assertThat(iot.getReplication()).containsEntry("class", "org.apache.cassandra.locator.SimpleStrategy");
            TableMetadata readings = iot.getTable("readings").orElseThrow();
            assertThat(readings.getPartitionKey()).extracting(c -> c.getName().asInternal())
                    .containsExactly("device_id");
            assertThat(readings.getClusteringColumns().values()).containsExactly(ClusteringOrder.DESC);
            assertThat(readings.getColumn("tags").orElseThrow().getType())
                    .isEqualTo(DataTypes.frozenMapOf(DataTypes.TEXT, DataTypes.TEXT));
            assertThat(readings.getColumn("unit").orElseThrow().isStatic()).isTrue();
            assertThat(readings.isCompactStorage()).isFalse();
            assertThat(readings.getOptions().get(com.datastax.oss.driver.api.core.CqlIdentifier
                    .fromInternal("default_time_to_live"))).isEqualTo(86_400);
            assertThat(iot.getTable("counts").orElseThrow().getColumn("hits").orElseThrow().getType())
                    .isEqualTo(DataTypes.COUNTER);
            assertThat(session.checkSchemaAgreement()).isTrue();

            Row row = session.execute("SELECT cluster_name, tokens FROM system.local").one();
            assertThat(row.getString("cluster_name")).isEqualTo("Almanac Test Cluster");
            assertThat(row.getSet("tokens", String.class)).containsExactly("-4611686018427387904", "42");
        }
        assertThat(fixture.queries()).contains("SELECT * FROM system_virtual_schema.tables");
    }

    @Test
    void preparedStatementsRoundTripTheResultMetadataIdUnderV5() {
        try (CqlSession session = connect(Map.of())) {
            PreparedStatement prepared = session.prepare("SELECT release_version, host_id FROM system.local");
            assertThat(prepared.getResultMetadataId()).isNotNull();
            for (int i = 0; i < 3; i++) {
                Row row = session.execute(prepared.bind()).one();
                assertThat(row.getString("release_version")).isEqualTo("5.0.2");
                assertThat(row.getUuid("host_id")).isEqualTo(SystemTablesFixtures.HOST_ID);
            }

            fixture.prepareWithoutLastColumn(); // as if the table gained a column after PREPARE
            PreparedStatement stale = session.prepare("SELECT rack, host_id FROM system.local");
            assertThat(stale.getResultSetDefinitions()).hasSize(1);
            byte[] staleId = bytes(stale.getResultMetadataId());

            Row row = session.execute(stale.bind()).one(); // answered with Metadata_changed and the new id

            assertThat(row.getUuid("host_id")).isEqualTo(SystemTablesFixtures.HOST_ID);
            assertThat(stale.getResultSetDefinitions()).hasSize(2);
            assertThat(bytes(stale.getResultMetadataId())).isNotEqualTo(staleId);
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void v5WithLz4Segments() {
        try (CqlSession session = connect(Map.of(DefaultDriverOption.PROTOCOL_COMPRESSION, "lz4"))) {
            assertThat(session.getContext().getProtocolVersion()).isEqualTo(DefaultProtocolVersion.V5);
            assertThat(session.getMetadata().getKeyspace("iot")).isPresent();
            assertThat(session.execute("SELECT * FROM system_schema.columns").all()).hasSizeGreaterThan(50);
        }
    }

    @Test
    void v4WithSnappyBodies() {
        try (CqlSession session = connect(Map.of(DefaultDriverOption.PROTOCOL_VERSION, "V4",
                DefaultDriverOption.PROTOCOL_COMPRESSION, "snappy"))) {
            assertThat(session.getContext().getProtocolVersion()).isEqualTo(DefaultProtocolVersion.V4);
            assertThat(((com.datastax.oss.driver.internal.core.context.InternalDriverContext) session.getContext())
                    .getCompressor().algorithm()).isEqualTo("snappy");
            assertThat(session.getMetadata().getKeyspace("iot").orElseThrow().getTable("readings")).isPresent();
            assertThat(session.execute("SELECT * FROM system_schema.columns").all()).hasSizeGreaterThan(50);
        }
    }

    @Test
    void v4WithLz4Bodies() {
        try (CqlSession session = connect(Map.of(DefaultDriverOption.PROTOCOL_VERSION, "V4",
                DefaultDriverOption.PROTOCOL_COMPRESSION, "lz4"))) {
            assertThat(session.getContext().getProtocolVersion()).isEqualTo(DefaultProtocolVersion.V4);
            assertThat(session.getMetadata().getKeyspace("iot").orElseThrow().getTable("readings")).isPresent();
            assertThat(session.execute("SELECT partitioner FROM system.local").one().getString(0))
                    .isEqualTo("org.apache.cassandra.dht.Murmur3Partitioner");
        }
    }
}
