package io.almanac.storage.codec;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.DroppedColumn;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A table's metadata with what encoding and decoding need precomputed: the UTF-8 names of its regular columns (the
 * column-name table written with every commit log record and SSTable), the identity column mapping and the
 * clustering comparator.
 *
 * <p>Thread safety: immutable.
 */
public final class TableLayout {

    private final TableMetadata table;
    private final ClusteringComparator comparator;
    private final byte[][] columnNames;
    private final int[] identityMapping;
    private final long[] droppedAtMicros;

    private TableLayout(TableMetadata table) {
        this.table = table;
        this.comparator = new ClusteringComparator(table);
        List<ColumnMetadata> regular = table.regularColumns();
        this.columnNames = new byte[regular.size()][];
        this.identityMapping = new int[regular.size()];
        for (int i = 0; i < regular.size(); i++) {
            columnNames[i] = regular.get(i).name().getBytes(StandardCharsets.UTF_8);
            identityMapping[i] = i;
        }
        this.droppedAtMicros = droppedAt(table);
    }

    /** @return per regular column, the time its name was last dropped (micros), or null when none was re-added */
    private static long[] droppedAt(TableMetadata table) {
        long[] dropped = null;
        List<ColumnMetadata> regular = table.regularColumns();
        for (int i = 0; i < regular.size(); i++) {
            DroppedColumn column = table.droppedColumns().get(regular.get(i).name());
            if (column != null) {
                if (dropped == null) {
                    dropped = new long[regular.size()];
                    Arrays.fill(dropped, Long.MIN_VALUE);
                }
                dropped[i] = column.droppedTimeMicros();
            }
        }
        return dropped;
    }

    public static TableLayout of(TableMetadata table) {
        return new TableLayout(table);
    }

    public TableMetadata table() {
        return table;
    }

    public ClusteringComparator comparator() {
        return comparator;
    }

    /** @return the UTF-8 names of the regular columns in {@link TableMetadata#regularColumns()} order (not copied) */
    public byte[][] columnNames() {
        return columnNames;
    }

    /** @return the number of regular columns (the cell array length of this table's rows) */
    public int columnCount() {
        return columnNames.length;
    }

    /**
     * Maps a stored column-name table onto this table's regular columns.
     *
     * @param storedNames UTF-8 column names in stored order
     * @return for each stored column, its index in this table's regular columns or -1 when the column no longer
     *         exists; the shared identity array when the names are exactly this table's
     */
    public int[] mapColumns(byte[][] storedNames) {
        if (storedNames.length == columnNames.length) {
            boolean same = true;
            for (int i = 0; i < storedNames.length && same; i++) {
                same = Arrays.equals(storedNames[i], columnNames[i]);
            }
            if (same) {
                return identityMapping;
            }
        }
        int[] mapping = new int[storedNames.length];
        for (int i = 0; i < storedNames.length; i++) {
            mapping[i] = table.regularIndex(new String(storedNames[i], StandardCharsets.UTF_8));
        }
        return mapping;
    }

    /** @return whether rows of {@code other}'s layout need {@link #adapt} to become rows of this one */
    public boolean needsAdapting(TableLayout other) {
        return droppedAtMicros != null || mapColumns(other.columnNames) != identityMapping;
    }

    /**
     * Turns rows read under {@code from} (an older or newer version of this table) into rows of this layout: cells
     * are moved by column name, cells of columns this table no longer has are left out, and cells of a re-added
     * column written at or before its drop ({@link TableMetadata#droppedColumns()}) are removed.
     *
     * <p>Allocation: none when {@link #needsAdapting} is false (the same iterator is returned); else one row and
     * one cell array per row.
     */
    public Iterator<Row> adapt(Iterator<Row> rows, TableLayout from) {
        if (!needsAdapting(from)) {
            return rows;
        }
        int[] mapping = mapColumns(from.columnNames);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return adapt(rows.next(), mapping);
            }
        };
    }

    /** @return {@code row} (cells in a layout whose columns map by {@code mapping}) as a row of this layout */
    public Row adapt(Row row, int[] mapping) {
        Cell[] cells = new Cell[columnNames.length];
        Cell[] stored = row.cells();
        for (int i = 0; i < stored.length && i < mapping.length; i++) {
            int target = mapping[i];
            Cell cell = stored[i];
            if (target >= 0 && cell != null
                    && (droppedAtMicros == null || cell.timestampMicros() > droppedAtMicros[target])) {
                cells[target] = cell;
            }
        }
        return new Row(row.clustering(), row.marker(), row.deletion(), cells);
    }

    /** @return the mapping for records whose column table equals this table's own */
    public int[] identityMapping() {
        return identityMapping;
    }
}
