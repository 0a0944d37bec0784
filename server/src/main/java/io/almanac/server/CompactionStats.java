package io.almanac.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code nodetool compactionstats} reports (after Cassandra's: pending tasks, one line per running compaction,
 * the remaining time at the configured {@code compaction_throughput}), plus the node's compaction counters.
 *
 * @param pendingTasks               major compactions requested and not yet started
 * @param compactions                the compactions running now
 * @param remainingTime              the time the running compactions still need at {@code compaction_throughput},
 *                                   as {@code 0h00m05s}; {@code n/a} when compaction is unthrottled
 * @param completedCompactions       compactions completed since the node started
 * @param compactionBytesWritten     bytes of SSTables compactions wrote since the node started
 */
public record CompactionStats(@JsonProperty("pending_tasks") int pendingTasks,
                              @JsonProperty("compactions") List<Active> compactions,
                              @JsonProperty("active_compaction_remaining_time") String remainingTime,
                              @JsonProperty("completed_compactions") long completedCompactions,
                              @JsonProperty("compaction_bytes_written") long compactionBytesWritten) {

    /**
     * One running compaction, the columns of Cassandra's table.
     *
     * @param id             identifies it while it runs
     * @param compactionType "Compaction" (background) or "Major compaction" ({@code nodetool compact})
     * @param keyspace       the keyspace
     * @param table          the table
     * @param completed      input bytes merged so far
     * @param total          input bytes in all
     * @param unit           always "bytes"
     * @param progress       {@code completed / total} as a percentage, e.g. {@code 42.17%}
     * @param description    why it runs (the strategy's reason, or the window of a major compaction)
     */
    public record Active(@JsonProperty("id") String id, @JsonProperty("compaction_type") String compactionType,
                         @JsonProperty("keyspace") String keyspace, @JsonProperty("table") String table,
                         @JsonProperty("completed") long completed, @JsonProperty("total") long total,
                         @JsonProperty("unit") String unit, @JsonProperty("progress") String progress,
                         @JsonProperty("description") String description) {
    }
}
