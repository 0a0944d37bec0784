package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.RowCodec;
import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the rows of one Data.db block and writes them column by column (before lz4). Rows of several
 * partitions may share a block; the partition index names each partition's rows by their ordinal in the block.
 *
 * <pre>
 * Block := rowCount:varint (1..65536) columnCount:varint
 *          rowFlags:LongSequence(rowCount)             RowCodec flags: 0x01 HAS_MARKER, 0x02 HAS_DELETION
 *          clusteringSizes:LongSequence(rowCount)      values per clustering (0..65534); 65535 marks the
 *                                                      partition's static row (Clustering.STATIC, no values), which
 *                                                      is always the partition's first row
 *          ClusteringColumn{max clustering size}
 *          markers:CellColumn(rows with HAS_MARKER)
 *          deletedAt:LongSequence(d) deletionResiduals:LongSequence(d)     (d = rows with HAS_DELETION;
 *                                   residual = localDeletionTimeSeconds - floorDiv(markedForDeleteAtMicros, 10^6))
 *          Column{columnCount}                         (regular columns in the Statistics.db column-name order)
 * ClusteringColumn c := ValueColumn(rows whose clustering has more than c values)
 * Column := presence:u8 [bitmap:byte{ceil(rowCount / 8)}] CellColumn(rows with a cell in the column)
 *           presence: 0 no row has a cell, 1 every row has one, 2 bitmap (bit i % 8 of byte i / 8 = row i has one)
 * </pre>
 * (LongSequence: {@link LongSequenceCodec}; ValueColumn: {@link ValueColumnCodec}; CellColumn:
 * {@link CellColumnCodec}.)
 *
 * <p>Thread safety: not thread safe; one SSTable writer. Allocation: keeps references to the added rows until
 * {@link #encode}; scratch arrays grow to the largest block and are reused.
 */
public final class BlockEncoder {

    /** Most rows in one block. */
    public static final int MAX_ROWS = 1 << 16;
    static final int NO_CELLS = 0;
    static final int ALL_CELLS = 1;
    static final int BITMAP = 2;

    private final CqlType[] clusteringTypes;
    private final CqlType[] columnTypes;
    private final List<Row> rows = new ArrayList<>();
    private final CellColumnCodec cellCodec = new CellColumnCodec();
    private final ValueColumnCodec valueCodec = new ValueColumnCodec();
    private long[] longs = new long[0];
    private Cell[] cells = new Cell[0];
    private byte[][] values = new byte[0][];
    private long rowBytes;

    /** @param layout the table being written: its clustering and regular column types choose the value encodings */
    public BlockEncoder(TableLayout layout) {
        List<ColumnMetadata> clustering = layout.table().clusteringColumns();
        this.clusteringTypes = clustering.stream().map(ColumnMetadata::type).toArray(CqlType[]::new);
        this.columnTypes = layout.table().regularColumns().stream().map(ColumnMetadata::type).toArray(CqlType[]::new);
    }

    /** Adds a row (cells in the layout's column order); @return its ordinal in the block */
    public int add(Row row) {
        if (rows.size() >= MAX_ROWS) {
            throw new IllegalStateException("block full: " + MAX_ROWS + " rows");
        }
        rows.add(row);
        rowBytes += RowCodec.rowSize(row);
        return rows.size() - 1;
    }

    /** @return rows added since the last {@link #encode} */
    public int rowCount() {
        return rows.size();
    }

    /** @return the size the rows would have in {@link RowCodec}'s layout, bytes (the block-size budget) */
    public long rowCodecBytes() {
        return rowBytes;
    }

    /** Writes the rows added as a Block into {@code out} and forgets them. */
    public void encode(EncodeBuffer out) {
        int count = rows.size();
        grow(count);
        out.putVarLong(count);
        out.putVarLong(columnTypes.length);
        int maxClustering = 0;
        for (int i = 0; i < count; i++) {
            Row row = rows.get(i);
            longs[i] = (row.marker() != null ? RowCodec.ROW_HAS_MARKER : 0)
                    | (row.deletion() != null ? RowCodec.ROW_HAS_DELETION : 0);
            maxClustering = Math.max(maxClustering, row.clustering().size());
        }
        LongSequenceCodec.encode(longs, count, out);
        for (int i = 0; i < count; i++) {
            Clustering clustering = rows.get(i).clustering();
            longs[i] = clustering.isStatic() ? RowCodec.STATIC_COUNT : clustering.size();
        }
        LongSequenceCodec.encode(longs, count, out);
        for (int c = 0; c < maxClustering; c++) {
            int present = 0;
            for (Row row : rows) {
                if (row.clustering().size() > c) {
                    values[present++] = row.clustering().get(c);
                }
            }
            valueCodec.encode(values, present, c < clusteringTypes.length ? clusteringTypes[c] : null, out);
        }
        encodeMarkersAndDeletions(out);
        for (int column = 0; column < columnTypes.length; column++) {
            encodeColumn(column, out);
        }
        rows.clear();
        rowBytes = 0;
        Arrays.fill(values, 0, count, null);
        Arrays.fill(cells, 0, count, null);
    }

    private void grow(int count) {
        if (longs.length < count) {
            longs = new long[count];
            cells = new Cell[count];
            values = new byte[count][];
        }
    }

    private void encodeMarkersAndDeletions(EncodeBuffer out) {
        int markers = 0;
        for (Row row : rows) {
            if (row.marker() != null) {
                cells[markers++] = row.marker();
            }
        }
        cellCodec.encode(cells, markers, null, out);
        int deletions = 0;
        for (Row row : rows) {
            if (row.deletion() != null) {
                longs[deletions++] = row.deletion().markedForDeleteAtMicros();
            }
        }
        LongSequenceCodec.encode(longs, deletions, out);
        deletions = 0;
        for (Row row : rows) {
            if (row.deletion() != null) {
                longs[deletions++] = row.deletion().localDeletionTimeSeconds()
                        - Math.floorDiv(row.deletion().markedForDeleteAtMicros(), 1_000_000L);
            }
        }
        LongSequenceCodec.encode(longs, deletions, out);
    }

    private void encodeColumn(int column, EncodeBuffer out) {
        int present = 0;
        for (Row row : rows) {
            Cell cell = column < row.cells().length ? row.cells()[column] : null;
            if (cell != null) {
                cells[present++] = cell;
            }
        }
        if (present == 0 || present == rows.size()) {
            out.putByte(present == 0 ? NO_CELLS : ALL_CELLS);
        } else {
            out.putByte(BITMAP);
            int bitmapAt = out.position();
            for (int i = 0; i < (rows.size() + 7) / 8; i++) {
                out.putByte(0);
            }
            byte[] bytes = out.array();
            for (int i = 0; i < rows.size(); i++) {
                Cell[] rowCells = rows.get(i).cells();
                if (column < rowCells.length && rowCells[column] != null) {
                    bytes[bitmapAt + i / 8] |= (byte) (1 << (i % 8));
                }
            }
        }
        cellCodec.encode(cells, present, columnTypes[column], out);
    }
}
