package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One node's line of {@code nodetool status}.
 *
 * @param dataCenter the node's data centre
 * @param rack       the node's rack
 * @param address    the listen address
 * @param state      Cassandra's two letters: U(p) and N(ormal)
 * @param loadBytes  bytes of live SSTables over all tables
 * @param tokens     how many tokens the node owns
 * @param hostId     the node's host id
 */
public record NodeStatus(@JsonProperty("data_center") String dataCenter, @JsonProperty("rack") String rack,
                         @JsonProperty("address") String address, @JsonProperty("state") String state,
                         @JsonProperty("load_bytes") long loadBytes, @JsonProperty("tokens") int tokens,
                         @JsonProperty("host_id") String hostId) {
}
