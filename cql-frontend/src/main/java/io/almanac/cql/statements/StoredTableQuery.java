package io.almanac.cql.statements;

import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One execution of a SELECT on a stored table: single-partition reads ({@link ReadCommand}) over the query's
 * partitions and clustering slices, in order, cut into pages.
 *
 * <p>Paging: each read asks for one row more than the page still needs, so a page that ends exactly at the last
 * row carries no paging state. The next page resumes in the same partition and slice with the slice narrowed to
 * start (or, reversed, end) exclusively at the last row's clustering.
 *
 * <p>With ALLOW FILTERING on regular columns, rows are filtered after reading; paging counts matching rows only.
 *
 * <p>Runs on the read executor (reads touch disk). Thread safety: confined to one thread.
 */
final class StoredTableQuery {

    private final StorageEngine engine;
    private final TableMetadata table;
    private final Selection selection;
    private final List<Restrictions.PartitionKey> partitions;
    private final List<Slice> slices;
    private final boolean reversed;
    private final long nowSeconds;
    private final RowFilter.Bound filter;
    private final boolean distinct;
    private int perPartitionLimit = Integer.MAX_VALUE;

    /**
     * @param slices     the clustering slices in storage order
     * @param reversed   ORDER BY opposite to the clustering order
     * @param nowSeconds "now" for TTL expiry
     * @param filter     the bound filter on regular columns (ALLOW FILTERING), or null
     * @param distinct   SELECT DISTINCT: at most one row per partition, pages resume at the next partition
     */
    StoredTableQuery(StorageEngine engine, TableMetadata table, Selection selection,
                     List<Restrictions.PartitionKey> partitions, List<Slice> slices, boolean reversed,
                     long nowSeconds, RowFilter.Bound filter, boolean distinct) {
        this.engine = engine;
        this.table = table;
        this.selection = selection;
        this.partitions = partitions;
        List<Slice> readOrder = new ArrayList<>(slices);
        if (reversed) {
            Collections.reverse(readOrder);
        }
        this.slices = readOrder;
        this.reversed = reversed;
        this.nowSeconds = nowSeconds;
        this.filter = filter;
        this.distinct = distinct;
    }

    /**
     * @param rows PER PARTITION LIMIT: at most this many rows of each partition, or {@link Integer#MAX_VALUE}
     * @return this query
     */
    StoredTableQuery perPartitionLimit(int rows) {
        this.perPartitionLimit = rows;
        return this;
    }

    /**
     * @param limit    LIMIT, or {@link Integer#MAX_VALUE}
     * @param pageSize rows per page, or {@link Integer#MAX_VALUE} without paging
     * @param resume   where the previous page stopped, or null for the first page
     * @return the page, with a paging state when more rows may follow
     */
    ResultMessage.Rows readPage(int limit, int pageSize, PagingState resume) {
        int remaining = resume == null ? limit : resume.remaining();
        int budget = Math.min(pageSize, remaining);
        List<byte[][]> rows = new ArrayList<>();
        int partition = resume == null ? 0 : resume.partition();
        int slice = resume == null ? 0 : resume.slice();
        Clustering after = resume == null ? null : resume.lastClustering();
        int partitionRows = resume == null ? 0 : resume.partitionRows();
        for (; partition < partitions.size(); partition++, slice = 0, after = null, partitionRows = 0) {
            Restrictions.PartitionKey key = partitions.get(partition);
            for (; slice < slices.size() && partitionRows < perPartitionLimit; slice++, after = null) {
                int wanted = Math.min(budget - rows.size(), perPartitionLimit - partitionRows);
                int readLimit = distinct ? 1 : wanted == Integer.MAX_VALUE ? wanted : wanted + 1;
                List<Row> read = read(key, narrow(slices.get(slice), after), readLimit,
                        after == null && slices.size() == 1 && isAll(slices.get(slice)));
                int taken = Math.min(read.size(), wanted);
                for (int i = 0; i < taken; i++) {
                    rows.add(selection.storedRow(key.components(), key.key().token(), read.get(i), nowSeconds));
                }
                partitionRows += taken;
                if (rows.size() == budget) {
                    boolean partitionDone = partitionRows >= perPartitionLimit;
                    boolean more = !partitionDone && (read.size() > taken || slice + 1 < slices.size())
                            || partition + 1 < partitions.size();
                    PagingState next = more && remaining - budget > 0 && pageSize != Integer.MAX_VALUE
                            ? nextState(partition, slice, read.get(taken - 1), remaining - budget, partitionRows,
                                    partitionDone) : null;
                    return rows(rows, next);
                }
            }
        }
        return rows(rows, null);
    }

