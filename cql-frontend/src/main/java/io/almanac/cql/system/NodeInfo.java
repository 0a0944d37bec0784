package io.almanac.cql.system;

import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * What {@code system.local} says about this node. Drivers depend on each field
 * (../shared/reference/cql-protocol-and-storage.md §2.2): a stable {@code hostId}, the {@code clusterName} every
 * channel checks, the data centre name load balancing matches, and tokens that parse as decimal longs.
 *
 * @param clusterName    {@code cluster_name}
 * @param hostId         {@code host_id}; stable across restarts (kept in the data directory)
 * @param dataCenter     {@code data_center}, default {@code datacenter1}
 * @param rack           {@code rack}, default {@code rack1}
 * @param address        {@code listen_address}, {@code broadcast_address} and {@code rpc_address}
 * @param nativePort     the CQL port ({@code rpc_port})
 * @param releaseVersion {@code release_version}: the Cassandra version whose protocol and schema tables we match
 * @param cqlVersion     {@code cql_version}
 * @param nativeProtocolVersion the highest native protocol version served, e.g. "4"
 * @param tokens         this node's tokens
 */
public record NodeInfo(String clusterName, UUID hostId, String dataCenter, String rack, InetAddress address,
                       int nativePort, String releaseVersion, String cqlVersion, String nativeProtocolVersion,
                       List<Long> tokens) {

    public NodeInfo {
        tokens = List.copyOf(tokens);
    }
}
