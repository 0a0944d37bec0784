package io.almanac.ttl;

/**
 * One SSTable the sweeper dropped, for the in-memory report ({@code nodetool}-style listing).
 *
 * @param keyspace                    the keyspace
 * @param table                       the table
 * @param generation                  the SSTable's generation
 * @param sizeBytes                   bytes freed (all components)
 * @param maxTimestampMicros          newest cell timestamp in it, µs since the epoch
 * @param maxLocalDeletionTimeSeconds its last expiry or deletion second
 * @param droppedAtSeconds            when it was dropped, seconds since the epoch (the node's clock)
 * @param reason                      why it could go
 */
public record DropRecord(String keyspace, String table, long generation, long sizeBytes, long maxTimestampMicros,
                         long maxLocalDeletionTimeSeconds, long droppedAtSeconds, String reason) {
}
