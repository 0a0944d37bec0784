package io.almanac.storage.compaction;

/**
 * How a strategy wants the SSTables a flush or compaction writes to be split by time: a pure function from the
 * max timestamp of a row (or the timestamp of a partition deletion) to a split key. The engine writes one SSTable
 * per split key, so data of different keys (e.g. TWCS compaction windows) never shares an SSTable: a late write
 * lands in the SSTable of its own window and cannot hold back the expiry of newer data (reference §4.5, §4.6).
 *
 * <pre>
 *   row.maxTimestamp --splitKeyOf--&gt; key      one SSTable per distinct key, written in ascending key order
 *   partition deletion.markedForDeleteAt --splitKeyOf--&gt; key   (rows of that partition may go elsewhere)
 * </pre>
 *
 * <p>Thread safety: must be a pure, stateless function; the engine calls it from the flush and compaction threads at
 * the same time.
 */
@FunctionalInterface
public interface OutputSplitter {

    /**
     * @param maxTimestampMicros the largest timestamp of a row (marker, cells, row deletion) or a partition
     *                           deletion's timestamp, as stored: microseconds since the epoch unless the table's
     *                           strategy declares another {@code timestamp_resolution}; any long value
     * @return the split key (for TWCS the window's lower bound, milliseconds since the epoch); equal keys share an
     *         SSTable
     */
    long splitKeyOf(long maxTimestampMicros);
}
