package io.almanac.storage.codec;

import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** @return the mapping for records whose column table equals this table's own */
    public int[] identityMapping() {
        return identityMapping;
    }
}
