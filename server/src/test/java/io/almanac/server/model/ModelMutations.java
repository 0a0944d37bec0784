package io.almanac.server.model;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.List;

/**
 * Builds the mutations of a model run (the one place that constructs {@link Mutation}s) and renders mutations and
 * rows as history and failure-report text.
 *
 * <p>Thread safety: stateless.
 */
final class ModelMutations {

    private ModelMutations() {
    }

    static Mutation rows(ModelTable table, DecoratedKey key, List<Row> rows) {
        return Mutation.of(table.metadata(), key, rows);
    }

    static Mutation partitionDeletion(ModelTable table, DecoratedKey key, DeletionTime deletion) {
        return new Mutation(table.metadata(), key, deletion, List.of());
    }

    /** @return a mutation holding only {@code tombstones} (a DELETE on clustering slices or prefixes) */
    static Mutation rangeDeletion(ModelTable table, DecoratedKey key, List<RangeTombstone> tombstones) {
        return new Mutation(table.metadata(), key, null, List.of(), tombstones);
    }

    /** @return the mutation of a batch: range tombstones and rows of one partition together */
    static Mutation rowsAndRangeDeletion(ModelTable table, DecoratedKey key, List<Row> rows,
                                         List<RangeTombstone> tombstones) {
        return new Mutation(table.metadata(), key, null, rows, tombstones);
    }

    static String describe(ModelTable table, Mutation mutation) {
        StringBuilder text = new StringBuilder(table.toString()).append(' ').append(table.describeKey(mutation.key()));
        if (mutation.partitionDeletion() != null) {
            text.append(" partition deletion ").append(mutation.partitionDeletion());
        }
        for (RangeTombstone tombstone : mutation.rangeTombstones()) {
            text.append(' ').append(describe(table, tombstone));
        }
        for (Row row : mutation.rows()) {
            text.append(' ').append(describe(table, row));
        }
        return text.toString();
    }

    /** @return the bounds ({@code [ ]} inclusive, {@code ( )} exclusive, {@code *} unbounded) and the deletion */
    static String describe(ModelTable table, RangeTombstone tombstone) {
        String start = tombstone.start().isUnbounded() ? "*"
                : (tombstone.start().inclusive() ? "[" : "(") + table.describe(tombstone.start().prefix());
        String end = tombstone.end().isUnbounded() ? "*"
                : table.describe(tombstone.end().prefix()) + (tombstone.end().inclusive() ? "]" : ")");
        return "range deletion " + start + ".." + end + " " + tombstone.deletion();
    }

    /** @return clustering, marker, deletion (when present) and the cells by column name */
    static String describe(ModelTable table, Row row) {
        StringBuilder text = new StringBuilder(table.describe(row.clustering()));
        if (row.marker() != null) {
            text.append(" marker=").append(row.marker());
        }
        if (row.deletion() != null) {
            text.append(" deletion=").append(row.deletion());
        }
        for (int i = 0; i < row.cells().length; i++) {
            Cell cell = row.cells()[i];
            if (cell != null) {
                text.append(' ').append(table.metadata().regularColumns().get(i).name()).append('=').append(cell);
            }
        }
        return text.toString();
    }
}
