package io.almanac.storage.sstable.encoding;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.data.Cell;
import io.almanac.storage.schema.CqlType;
import java.util.Arrays;

/**
 * Encodes the cells of one column of a block (or the block's row markers), field by field. The local deletion
 * time is stored as the difference from what the other fields predict, so the usual cells cost almost nothing:
 *
 * <pre>
 * CellColumn := kinds:LongSequence(count)          0 = value, 1 = tombstone
 *               timestamps:LongSequence(count)     timestampMicros
 *               ttls:LongSequence(count)           ttlSeconds
 *               deletionResiduals:LongSequence(count)
 *                                                  localDeletionTimeSeconds - prediction, where prediction =
 *                                                    tombstone:       floorDiv(timestampMicros, 10^6)
 *                                                    ttlSeconds &gt; 0: floorDiv(timestampMicros, 10^6) + ttlSeconds
 *                                                    otherwise:       Cell.NO_DELETION_TIME
 *               values:ValueColumn(count of kind 0)
 * (LongSequence: {@link LongSequenceCodec}; ValueColumn: {@link ValueColumnCodec}; differences wrap modulo 2^64)
 * </pre>
 *
 * <p>Thread safety: an instance is not thread safe; {@link #decode} is static. Allocation: encoding reuses its
 * scratch arrays; decoding allocates the cells, the returned array and what {@link ValueColumnCodec#decode} does.
 */
public final class CellColumnCodec {

    private final ValueColumnCodec values = new ValueColumnCodec();
    private long[] scratch = new long[0];
    private byte[][] liveValues = new byte[0][];

    /**
     * Writes {@code cells[0, count)} (none null) as a CellColumn.
     *
     * @param type the column's type for the value encoding, or null
     */
    public void encode(Cell[] cells, int count, CqlType type, EncodeBuffer out) {
        if (scratch.length < count) {
            scratch = new long[count];
            liveValues = new byte[count][];
        }
        int live = 0;
        for (int i = 0; i < count; i++) {
            scratch[i] = cells[i].isTombstone() ? 1 : 0;
            if (!cells[i].isTombstone()) {
                liveValues[live++] = cells[i].value();
            }
        }
        LongSequenceCodec.encode(scratch, count, out);
        for (int i = 0; i < count; i++) {
            scratch[i] = cells[i].timestampMicros();
        }
        LongSequenceCodec.encode(scratch, count, out);
        for (int i = 0; i < count; i++) {
            scratch[i] = cells[i].ttlSeconds();
        }
        LongSequenceCodec.encode(scratch, count, out);
        for (int i = 0; i < count; i++) {
            Cell cell = cells[i];
            scratch[i] = cell.localDeletionTimeSeconds()
                    - predictedDeletion(cell.isTombstone(), cell.timestampMicros(), cell.ttlSeconds());
        }
        LongSequenceCodec.encode(scratch, count, out);
        values.encode(liveValues, live, type, out);
        Arrays.fill(liveValues, 0, live, null);
    }

    /** @return the local deletion time, seconds, that a cell with these fields usually has */
    static long predictedDeletion(boolean tombstone, long timestampMicros, long ttlSeconds) {
        if (tombstone) {
            return Math.floorDiv(timestampMicros, 1_000_000L);
        }
        return ttlSeconds > 0 ? Math.floorDiv(timestampMicros, 1_000_000L) + ttlSeconds : Cell.NO_DELETION_TIME;
    }

    /**
     * Reads a CellColumn of {@code count} cells.
     *
     * @throws MalformedDataException on an unknown kind, a TTL outside [0, 2^31), or any malformed sequence
     */
    public static Cell[] decode(DecodeCursor in, int count) {
        long[] kinds = new long[count];
        long[] timestamps = new long[count];
        long[] ttls = new long[count];
        long[] residuals = new long[count];
        int at = in.offset();
        LongSequenceCodec.decode(in, count, kinds);
        LongSequenceCodec.decode(in, count, timestamps);
        LongSequenceCodec.decode(in, count, ttls);
        LongSequenceCodec.decode(in, count, residuals);
        int live = 0;
        for (int i = 0; i < count; i++) {
            if (kinds[i] != 0 && kinds[i] != 1) {
                throw new MalformedDataException(at, "unknown cell kind " + kinds[i]);
            }
            if (ttls[i] < 0 || ttls[i] > Integer.MAX_VALUE) {
                throw new MalformedDataException(at, "bad TTL " + ttls[i]);
            }
            live += kinds[i] == 0 ? 1 : 0;
        }
        byte[][] values = ValueColumnCodec.decode(in, live);
        Cell[] cells = new Cell[count];
        int nextValue = 0;
        for (int i = 0; i < count; i++) {
            boolean tombstone = kinds[i] == 1;
            long deletion = residuals[i] + predictedDeletion(tombstone, timestamps[i], ttls[i]);
            cells[i] = new Cell(timestamps[i], (int) ttls[i], deletion, tombstone ? null : values[nextValue++]);
        }
        return cells;
    }
}
