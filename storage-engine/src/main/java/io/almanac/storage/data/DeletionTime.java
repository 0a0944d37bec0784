package io.almanac.storage.data;

/**
 * A row or partition deletion (Cassandra's {@code DeletionTime}): it shadows every cell and row marker whose
 * timestamp is less than or equal to {@code markedForDeleteAtMicros} — a delete wins a timestamp tie.
 *
 * @param markedForDeleteAtMicros  the delete's timestamp, microseconds since the epoch
 * @param localDeletionTimeSeconds the second the delete was applied (for gc_grace_seconds purging)
 */
public record DeletionTime(long markedForDeleteAtMicros, long localDeletionTimeSeconds) {

    /** @return whether a value written at {@code timestampMicros} is shadowed by this deletion */
    public boolean deletes(long timestampMicros) {
        return timestampMicros <= markedForDeleteAtMicros;
    }

    /** @return the deletion that shadows more (later timestamp; later local time on a tie); null-safe */
    public static DeletionTime latest(DeletionTime left, DeletionTime right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        if (left.markedForDeleteAtMicros != right.markedForDeleteAtMicros) {
            return left.markedForDeleteAtMicros > right.markedForDeleteAtMicros ? left : right;
        }
        return left.localDeletionTimeSeconds >= right.localDeletionTimeSeconds ? left : right;
    }
}
