package io.almanac.storage.compaction;

import java.util.List;

/**
 * A compaction a strategy asks for: merge {@code inputs} into new SSTables (dropping shadowed data) and swap them in.
 *
 * @param inputs      the SSTables to merge; at least one
 * @param description why, for logs and {@code nodetool compactionstats} (e.g. "TWCS window 2026-11-20T00:00Z")
 */
public record CompactionTask(List<SSTableInfo> inputs, String description) {

    public CompactionTask {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a compaction needs at least one input");
        }
    }
}
