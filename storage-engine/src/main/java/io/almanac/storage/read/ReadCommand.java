package io.almanac.storage.read;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.schema.TableMetadata;
import java.util.Objects;

/**
 * A single-partition read: the rows of one partition inside a clustering slice, in storage order or reversed, at
 * most {@code limit} of them, as seen at {@code nowSeconds}.
 *
 * <p>For a table with static columns the result starts with the partition's live static row
 * ({@link io.almanac.storage.data.Clustering#STATIC}) whatever the slice, order and limit; it does not count towards
 * the limit.
 *
 * <p>Paging is done by the caller: to continue after a row, read again with the slice narrowed to start (or, when
 * reversed, end) exclusively at that row's clustering.
 *
 * @param table      the table
 * @param key        the partition
 * @param slice      the clustering range, in storage order
 * @param reversed   return rows from the end of the slice backwards (ORDER BY opposite to the clustering order)
 * @param limit      the maximum number of live rows to return; must be positive
 * @param nowSeconds "now" for TTL expiry, seconds since the epoch
 */
public record ReadCommand(TableMetadata table, DecoratedKey key, Slice slice, boolean reversed, int limit,
                          long nowSeconds) {

    public ReadCommand {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(slice, "slice");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
