package io.almanac.storage.engine;

import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.memtable.MemtablePartition;
import io.almanac.storage.memtable.TableMemtable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Groups a flushing memtable's data by split key ({@link OutputSplitter}) so the flush writes one SSTable per key,
 * one after the other (one writer open at a time, however many windows late data spans):
 *
 * <pre>
 *   partition p: deletion d, range tombstone t, rows r1 r2 r3
 *                 splitKeyOf(r.maxTimestamp), splitKeyOf(d.markedForDeleteAt), splitKeyOf(t.markedForDeleteAt)
 *     key A -&gt; Part(p, null, [],  [r1, r3])
 *     key B -&gt; Part(p, d,    [t], [r2])            a key with only deletions gets Part(p, d, [t], [])
 * </pre>
 *
 * Each key's parts are in ring order and each part's rows in clustering order, as the SSTable writer needs them.
 * Without a splitter every partition is one part of key 0, its rows not copied.
 *
 * <p>Allocation: with a splitter, one part and one row list per partition and key.
 *
 * <p>Thread safety: stateless; the memtable must no longer be written (it is switched out).
 */
final class MemtableSplit {

    /** The part of one partition that goes to one split key's SSTable. */
    record Part(DecoratedKey key, DeletionTime deletion, List<RangeTombstone> rangeTombstones, Collection<Row> rows) {
    }

    private MemtableSplit() {
    }

    /**
     * @param splitter the table's splitter, or null for a single SSTable
     * @return the parts of each split key, keys ascending; empty for an empty memtable
     */
    static NavigableMap<Long, List<Part>> byKey(TableMemtable table, OutputSplitter splitter) {
        NavigableMap<Long, List<Part>> byKey = new TreeMap<>();
        for (Map.Entry<DecoratedKey, MemtablePartition> entry : table.partitions().entrySet()) {
            MemtablePartition partition = entry.getValue();
            if (splitter == null) {
                byKey.computeIfAbsent(0L, key -> new ArrayList<>())
                        .add(new Part(entry.getKey(), partition.deletion(), partition.rangeTombstones(),
                                partition.rows().values()));
            } else {
                split(entry.getKey(), partition, splitter, byKey);
            }
        }
        return byKey;
    }

    private static void split(DecoratedKey key, MemtablePartition partition, OutputSplitter splitter,
                              NavigableMap<Long, List<Part>> byKey) {
        Map<Long, List<Row>> rowsByKey = new TreeMap<>();
        for (Row row : partition.rows().values()) {
            rowsByKey.computeIfAbsent(splitter.splitKeyOf(row.maxTimestampMicros()), k -> new ArrayList<>()).add(row);
        }
        DeletionTime deletion = partition.deletion();
        Long deletionKey = deletion == null ? null : splitter.splitKeyOf(deletion.markedForDeleteAtMicros());
        if (deletionKey != null) {
            rowsByKey.putIfAbsent(deletionKey, List.of());
        }
        Map<Long, List<RangeTombstone>> tombstonesByKey = new TreeMap<>();
        for (RangeTombstone tombstone : partition.rangeTombstones()) {
            long splitKey = splitter.splitKeyOf(tombstone.deletion().markedForDeleteAtMicros());
            tombstonesByKey.computeIfAbsent(splitKey, k -> new ArrayList<>()).add(tombstone);
            rowsByKey.putIfAbsent(splitKey, List.of());
        }
        for (Map.Entry<Long, List<Row>> entry : rowsByKey.entrySet()) {
            DeletionTime here = entry.getKey().equals(deletionKey) ? deletion : null;
            byKey.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(new Part(key, here,
                    tombstonesByKey.getOrDefault(entry.getKey(), List.of()), entry.getValue()));
        }
    }
}
