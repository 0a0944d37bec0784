package io.almanac.cql.query;

import java.util.List;

/**
 * The columns of a Rows result, or the bind variables of a prepared statement.
 *
 * @param columns the columns in result (or bind) order
 */
public record ResultMetadata(List<ColumnSpec> columns) {

    /** No columns: the result metadata of a statement that returns no rows. */
    public static final ResultMetadata EMPTY = new ResultMetadata(List.of());

    public ResultMetadata {
        columns = List.copyOf(columns);
    }
}
