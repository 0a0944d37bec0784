package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One SSTable that {@code nodetool getsstables} or {@code nodetool compact} names.
 *
 * @param keyspace           the keyspace
 * @param table              the table
 * @param generation         the SSTable's generation in its table directory
 * @param dataFile           the absolute path of its Data.db (what Cassandra's getsstables prints)
 * @param sizeBytes          bytes of all its components
 * @param minTimestampMicros smallest write timestamp in it, microseconds since the epoch
 * @param maxTimestampMicros largest write timestamp in it, microseconds since the epoch
 */
public record SSTableLocation(@JsonProperty("keyspace") String keyspace, @JsonProperty("table") String table,
                              @JsonProperty("generation") long generation,
                              @JsonProperty("data_file") String dataFile,
                              @JsonProperty("size_bytes") long sizeBytes,
                              @JsonProperty("min_timestamp_micros") long minTimestampMicros,
                              @JsonProperty("max_timestamp_micros") long maxTimestampMicros) {
}
