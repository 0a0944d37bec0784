package io.almanac.cql.statements;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How writes to a table with {@code STATIC} columns become rows: cells of static columns go to the partition's
 * static row ({@link Clustering#STATIC}, no row marker, as Cassandra's static row), the others to the clustered
 * rows. A statement that sets only static columns may name just the partition key.
 *
 * <p>Thread safety: stateless.
 */
final class StaticColumns {

    private StaticColumns() {
    }

    /** @return whether every column of {@code columns} is static (false for none) */
    static boolean allStatic(Collection<ColumnMetadata> columns) {
        return !columns.isEmpty() && columns.stream().allMatch(c -> c.kind() == ColumnKind.STATIC);
    }

    /**
     * @param clusterings the clustered rows to write (empty: the statement names only the partition key)
     * @param marker      the row marker of each clustered row, or null
     * @param deletion    the row deletion of each clustered row, or null
     * @param cells       cells by regular-column index, static and regular mixed; not modified
     * @return the clustered rows (with the regular cells; left out when they would carry nothing and the statement
     *         had static cells) followed by the static row when a static cell is set
     */
    static List<Row> rows(TableMetadata table, List<Clustering> clusterings, Cell marker, DeletionTime deletion,
                          Cell[] cells) {
        List<Row> rows = new ArrayList<>(clusterings.size() + 1);
        if (!table.hasStaticColumns()) {
            for (Clustering clustering : clusterings) {
                rows.add(new Row(clustering, marker, deletion, cells.clone()));
            }
            return rows;
        }
        Cell[] regular = new Cell[cells.length];
        Cell[] statics = new Cell[cells.length];
        boolean anyRegular = false;
        boolean anyStatic = false;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) {
                continue;
            }
            if (table.regularColumns().get(i).kind() == ColumnKind.STATIC) {
                statics[i] = cells[i];
                anyStatic = true;
            } else {
                regular[i] = cells[i];
                anyRegular = true;
            }
        }
        if (anyRegular || marker != null || deletion != null || !anyStatic) {
            for (Clustering clustering : clusterings) {
                rows.add(new Row(clustering, marker, deletion, regular.clone()));
            }
        }
        if (anyStatic) {
            rows.add(new Row(Clustering.STATIC, null, null, statics));
        }
        return rows;
    }

    /**
     * Gives each clustered row of a read the cells of the partition's static row, as Cassandra shows static values on
     * every row of their partition.
     *
     * @param read           rows of one partition as the engine returns them (the live static row first, if any)
     * @param staticOnlyRow  whether a partition with a static row and no clustered row yields the static row alone
     *                       (Cassandra: when the query does not restrict the clustering and does not resume inside
     *                       the partition); its clustering columns and regular columns read as null
     * @return the clustered rows with static cells filled in, or the static row alone, or nothing
     */
    static List<Row> withStaticCells(List<Row> read, boolean staticOnlyRow) {
        if (read.isEmpty() || !read.get(0).clustering().isStatic()) {
            return read;
        }
        Row statics = read.get(0);
        if (read.size() == 1) {
            return staticOnlyRow ? read : List.of();
        }
        List<Row> rows = new ArrayList<>(read.size() - 1);
        for (Row row : read.subList(1, read.size())) {
            Cell[] cells = row.cells().clone();
            for (int i = 0; i < cells.length && i < statics.cells().length; i++) {
                cells[i] = statics.cells()[i] != null ? statics.cells()[i] : cells[i];
            }
            rows.add(new Row(row.clustering(), row.marker(), row.deletion(), cells));
        }
        return rows;
    }
}
