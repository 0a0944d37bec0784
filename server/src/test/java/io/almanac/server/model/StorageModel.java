package io.almanac.server.model;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Slice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory model of the whole store: per table, per partition, the reconciled winners of every write
 * ({@link ModelPartition}), and the answers reads must give, computed without the engine.
 *
 * <p>Thread safety: confined to the test thread.
 */
final class StorageModel {

    /** Ring order: token, then unsigned key bytes (Cassandra's DecoratedKey order). */
    static final Comparator<DecoratedKey> RING_ORDER = Comparator.comparingLong(DecoratedKey::token)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));

    /** One row of a range read, with its partition. */
    record KeyedRow(DecoratedKey key, Row row) {
    }

    private final Map<String, ModelTable> tables = new HashMap<>();
    private final Map<String, TreeMap<DecoratedKey, ModelPartition>> partitions = new HashMap<>();

    StorageModel(List<ModelTable> modelTables) {
        for (ModelTable table : modelTables) {
            tables.put(table.name(), table);
            partitions.put(table.name(), new TreeMap<>(RING_ORDER));
        }
    }

    void apply(Mutation mutation) {
        ModelTable table = tables.get(mutation.table().name());
        partition(table, mutation.key()).apply(mutation.partitionDeletion(), mutation.rows());
    }

    private ModelPartition partition(ModelTable table, DecoratedKey key) {
        return partitions.get(table.name()).computeIfAbsent(key, k -> new ModelPartition(table));
    }

    /** @return whether a non-fresh write at {@code timestampMicros} may meet purged deletions (see ModelPartition) */
    boolean mayHavePurgedShadowAtOrAfter(ModelTable table, DecoratedKey key, long timestampMicros, long nowSeconds) {
        ModelPartition partition = partitions.get(table.name()).get(key);
        return partition != null && partition.mayHavePurgedShadowAtOrAfter(timestampMicros, nowSeconds,
                nowSeconds - ModelTable.GC_GRACE_SECONDS);
    }

    /** @return timestamps of existing data in the rows at {@code clusterings} (all rows when empty) of a partition */
    List<Long> timestamps(ModelTable table, DecoratedKey key, List<Clustering> clusterings) {
        ModelPartition partition = partitions.get(table.name()).get(key);
        return partition == null ? List.of() : partition.timestamps(clusterings);
    }

    /** @return the earliest second after {@code nowSeconds} at which some expiring cell expires, or Long.MAX_VALUE */
    long nextExpirySeconds(long nowSeconds) {
        long next = Long.MAX_VALUE;
        for (TreeMap<DecoratedKey, ModelPartition> table : partitions.values()) {
            for (ModelPartition partition : table.values()) {
                next = Math.min(next, partition.nextExpirySeconds(nowSeconds));
            }
        }
        return next;
    }

    /** @return the rows a single-partition read returns: live rows in the slice, reversed if asked, then limited */
    List<Row> read(ModelTable table, DecoratedKey key, Slice slice, boolean reversed, int limit, long nowSeconds) {
        ModelPartition partition = partitions.get(table.name()).get(key);
        if (partition == null) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (Row row : partition.liveRows(nowSeconds)) {
            if (contains(table, slice, row.clustering())) {
                rows.add(row);
            }
        }
        if (reversed) {
            Collections.reverse(rows);
        }
        return rows.size() > limit ? List.copyOf(rows.subList(0, limit)) : rows;
    }

    /**
     * @return the rows a range read returns: partitions with tokens in [min, max] in ring order, each limited to
     *         {@code perPartitionLimit} rows of the slice, at most {@code rowLimit} in all
     */
    List<KeyedRow> readRange(ModelTable table, long minTokenInclusive, long maxTokenInclusive, Slice slice,
                             int rowLimit, int perPartitionLimit, long nowSeconds) {
        List<KeyedRow> result = new ArrayList<>();
        for (DecoratedKey key : partitions.get(table.name()).keySet()) {
            if (key.token() < minTokenInclusive || key.token() > maxTokenInclusive) {
                continue;
            }
            for (Row row : read(table, key, slice, false, perPartitionLimit, nowSeconds)) {
                if (result.size() == rowLimit) {
                    return result;
                }
                result.add(new KeyedRow(key, row));
            }
        }
        return result;
    }

    /** @return whether {@code clustering} lies in {@code slice} (see the bounds overload) */
    static boolean contains(ModelTable table, Slice slice, Clustering clustering) {
        return contains(table, slice.start().prefix(), slice.start().inclusive(), slice.end().prefix(),
                slice.end().inclusive(), clustering);
    }

    /**
     * Containment between two clustering-prefix bounds in storage order, written out for the model (read slices
     * today; range deletions use the same bounds): the clustering is neither before the start nor after the end.
     * An empty prefix is unbounded, whatever its inclusive flag.
     */
    static boolean contains(ModelTable table, Clustering startPrefix, boolean startInclusive, Clustering endPrefix,
                            boolean endInclusive, Clustering clustering) {
        int start = comparePrefix(table, clustering, startPrefix);
        int end = comparePrefix(table, clustering, endPrefix);
        boolean afterStart = start > 0 || (start == 0 && (startInclusive || startPrefix.size() == 0));
        boolean beforeEnd = end < 0 || (end == 0 && (endInclusive || endPrefix.size() == 0));
        return afterStart && beforeEnd;
    }

    /** Compares a full clustering with a prefix on the prefix's columns; 0 when it starts with the prefix. */
    private static int comparePrefix(ModelTable table, Clustering clustering, Clustering prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            int c = table.compareComponent(i, clustering.get(i), prefix.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** @return the model's state of one partition, for failure reports */
    String describe(ModelTable table, DecoratedKey key) {
        ModelPartition partition = partitions.get(table.name()).get(key);
        return partition == null ? "never written" : partition.describe();
    }
}
