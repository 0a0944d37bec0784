package io.almanac.storage.schema;

import java.util.Objects;

/**
 * One column of a table.
 *
 * @param name     the column name as stored (case-sensitive; unquoted CQL identifiers are lower-cased by the parser)
 * @param type     its CQL type
 * @param kind     partition key, clustering, regular or static
 * @param position index within the partition key or clustering columns; -1 for regular and static columns
 *                 ({@code system_schema.columns.position})
 * @param order    ASC/DESC for clustering columns, NONE otherwise
 */
public record ColumnMetadata(String name, CqlType type, ColumnKind kind, int position, ClusteringOrder order) {

    public ColumnMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(order, "order");
    }

    public boolean isPrimaryKey() {
        return kind == ColumnKind.PARTITION_KEY || kind == ColumnKind.CLUSTERING;
    }
}
