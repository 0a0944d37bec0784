package io.almanac.storage.compaction;

import java.util.UUID;

/**
 * A snapshot of one running compaction, for {@code nodetool compactionstats} (after Cassandra's
 * {@code CompactionInfo}: id, operation type, keyspace, table, completed, total, unit bytes).
 *
 * <p>Progress is counted in bytes of the inputs' Data.db files: {@code totalBytes} is their summed length,
 * {@code completedBytes} the part of it behind the partitions merged so far (each input's length times the fraction
 * of its partitions consumed), so it rises from 0 to {@code totalBytes}.
 *
 * @param id             identifies the compaction while it runs
 * @param keyspace       the table's keyspace
 * @param table          the table
 * @param kind           what started it
 * @param description    why, from the strategy's task or the major compaction request
 * @param completedBytes input bytes merged so far, bytes
 * @param totalBytes     input bytes in all, bytes
 */
public record CompactionProgress(UUID id, String keyspace, String table, Kind kind, String description,
                                 long completedBytes, long totalBytes) {

    /** What started a compaction, named as Cassandra's {@code OperationType} shows it. */
    public enum Kind {
        /** A background compaction the table's strategy asked for. */
        COMPACTION("Compaction"),
        /** A major compaction an operator asked for ({@code nodetool compact}). */
        MAJOR_COMPACTION("Major compaction");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        /** @return the name {@code nodetool compactionstats} shows, e.g. "Major compaction" */
        public String displayName() {
            return displayName;
        }
    }
}
