package io.almanac.server.model;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
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

    static String describe(ModelTable table, Mutation mutation) {
        StringBuilder text = new StringBuilder(table.toString()).append(' ').append(table.describeKey(mutation.key()));
        if (mutation.partitionDeletion() != null) {
            text.append(" partition deletion ").append(mutation.partitionDeletion());
        }
        for (Row row : mutation.rows()) {
            text.append(' ').append(describe(table, row));
        }
        return text.toString();
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
