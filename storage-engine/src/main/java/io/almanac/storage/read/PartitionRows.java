package io.almanac.storage.read;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import java.util.List;
import java.util.Objects;

/**
 * One partition of a range read: its key and the live rows read from it, in clustering order.
 *
 * @param key  the partition
 * @param rows the live rows read (at least one)
 */
public record PartitionRows(DecoratedKey key, List<Row> rows) {

    public PartitionRows {
        Objects.requireNonNull(key, "key");
        rows = List.copyOf(rows);
    }
}