    private PagingState nextState(int partition, int slice, Row last, int remaining, int partitionRows,
                                  boolean partitionDone) {
        if (table.clusteringColumns().isEmpty() || distinct || partitionDone || last.clustering().isStatic()) {
            return PagingState.stored(partition + 1, 0, null, remaining, 0);
        }
        return PagingState.stored(partition, slice, last.clustering(), remaining, partitionRows);
    }

    /**
     * ORDER BY over several partitions (IN on the partition key), unpaged: reads every partition, then sorts the
     * rows by clustering as Cassandra does for this case.
     *
     * @param limit LIMIT, or {@link Integer#MAX_VALUE}
     */
    ResultMessage.Rows readSorted(int limit) {
        record Found(Restrictions.PartitionKey key, Row row) {
        }
        List<Found> found = new ArrayList<>();
        int partitionLimit = Math.min(limit, perPartitionLimit);
        for (Restrictions.PartitionKey key : partitions) {
            int taken = 0;
            for (int slice = 0; slice < slices.size() && taken < partitionLimit; slice++) {
                for (Row row : read(key, slices.get(slice), partitionLimit - taken, slices.size() == 1
                        && isAll(slices.get(slice)))) {
                    found.add(new Found(key, row));
                    taken++;
                }
            }
        }
        Comparator<Clustering> order = new ClusteringComparator(table);
        Comparator<Found> byClustering = Comparator.comparing(f -> f.row().clustering(),
                reversed ? order.reversed() : order);
        found.sort(byClustering);
        List<byte[][]> rows = new ArrayList<>();
        for (Found f : found.subList(0, Math.min(limit, found.size()))) {
            rows.add(selection.storedRow(f.key().components(), f.key().key().token(), f.row(), nowSeconds));
        }
        return rows(rows, null);
    }

    private static boolean isAll(Slice slice) {
        return slice.start().isUnbounded() && slice.end().isUnbounded();
    }

    /**
     * @param staticOnlyRow whether a partition with only static data yields one row ({@link StaticColumns})
     * @return up to {@code limit} rows of the slice that pass the filter, read in chunks when filtering; static
     *         values filled into each row
     */
    private List<Row> read(Restrictions.PartitionKey key, Slice slice, int limit, boolean staticOnlyRow) {
        if (filter == null) {
            return StaticColumns.withStaticCells(engine.read(new ReadCommand(table, key.key(), slice, reversed, limit,
                    nowSeconds)), staticOnlyRow);
        }
        List<Row> matching = new ArrayList<>();
        Slice unread = slice;
        boolean first = true;
        while (matching.size() < limit) {
            int chunk = RangeScanQuery.CHUNK_ROWS;
            List<Row> read = StaticColumns.withStaticCells(engine.read(new ReadCommand(table, key.key(), unread,
                    reversed, chunk, nowSeconds)), staticOnlyRow && first);
            first = false;
            for (Row row : read) {
                if (matching.size() < limit && filter.matches(selection, key.components(), row)) {
                    matching.add(row);
                }
            }
            if (read.size() < chunk || table.clusteringColumns().isEmpty() || read.get(0).clustering().isStatic()) {
                break;
            }
            unread = narrow(unread, read.get(read.size() - 1).clustering());
        }
        return matching;
    }

    /** @return {@code slice} narrowed to what comes strictly after {@code after} in read order */
    private Slice narrow(Slice slice, Clustering after) {
        if (after == null) {
            return slice;
        }
        return reversed ? new Slice(slice.start(), Bound.exclusive(after))
                : new Slice(Bound.exclusive(after), slice.end());
    }

    private ResultMessage.Rows rows(List<byte[][]> rows, PagingState next) {
        return new ResultMessage.Rows(selection.metadata(), rows, next == null ? null : next.serialize());
    }
}
