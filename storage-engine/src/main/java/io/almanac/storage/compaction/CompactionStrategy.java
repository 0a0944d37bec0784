package io.almanac.storage.compaction;

import java.util.List;
import java.util.Optional;

/**
 * Decides what to compact in one table. The engine owns the SSTable set and calls the strategy with a snapshot of
 * the live SSTables that no compaction is using; the strategy only chooses, the engine merges and swaps.
 *
 * <p>Thread safety: {@link #nextBackgroundTask} is called from the engine's compaction thread only;
 * {@link #outputSplitter()} may be called from any thread and must return a pure function.
 */
public interface CompactionStrategy {

    /**
     * @param liveSSTables the table's live SSTables not being compacted (any order)
     * @param nowSeconds   now, seconds since the epoch (from the node's clock, never the wall clock directly)
     * @return the next compaction to run, or empty when there is nothing worth doing
     */
    Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> liveSSTables, long nowSeconds);

    /**
     * How flushes and compactions of this table split their output by time (one SSTable per split key), or empty to
     * write one SSTable per flush or compaction. The engine may call this from the flush thread and keep the result.
     *
     * @return the splitter, a pure function; empty by default (size-tiered)
     */
    default Optional<OutputSplitter> outputSplitter() {
        return Optional.empty();
    }
}
