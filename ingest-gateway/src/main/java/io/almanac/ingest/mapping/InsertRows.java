package io.almanac.ingest.mapping;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;

/**
 * The rows an ingested row writes, as a CQL {@code INSERT} of the same columns writes them (Cassandra's
 * {@code UpdateStatement.ParsedInsert}, {@code ModificationStatement.appliesOnlyToStaticColumns}):
 *
 * <ul>
 *   <li>the clustered row: its clustering, the row marker and the cells of regular columns;</li>
 *   <li>the partition's static row ({@link Clustering#STATIC}, no marker) with the cells of {@code STATIC} columns,
 *       when the row sets any;</li>
 *   <li>a row that names the partition key and static columns only (no clustering column, no regular column) writes
 *       the static row alone; any other row without its full clustering is refused with Cassandra's
 *       {@code Some clustering keys are missing: c1, c2} ({@code StatementRestrictions}).</li>
 * </ul>
 *
 * <p>Allocation: for a table without static columns, the clustered row and a one-element list; with static columns
 * set, a second cell array and row.
 *
 * <p>Thread safety: stateless.
 */
final class InsertRows {

    /** Cassandra's message for a row without (all of) its clustering, followed by the missing columns' names. */
    static final String MISSING_CLUSTERING = "Some clustering keys are missing: ";

    private InsertRows() {
    }

    /**
     * Cassandra's rule: a row writes the static row alone when the table has static columns and the row names static
     * columns, no clustering column and no regular column (whether their values are valid or not).
     *
     * @param clusteringNamed whether the row names a clustering column
     * @param regularNamed    whether the row names a regular (non-static) column, null included
     * @param staticNamed     whether the row names a static column, null included
     */
    static boolean staticOnly(TableMetadata table, boolean clusteringNamed, boolean regularNamed,
                              boolean staticNamed) {
        return table.hasStaticColumns() && staticNamed && !regularNamed && !clusteringNamed;
    }

    /**
     * {@link #staticOnly(TableMetadata, boolean, boolean, boolean)} for a row whose every named column holds its
     * value (a mapper that stops at the first bad value).
     *
     * @param clusteringValues the row's clustering values by position, null where not given
     * @param cells            the row's cells by regular-column index (static and regular mixed), null where not set
     */
    static boolean staticOnly(TableMetadata table, byte[][] clusteringValues, Cell[] cells) {
        if (!table.hasStaticColumns()) {
            return false;
        }
        for (byte[] value : clusteringValues) {
            if (value != null) {
                return false;
            }
        }
        boolean anyStatic = false;
        List<ColumnMetadata> columns = table.regularColumns();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null) {
                if (columns.get(i).kind() != ColumnKind.STATIC) {
                    return false;
                }
                anyStatic = true;
            }
        }
        return anyStatic;
    }

    /** @return the static row alone, holding {@code cells} (static cells only, see {@link #staticOnly}) */
    static List<Row> staticRow(Cell[] cells) {
        return List.of(new Row(Clustering.STATIC, null, null, cells));
    }

    /**
     * @param clustering the complete clustering of the row
     * @param marker     the row marker
     * @param cells      cells by regular-column index, static and regular mixed; owned by the row from here on
     *                   (static cells are moved out of it)
     * @return the clustered row, followed by the static row when a static cell is set
     */
    static List<Row> rows(TableMetadata table, Clustering clustering, Cell marker, Cell[] cells) {
        if (!table.hasStaticColumns()) {
            return List.of(new Row(clustering, marker, null, cells));
        }
        Cell[] statics = null;
        List<ColumnMetadata> columns = table.regularColumns();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null && columns.get(i).kind() == ColumnKind.STATIC) {
                statics = statics == null ? new Cell[cells.length] : statics;
                statics[i] = cells[i];
                cells[i] = null;
            }
        }
        Row row = new Row(clustering, marker, null, cells);
        return statics == null ? List.of(row) : List.of(row, new Row(Clustering.STATIC, null, null, statics));
    }
}
