package io.almanac.server.model;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.DeletionTime;
import java.util.Arrays;

/**
 * Cassandra's reconciliation rules, written out for the model independently of the engine's own
 * {@code Cell.reconcile} (apache/cassandra {@code db/rows/Cells.resolveRegular}, {@code LivenessInfo.supersedes},
 * {@code DeletionTime.deletes}; reference/cql-protocol-and-storage.md §5.1 and §5.4).
 *
 * <p>Thread safety: stateless.
 */
final class ModelRules {

    private ModelRules() {
    }

    /**
     * Two versions of one cell (or row marker): the higher timestamp wins; on a tie an expiring cell or tombstone
     * beats a regular cell (CASSANDRA-14592), a tombstone beats an expiring cell, then the larger local deletion
     * time, then the greater value by unsigned bytes (the left one on an exact tie).
     */
    static Cell reconcile(Cell left, Cell right) {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        if (left.timestampMicros() != right.timestampMicros()) {
            return left.timestampMicros() > right.timestampMicros() ? left : right;
        }
        boolean leftHasDeletionTime = left.localDeletionTimeSeconds() != Cell.NO_DELETION_TIME;
        boolean rightHasDeletionTime = right.localDeletionTimeSeconds() != Cell.NO_DELETION_TIME;
        if (leftHasDeletionTime || rightHasDeletionTime) {
            if (leftHasDeletionTime != rightHasDeletionTime) {
                return leftHasDeletionTime ? left : right;
            }
            boolean leftTombstone = left.value() == null;
            boolean rightTombstone = right.value() == null;
            if (leftTombstone != rightTombstone) {
                return leftTombstone ? left : right;
            }
            if (left.localDeletionTimeSeconds() != right.localDeletionTimeSeconds()) {
                return left.localDeletionTimeSeconds() > right.localDeletionTimeSeconds() ? left : right;
            }
            if (leftTombstone) {
                return left;
            }
        }
        return Arrays.compareUnsigned(left.value(), right.value()) >= 0 ? left : right;
    }

    /** @return the deletion with the later timestamp (the later local deletion time on a tie); null-safe */
    static DeletionTime later(DeletionTime left, DeletionTime right) {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        if (left.markedForDeleteAtMicros() != right.markedForDeleteAtMicros()) {
            return left.markedForDeleteAtMicros() > right.markedForDeleteAtMicros() ? left : right;
        }
        return left.localDeletionTimeSeconds() >= right.localDeletionTimeSeconds() ? left : right;
    }

    /** @return whether {@code deletion} (may be null) shadows data written at {@code timestampMicros}: ts <= mfda */
    static boolean shadows(DeletionTime deletion, long timestampMicros) {
        return deletion != null && timestampMicros <= deletion.markedForDeleteAtMicros();
    }

    /** @return whether the cell holds a value at {@code nowSeconds}: not a tombstone, not expired (now >= ldt) */
    static boolean isLive(Cell cell, long nowSeconds) {
        return cell != null && cell.value() != null
                && (cell.ttlSeconds() == 0 || nowSeconds < cell.localDeletionTimeSeconds());
    }

    /**
     * @return whether compaction or the TTL sweeper may by now have purged this cell or marker so that it no longer
     *         shadows older writes: a tombstone whose deletion time, or an expired cell whose write second (expiry
     *         minus TTL), lies before {@code gcBeforeSeconds}
     */
    static boolean mayBePurged(Cell cell, long nowSeconds, long gcBeforeSeconds) {
        if (cell == null) {
            return false;
        }
        if (cell.value() == null) {
            return cell.localDeletionTimeSeconds() < gcBeforeSeconds;
        }
        return cell.ttlSeconds() > 0 && !isLive(cell, nowSeconds)
                && cell.localDeletionTimeSeconds() - cell.ttlSeconds() < gcBeforeSeconds;
    }

    /** @return whether compaction may by now have purged this deletion */
    static boolean mayBePurged(DeletionTime deletion, long gcBeforeSeconds) {
        return deletion != null && deletion.localDeletionTimeSeconds() < gcBeforeSeconds;
    }
}
