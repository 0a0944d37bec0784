package io.almanac.storage.schema;

import java.util.Objects;

/**
 * A column dropped from a table (Cassandra's {@code system_schema.dropped_columns} row): cells of a column of this
 * name written at or before {@code droppedTimeMicros} are ignored by reads and removed by compaction, so data of a
 * dropped column does not come back when a column of the same name is added again.
 *
 * @param name              the column name
 * @param type              its type when it was dropped (a re-added column must have a compatible type)
 * @param kind              regular or static
 * @param droppedTimeMicros when it was dropped, microseconds since the epoch (the ALTER's timestamp)
 */
public record DroppedColumn(String name, CqlType type, ColumnKind kind, long droppedTimeMicros) {

    public DroppedColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
    }
}
