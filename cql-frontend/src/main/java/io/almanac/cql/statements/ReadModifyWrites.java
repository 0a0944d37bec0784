package io.almanac.cql.statements;

import io.almanac.cql.parser.Conditions;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.write.PartitionUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Executes statements that must see the current rows of their partitions: lightweight transactions ({@code IF}),
 * counter updates and collection element operations, alone or as a BATCH. Each partition is one
 * {@link StorageEngine#readModifyWrite} on its shard writer: the statements' conditions are tested against the rows
 * read there, then their mutations are built one after the other against those rows (each seeing the previous
 * one's writes) and written as one mutation before the writer touches the partition again. So a partition's
 * conditional updates are linearizable on this node and no counter increment or element update is lost.
 *
 * <p>Timestamps: conditional statements and counters are written with the shard writer's timestamp (later than
 * every timestamp read); other element operations keep their USING TIMESTAMP if they have one. The read costs one
 * partition read on the writer, bounded by the clustering slice that covers the rows the statements write.
 *
 * <p>Thread safety: stateless; the update functions run on shard writer threads.
 */
final class ReadModifyWrites {

    private ReadModifyWrites() {
    }

    private record PartitionId(UUID table, DecoratedKey key) {
    }

    /**
     * @param entries the statements with their bound values (all conditional ones on one partition)
     * @param batch   whether they form a BATCH (the not-applied result then names each row's primary key)
     * @param batchTimestampMicros the BATCH's USING TIMESTAMP, or null (unconditional non-counter statements
     *                             without their own then use the shard writer's timestamp)
     * @return completes with the {@code [applied]} rows when any statement has conditions, else with Void
     * @throws CqlException "Batch with conditions cannot span multiple partitions" (or tables)
     */
    static CompletableFuture<ResultMessage> execute(StorageEngine engine, List<BatchStatement.Entry> entries,
                                                    boolean batch, Long batchTimestampMicros) {
        boolean conditional = entries.stream().anyMatch(e -> e.statement().conditions() != null);
        Map<PartitionId, List<BatchStatement.Entry>> partitions = new LinkedHashMap<>();
        Map<PartitionId, TableMetadata> tables = new LinkedHashMap<>();
        for (BatchStatement.Entry entry : entries) {
            for (DecoratedKey key : entry.statement().partitionKeys(entry.values())) {
                PartitionId id = new PartitionId(entry.statement().table().id(), key);
                partitions.computeIfAbsent(id, k -> new ArrayList<>()).add(entry);
                tables.putIfAbsent(id, entry.statement().table());
            }
        }
        if (conditional && partitions.size() > 1) {
            boolean oneTable = tables.values().stream().map(TableMetadata::id).distinct().count() == 1;
            throw CqlException.invalid(oneTable ? "Batch with conditions cannot span multiple partitions"
                    : "Batch with conditions cannot span multiple tables");
        }
        List<CompletableFuture<ResultMessage>> results = new ArrayList<>();
        partitions.forEach((id, partitionEntries) -> {
            TableMetadata table = tables.get(id);
            results.add(engine.readModifyWrite(table, id.key(), slice(table, partitionEntries),
                    update(table, id.key(), partitionEntries, conditional, batch, batchTimestampMicros)));
        });
        if (conditional) {
            return results.get(0);
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> ResultMessage.Void.INSTANCE);
    }

    /** @return the smallest clustering slice holding every row the entries write (all rows if one writes many) */
    private static Slice slice(TableMetadata table, List<BatchStatement.Entry> entries) {
        ClusteringComparator comparator = new ClusteringComparator(table);
        Clustering first = null;
        Clustering last = null;
        for (BatchStatement.Entry entry : entries) {
            List<Clustering> clusterings = entry.statement().clusterings(entry.values());
            if (clusterings.isEmpty()) {
                return Slice.ALL;
            }
            for (Clustering clustering : clusterings) {
                first = first == null || comparator.compare(clustering, first) < 0 ? clustering : first;
                last = last == null || comparator.compare(clustering, last) > 0 ? clustering : last;
            }
        }
        if (first == null || first.size() == 0) {
            return Slice.ALL;
        }
        return new Slice(Bound.inclusive(first), Bound.inclusive(last));
    }

    private static PartitionUpdate<ResultMessage> update(TableMetadata table, DecoratedKey key,
                                                          List<BatchStatement.Entry> entries, boolean conditional,
                                                          boolean batch, Long batchTimestampMicros) {
        ClusteringComparator comparator = new ClusteringComparator(table);
        return (rows, timestampMicros, nowSeconds) -> {
            CurrentRows current = new CurrentRows(key, comparator, rows);
            if (conditional) {
                List<Row> tested = new ArrayList<>();
                boolean applied = true;
                for (BatchStatement.Entry entry : entries) {
                    applied &= holds(entry, current, table, tested);
                }
                if (!applied) {
                    return PartitionUpdate.Outcome.unchanged(CasResults.notApplied(table, key, entries, tested,
                            batch));
                }
            }
            List<Mutation> mutations = new ArrayList<>();
            for (BatchStatement.Entry entry : entries) {
                ModificationStatement statement = entry.statement();
                long entryTimestamp = conditional || statement.isCounter() ? timestampMicros
                        : statement.timestampMicros(entry.values(),
                                () -> batchTimestampMicros != null ? batchTimestampMicros : timestampMicros);
                for (Mutation mutation : statement.mutations(entry.values(), entryTimestamp, nowSeconds, current)) {
                    current.overlay(mutation);
                    mutations.add(mutation);
                }
            }
            Mutation merged = merge(table, key, mutations);
            ResultMessage result = conditional ? CasResults.applied(table) : ResultMessage.Void.INSTANCE;
            return merged == null ? PartitionUpdate.Outcome.unchanged(result)
                    : PartitionUpdate.Outcome.write(merged, result);
        };
    }

    /** Tests one statement's conditions; adds the rows it tested (existing ones) to {@code tested}. */
    private static boolean holds(BatchStatement.Entry entry, CurrentRows current, TableMetadata table,
                                 List<Row> tested) {
        ColumnConditions conditions = entry.statement().conditions();
        if (conditions == null) {
            return true;
        }
        List<Clustering> clusterings = entry.statement().clusterings(entry.values());
        if (clusterings.isEmpty()) {
            Row any = current.rows().isEmpty() ? null : current.rows().iterator().next();
            if (any != null && !tested.contains(any)) {
                tested.add(any);
            }
            return conditions.appliesTo(any, table, entry.values());
        }
        boolean holds = true;
        Row staticRow = current.row(Clustering.STATIC);
        for (Clustering clustering : clusterings) {
            Row row = current.row(clustering);
            if (row != null && staticRow != null) {
                // conditions on static columns see the partition's static values, as in Cassandra
                row = StaticColumns.withStaticCells(List.of(staticRow, row), false).get(0);
            }
            if (row != null && !tested.contains(row)) {
                tested.add(row);
            }
            holds &= conditions.appliesTo(row, table, entry.values());
        }
        return holds;
    }

    /**
     * Merges the mutations of one partition in order: a later cell replaces an earlier one of the same row (they
     * were built against each other's results), deletions are kept.
     *
     * @return the merged mutation, or null when there is none
     */
    private static Mutation merge(TableMetadata table, DecoratedKey key, List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return null;
        }
        if (mutations.size() == 1) {
            return mutations.get(0);
        }
        Map<Clustering, Row> rows = new LinkedHashMap<>();
        io.almanac.storage.data.DeletionTime partitionDeletion = null;
        List<io.almanac.storage.data.RangeTombstone> tombstones = new ArrayList<>();
        for (Mutation mutation : mutations) {
            partitionDeletion = io.almanac.storage.data.DeletionTime.latest(partitionDeletion,
                    mutation.partitionDeletion());
            tombstones.addAll(mutation.rangeTombstones());
            for (Row row : mutation.rows()) {
                rows.merge(row.clustering(), row, ReadModifyWrites::laterWins);
            }
        }
        return new Mutation(table, key, partitionDeletion, new ArrayList<>(rows.values()), tombstones);
    }

    private static Row laterWins(Row earlier, Row later) {
        io.almanac.storage.data.Cell[] cells = earlier.cells().clone();
        for (int i = 0; i < later.cells().length; i++) {
            if (later.cells()[i] != null) {
                cells[i] = later.cells()[i];
            }
        }
        return new Row(later.clustering(), later.marker() != null ? later.marker() : earlier.marker(),
                io.almanac.storage.data.DeletionTime.latest(earlier.deletion(), later.deletion()), cells);
    }

    /** @return whether a conditions clause tests existence (its failure result shows whole rows) */
    static boolean testsExistence(ColumnConditions conditions) {
        return conditions != null && conditions.kind() != Conditions.Kind.COLUMNS;
    }
}
