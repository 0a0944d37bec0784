package io.almanac.cql.system;

import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;

/**
 * Builds one row of a virtual table: a serialized value per column of the table's metadata, in that order, each
 * encoded with its column's {@code CqlType.encode}. Columns never set stay null (CQL null).
 *
 * <p>Thread safety: not thread-safe; one builder per row.
 */
final class RowBuilder {

    private final List<ColumnMetadata> columns;
    private final byte[][] values;

    RowBuilder(TableMetadata table) {
        this.columns = table.columns();
        this.values = new byte[columns.size()][];
    }

    /**
     * @param value the Java value for the column's type (see {@code CqlType}); null leaves the cell null
     * @throws IllegalArgumentException when the table has no such column (a bug in the table definition)
     */
    RowBuilder set(String column, Object value) {
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata metadata = columns.get(i);
            if (metadata.name().equals(column)) {
                values[i] = value == null ? null : metadata.type().encode(value);
                return this;
            }
        }
        throw new IllegalArgumentException("No column " + column + " in this table");
    }

    byte[][] build() {
        return values;
    }
}
