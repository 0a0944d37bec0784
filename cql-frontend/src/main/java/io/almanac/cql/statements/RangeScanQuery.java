package io.almanac.cql.statements;

import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of a SELECT that scans a range of the ring ({@link StorageEngine#readRange}): a full scan or a
 * {@code token(...)} range, rows filtered after reading (ALLOW FILTERING), cut into pages across partitions.
 *
 * <p>Paging: a page collects one matching row more than it returns, so a page that ends at the last row carries no
 * paging state; the state names the last returned row's partition key and clustering (layout 3 of
 * {@link PagingState}) and the next page reads strictly after it. Reads go in chunks of at most
 * {@link #CHUNK_ROWS} rows, so a filter that rejects most rows does not hold many in memory.
 *
 * <p>Runs on the read executor. Thread safety: confined to one thread.
 */
final class RangeScanQuery {

    /** Rows asked of the engine per read when filtering. */
    static final int CHUNK_ROWS = 1000;

    /** A matching row and how many rows of its partition the query has returned with it (PER PARTITION LIMIT). */
    private record Found(PartitionRows partition, Row row, int partitionRows) {
    }

    private final StorageEngine engine;
    private final TableMetadata table;
    private final Selection selection;
    private final RowFilter.Bound filter;
    private final boolean filtering;
    private final long[] tokenRange;
    private final boolean distinct;
    private final long nowSeconds;
    private int perPartitionLimit = Integer.MAX_VALUE;

    /**
     * @param filter     the bound row filter, or null when nothing is filtered
     * @param tokenRange {minInclusive, maxInclusive}
     * @param distinct   SELECT DISTINCT: one row per partition, pages resume after whole partitions
     */
    RangeScanQuery(StorageEngine engine, TableMetadata table, Selection selection, RowFilter.Bound filter,
                   long[] tokenRange, boolean distinct, long nowSeconds) {
        this.engine = engine;
        this.table = table;
        this.selection = selection;
        this.filter = filter;
        this.filtering = filter != null;
        this.tokenRange = tokenRange.clone();
        this.distinct = distinct;
        this.nowSeconds = nowSeconds;
    }

    /**
     * @param rows PER PARTITION LIMIT: at most this many rows of each partition, or {@link Integer#MAX_VALUE}
     * @return this query
     */
    RangeScanQuery perPartitionLimit(int rows) {
        this.perPartitionLimit = rows;
        return this;
    }

    /**
     * @param limit    LIMIT, or {@link Integer#MAX_VALUE}
     * @param pageSize rows per page, or {@link Integer#MAX_VALUE} without paging
     * @param resume   where the previous page stopped (layout 3), or null for the first page
     */
    ResultMessage.Rows readPage(int limit, int pageSize, PagingState resume) {
        int remaining = resume == null ? limit : resume.remaining();
        int budget = Math.min(pageSize, remaining);
        int wanted = budget == Integer.MAX_VALUE ? budget : budget + 1;
        // with a filter the engine cannot count matching rows per partition: the query counts them
        int enginePartitionLimit = distinct ? 1 : filtering ? Integer.MAX_VALUE : perPartitionLimit;
        RangeReadCommand command = new RangeReadCommand(table, tokenRange[0], tokenRange[1], null, null, Slice.ALL,
                Integer.MAX_VALUE, enginePartitionLimit, nowSeconds);
        if (resume != null) {
            command = command.after(DecoratedKey.of(resume.lastKey()), resume.lastClustering());
        }
        List<Found> found = collect(command, wanted, resume);
        int taken = Math.min(budget, found.size());
        List<byte[][]> rows = new ArrayList<>(taken);
        for (Found match : found.subList(0, taken)) {
            rows.add(selection.storedRow(components(match.partition().key()), match.partition().key().token(),
                    match.row(), nowSeconds));
        }
        PagingState next = null;
        if (found.size() > taken && remaining - budget > 0 && pageSize != Integer.MAX_VALUE) {
            Found last = found.get(taken - 1);
            boolean partitionDone = last.partitionRows() >= perPartitionLimit;
            Clustering clustering = partitionDone ? null : resumeClustering(last.row());
            next = PagingState.range(last.partition().key().key(), clustering, remaining - budget,
                    clustering == null ? 0 : last.partitionRows());
        }
        return new ResultMessage.Rows(selection.metadata(), rows, next == null ? null : next.serialize());
    }

    /**
     * @param resume the paging state the first read resumes after, or null
     * @return up to {@code wanted} matching rows in ring order, reading chunk after chunk, at most
     *         {@link #perPartitionLimit} of each partition
     */
    private List<Found> collect(RangeReadCommand first, int wanted, PagingState resume) {
        List<Found> found = new ArrayList<>();
        RangeReadCommand command = first;
        DecoratedKey counted = resume == null ? null : DecoratedKey.of(resume.lastKey());
        int partitionRows = resume == null ? 0 : resume.partitionRows();
        while (found.size() < wanted) {
            int chunk = filtering ? CHUNK_ROWS : wanted - found.size();
            List<PartitionRows> read = engine.readRange(withLimit(command, chunk));
            int readRows = 0;
            PartitionRows lastPartition = null;
            for (PartitionRows partition : read) {
                byte[][] components = filtering ? components(partition.key()) : null;
                if (!partition.key().equals(counted)) {
                    counted = partition.key();
                    partitionRows = 0;
                }
                for (Row row : StaticColumns.withStaticCells(partition.rows(), true)) {
                    readRows++;
                    if (found.size() < wanted && partitionRows < perPartitionLimit
                            && (!filtering || filter.matches(selection, components, row))) {
                        found.add(new Found(partition, row, ++partitionRows));
                    }
                }
                lastPartition = partition;
            }
            if (readRows < chunk) {
                break;
            }
            Row lastRow = lastPartition.rows().get(lastPartition.rows().size() - 1);
            boolean partitionDone = partitionRows >= perPartitionLimit;
            command = command.after(lastPartition.key(), partitionDone ? null : resumeClustering(lastRow));
        }
        return found;
    }

    /** @return where to resume after {@code last}: its clustering, or null to resume after its partition */
    private Clustering resumeClustering(Row last) {
        return table.clusteringColumns().isEmpty() || distinct || last.clustering().isStatic() ? null
                : last.clustering();
    }

    private static RangeReadCommand withLimit(RangeReadCommand command, int rowLimit) {
        return new RangeReadCommand(command.table(), command.minTokenInclusive(), command.maxTokenInclusive(),
                command.afterKey(), command.afterClustering(), command.slice(), rowLimit,
                command.perPartitionLimit(), command.nowSeconds());
    }

    private byte[][] components(DecoratedKey key) {
        return PartitionKeys.split(key.key(), table.partitionKeyColumns().size());
    }
}
