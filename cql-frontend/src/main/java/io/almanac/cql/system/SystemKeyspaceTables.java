package io.almanac.cql.system;

import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tables of the {@code system} keyspace that drivers read to discover nodes (Cassandra 4.x/5.0
 * {@code SystemKeyspace}; reference §2.2): {@code local} with this node's single row, and {@code peers} /
 * {@code peers_v2}, empty on a single node (a node never lists itself as its own peer).
 *
 * <p>Thread safety: immutable definitions; rows are computed per call by {@link ComputedTable}.
 */
final class SystemKeyspaceTables {

    static final String KEYSPACE = "system";
    /** {@code system.local.partitioner}: the full class name, which token-aware routing requires. */
    static final String PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";
    /**
     * {@code broadcast_port} and {@code listen_port}: Cassandra's default {@code storage_port}. Almanac has no
     * inter-node port yet; the Java driver unboxes these columns, so they must not be null.
     */
    static final int STORAGE_PORT = 7000;

    static final TableMetadata LOCAL = TableDefinition.table(KEYSPACE, "local")
            .partitionKey("key", "text")
            .regular("bootstrapped", "text")
            .regular("broadcast_address", "inet")
            .regular("broadcast_port", "int")
            .regular("cluster_name", "text")
            .regular("cql_version", "text")
            .regular("data_center", "text")
            .regular("gossip_generation", "int")
            .regular("host_id", "uuid")
            .regular("listen_address", "inet")
            .regular("listen_port", "int")
            .regular("native_protocol_version", "text")
            .regular("partitioner", "text")
            .regular("rack", "text")
            .regular("release_version", "text")
            .regular("rpc_address", "inet")
            .regular("rpc_port", "int")
            .regular("schema_version", "uuid")
            .regular("tokens", "set<text>")
            .regular("truncated_at", "map<uuid, blob>")
            .options("information about the local node", TableDefinition.SYSTEM_GC_GRACE_SECONDS,
                    TableDefinition.SYSTEM_FLUSH_PERIOD_MILLIS)
            .build();

    static final TableMetadata PEERS = TableDefinition.table(KEYSPACE, "peers")
            .partitionKey("peer", "inet")
            .regular("data_center", "text")
            .regular("host_id", "uuid")
            .regular("preferred_ip", "inet")
            .regular("rack", "text")
            .regular("release_version", "text")
            .regular("rpc_address", "inet")
            .regular("schema_version", "uuid")
            .regular("tokens", "set<text>")
            .options("information about known peers in the cluster", TableDefinition.SYSTEM_GC_GRACE_SECONDS,
                    TableDefinition.SYSTEM_FLUSH_PERIOD_MILLIS)
            .build();

    static final TableMetadata PEERS_V2 = TableDefinition.table(KEYSPACE, "peers_v2")
            .partitionKey("peer", "inet")
            .clustering("peer_port", "int")
            .regular("data_center", "text")
            .regular("host_id", "uuid")
            .regular("native_address", "inet")
            .regular("native_port", "int")
            .regular("preferred_ip", "inet")
            .regular("preferred_port", "int")
            .regular("rack", "text")
            .regular("release_version", "text")
            .regular("schema_version", "uuid")
            .regular("tokens", "set<text>")
            .options("information about known peers in the cluster", TableDefinition.SYSTEM_GC_GRACE_SECONDS,
                    TableDefinition.SYSTEM_FLUSH_PERIOD_MILLIS)
            .build();

    static final List<TableMetadata> ALL = List.of(LOCAL, PEERS, PEERS_V2);

    private SystemKeyspaceTables() {
    }

    /** @return the virtual tables of {@code system} for this node */
    static List<VirtualTable> tables(NodeInfo node, Supplier<Schema> schema) {
        return List.of(
                new ComputedTable(LOCAL, schema, current -> List.<byte[][]>of(localRow(node, current))),
                new ComputedTable(PEERS, schema, current -> List.of()),
                new ComputedTable(PEERS_V2, schema, current -> List.of()));
    }

    private static byte[][] localRow(NodeInfo node, Schema schema) {
        Set<String> tokens = new LinkedHashSet<>();
        node.tokens().forEach(token -> tokens.add(Long.toString(token)));
        return new RowBuilder(LOCAL)
                .set("key", "local")
                .set("bootstrapped", "COMPLETED")
                .set("broadcast_address", node.address())
                .set("broadcast_port", STORAGE_PORT)
                .set("cluster_name", node.clusterName())
                .set("cql_version", node.cqlVersion())
                .set("data_center", node.dataCenter())
                .set("host_id", node.hostId())
                .set("listen_address", node.address())
                .set("listen_port", STORAGE_PORT)
                .set("native_protocol_version", node.nativeProtocolVersion())
                .set("partitioner", PARTITIONER)
                .set("rack", node.rack())
                .set("release_version", node.releaseVersion())
                .set("rpc_address", node.address())
                .set("rpc_port", node.nativePort())
                .set("schema_version", schema.version())
                .set("tokens", tokens)
                .build();
    }
}
