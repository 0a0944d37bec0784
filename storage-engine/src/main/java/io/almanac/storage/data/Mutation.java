package io.almanac.storage.data;

import io.almanac.storage.schema.TableMetadata;
import java.util.List;
import java.util.Objects;

/**
 * All changes to one partition of one table that one statement (or one ingested row) makes; the unit of the write
 * path, of the commit log and of atomicity: a mutation is applied whole or not at all.
 *
 * @param table             the table, as the schema stood when the mutation was built
 * @param key               the partition
 * @param partitionDeletion a whole-partition deletion, or null
 * @param rows              the row updates (each with its own cell timestamps and TTLs), in any order
 * @param rangeTombstones   deletions of clustering ranges of the partition, in any order (may overlap)
 */
public record Mutation(TableMetadata table, DecoratedKey key, DeletionTime partitionDeletion, List<Row> rows,
                       List<RangeTombstone> rangeTombstones) {

    public Mutation {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        rows = List.copyOf(rows);
        rangeTombstones = List.copyOf(rangeTombstones);
    }

    /** A mutation without range tombstones. */
    public Mutation(TableMetadata table, DecoratedKey key, DeletionTime partitionDeletion, List<Row> rows) {
        this(table, key, partitionDeletion, rows, List.of());
    }

    /** @return a mutation that writes {@code rows} and deletes nothing */
    public static Mutation of(TableMetadata table, DecoratedKey key, List<Row> rows) {
        return new Mutation(table, key, null, rows);
    }
}
