package io.almanac.storage.data;

import java.util.Arrays;

/**
 * One version of one column value, or its deletion (Cassandra's {@code Cell}, see
 * ../shared/reference/cql-protocol-and-storage.md §5.1):
 *
 * <pre>
 *   kind       ttlSeconds  localDeletionTimeSeconds   value
 *   regular    0           NO_DELETION_TIME           bytes
 *   expiring   &gt; 0         write second + ttl         bytes
 *   tombstone  0           second of the delete       null
 * </pre>
 *
 * @param timestampMicros          the write timestamp, microseconds since the epoch (USING TIMESTAMP or server time)
 * @param ttlSeconds               the TTL the cell was written with, seconds; 0 = none
 * @param localDeletionTimeSeconds expiry (expiring) or deletion (tombstone) second since the epoch;
 *                                 {@link #NO_DELETION_TIME} for a regular cell
 * @param value                    the serialized value, null for a tombstone; not copied
 */
public record Cell(long timestampMicros, int ttlSeconds, long localDeletionTimeSeconds, byte[] value) {

    /** localDeletionTimeSeconds of a cell that never expires. */
    public static final long NO_DELETION_TIME = Long.MAX_VALUE;

    /** @return a regular cell, or an expiring one when {@code ttlSeconds > 0} */
    public static Cell live(long timestampMicros, int ttlSeconds, long nowSeconds, byte[] value) {
        long expirySeconds = ttlSeconds > 0 ? nowSeconds + ttlSeconds : NO_DELETION_TIME;
        return new Cell(timestampMicros, ttlSeconds, expirySeconds, value);
    }

    /** @return a tombstone written at {@code nowSeconds} */
    public static Cell tombstone(long timestampMicros, long nowSeconds) {
        return new Cell(timestampMicros, 0, nowSeconds, null);
    }

    public boolean isTombstone() {
        return value == null;
    }

    public boolean isExpiring() {
        return value != null && ttlSeconds > 0;
    }

    /** @return whether the cell holds a value at {@code nowSeconds}: not a tombstone and not expired */
    public boolean isLive(long nowSeconds) {
        return value != null && (ttlSeconds == 0 || nowSeconds < localDeletionTimeSeconds);
    }

    /**
     * Cassandra's reconciliation ({@code Cells.resolveRegular}): higher timestamp wins; on a tie a tombstone or
     * expiring cell beats a regular one, a tombstone beats an expiring cell, the later deletion time wins, then the
     * greater value (unsigned bytes).
     *
     * @return whichever of {@code this} and {@code other} survives
     */
    public Cell reconcile(Cell other) {
        if (timestampMicros != other.timestampMicros) {
            return timestampMicros > other.timestampMicros ? this : other;
        }
        boolean thisPermanent = !isTombstone() && !isExpiring();
        boolean otherPermanent = !other.isTombstone() && !other.isExpiring();
        if (thisPermanent != otherPermanent) {
            return thisPermanent ? other : this;
        }
        if (!thisPermanent) {
            if (isTombstone() != other.isTombstone()) {
                return isTombstone() ? this : other;
            }
            if (localDeletionTimeSeconds != other.localDeletionTimeSeconds) {
                return localDeletionTimeSeconds > other.localDeletionTimeSeconds ? this : other;
            }
            if (isTombstone()) {
                return this;
            }
        }
        return Arrays.compareUnsigned(value, other.value) >= 0 ? this : other;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cell that && timestampMicros == that.timestampMicros && ttlSeconds == that.ttlSeconds
                && localDeletionTimeSeconds == that.localDeletionTimeSeconds && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampMicros) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Cell(ts=" + timestampMicros + ", ttl=" + ttlSeconds + ", ldt=" + localDeletionTimeSeconds + ", "
                + (value == null ? "tombstone" : java.util.HexFormat.of().formatHex(value)) + ")";
    }
}
