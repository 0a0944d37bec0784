package io.almanac.storage.read;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.schema.TableMetadata;
import java.util.Objects;

/**
 * A read across partitions (a full or token-range scan): the live rows of every partition whose token lies in
 * {@code [minTokenInclusive, maxTokenInclusive]}, in ring order (token, then key bytes) and clustering order inside
 * a partition, restricted to one clustering slice, at most {@code rowLimit} rows in all and at most
 * {@code perPartitionLimit} per partition, as seen at {@code nowSeconds}.
 *
 * <p>For a table with static columns each partition's rows start with its live static row
 * ({@link io.almanac.storage.data.Clustering#STATIC}), whatever the slice; a partition with nothing else live is
 * returned with its static row alone and counts as one row (as in Cassandra), except when resumed after its last row.
 *
 * <p>Paging: to continue after the last row returned, read again with {@code afterKey} = its partition and
 * {@code afterClustering} = its clustering (exclusive); with {@code afterClustering} null the read resumes with
 * the partition after {@code afterKey}.
 *
 * @param table             the table
 * @param minTokenInclusive the smallest token to read ({@link Long#MIN_VALUE} for the whole ring)
 * @param maxTokenInclusive the largest token to read ({@link Long#MAX_VALUE} for the whole ring); a range with
 *                          {@code min > max} is empty
 * @param afterKey          the position to resume after, or null to start at {@code minTokenInclusive}
 * @param afterClustering   with {@code afterKey}: the clustering to resume strictly after inside that partition,
 *                          or null to skip that partition entirely
 * @param slice             the clustering range read in every partition, in storage order
 * @param rowLimit          the maximum number of rows to return; must be positive
 * @param perPartitionLimit the maximum number of rows per partition (counted from the resume position in the
 *                          first partition); must be positive
 * @param nowSeconds        "now" for TTL expiry, seconds since the epoch
 */
public record RangeReadCommand(TableMetadata table, long minTokenInclusive, long maxTokenInclusive,
                               DecoratedKey afterKey, Clustering afterClustering, Slice slice, int rowLimit,
                               int perPartitionLimit, long nowSeconds) {

    public RangeReadCommand {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(slice, "slice");
        if (rowLimit <= 0) {
            throw new IllegalArgumentException("rowLimit must be positive: " + rowLimit);
        }
        if (perPartitionLimit <= 0) {
            throw new IllegalArgumentException("perPartitionLimit must be positive: " + perPartitionLimit);
        }
        if (afterKey == null && afterClustering != null) {
            throw new IllegalArgumentException("afterClustering needs afterKey");
        }
    }

    /** @return a scan of the whole ring from the start, every row of every partition, up to {@code rowLimit} */
    public static RangeReadCommand all(TableMetadata table, int rowLimit, long nowSeconds) {
        return new RangeReadCommand(table, Long.MIN_VALUE, Long.MAX_VALUE, null, null, Slice.ALL, rowLimit,
                Integer.MAX_VALUE, nowSeconds);
    }

    /** @return this command resuming strictly after {@code key} / {@code clustering} (null: after the partition) */
    public RangeReadCommand after(DecoratedKey key, Clustering clustering) {
        return new RangeReadCommand(table, minTokenInclusive, maxTokenInclusive, key, clustering, slice, rowLimit,
                perPartitionLimit, nowSeconds);
    }
}
