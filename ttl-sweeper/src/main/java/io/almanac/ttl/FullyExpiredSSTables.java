package io.almanac.ttl;

import io.almanac.storage.compaction.SSTableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which SSTables can be dropped whole because everything in them has expired or been deleted, and dropping them
 * cannot resurrect anything (apache/cassandra {@code CompactionController.getFullyExpiredSSTables}; reference §4.4):
 *
 * <pre>
 *   gcBefore  = now - gc_grace_seconds
 *   candidate : maxLocalDeletionTime &lt; gcBefore                 (no live cell, grace over)
 *   blockers  : SSTables that are not candidates and whose token range overlaps the candidate's
 *               (they may hold live data of the candidate's partitions), and the memtables
 *   drop      : candidate.maxTimestamp &lt; min(blocker.minTimestamp)
 *               -&gt; every datum its tombstones could shadow is strictly newer, so they shadow nothing
 *   unsafe_aggressive_sstable_expiration: every candidate is dropped (CASSANDRA-13418; may resurrect deleted data)
 * </pre>
 *
 * <p>The candidate set is the table's whole live set here (the sweeper runs apart from compaction, as Scylla's
 * expiry job does), so Cassandra's "overlapping SSTables outside the compacting set" and "non-candidate compacting
 * SSTables" become one rule: the live non-candidates whose token range overlaps the candidate. Candidates never block
 * each other: they hold no live data.
 *
 * <p>Thread safety: stateless.
 */
public final class FullyExpiredSSTables {

    private FullyExpiredSSTables() {
    }

    /**
     * A droppable SSTable.
     *
     * @param sstable the SSTable
     * @param reason  why it may go, for the log and the report
     */
    public record Drop(SSTableInfo sstable, String reason) {
    }

    /**
     * A candidate that must stay: fully expired, but older live data could be shadowed by its tombstones.
     *
     * @param sstable            the candidate
     * @param blockerGenerations generations of the overlapping SSTables holding data at or before its max timestamp
     * @param blockedByMemtable  whether the memtables hold data at or before its max timestamp
     */
    public record Blocked(SSTableInfo sstable, List<Long> blockerGenerations, boolean blockedByMemtable) {
    }

    /**
     * @param drops   the SSTables to drop, in the order given
     * @param blocked the fully expired SSTables that must stay (Cassandra's {@code sstableexpiredblockers})
     */
    public record Result(List<Drop> drops, List<Blocked> blocked) {
    }

    /**
     * Applies the rule.
     *
     * @param live                       the table's live SSTables
     * @param minMemtableTimestampMicros smallest timestamp in the table's memtables, µs; {@code Long.MAX_VALUE} when
     *                                   empty (read it before {@code live}, so a flush in between is seen in
     *                                   {@code live})
     * @param nowSeconds                 now, seconds since the epoch
     * @param gcGraceSeconds             the table's {@code gc_grace_seconds}
     * @param unsafeAggressive           skip the overlap and memtable checks
     * @return what may be dropped and what is blocked
     */
    public static Result evaluate(List<SSTableInfo> live, long minMemtableTimestampMicros, long nowSeconds,
                                  long gcGraceSeconds, boolean unsafeAggressive) {
        long gcBeforeSeconds = nowSeconds - gcGraceSeconds;
        List<SSTableInfo> candidates = new ArrayList<>();
        List<SSTableInfo> holders = new ArrayList<>();
        for (SSTableInfo sstable : live) {
            (sstable.maxLocalDeletionTimeSeconds() < gcBeforeSeconds ? candidates : holders).add(sstable);
        }
        List<Drop> drops = new ArrayList<>();
        List<Blocked> blocked = new ArrayList<>();
        for (SSTableInfo candidate : candidates) {
            if (unsafeAggressive) {
                drops.add(new Drop(candidate, "unsafe_aggressive_sstable_expiration: all data expired or deleted "
                        + "before " + Instant.ofEpochSecond(gcBeforeSeconds) + ", overlaps not checked"));
                continue;
            }
            List<Long> blockers = new ArrayList<>();
            long oldestOverlappingMicros = Long.MAX_VALUE;
            for (SSTableInfo holder : holders) {
                if (holder.overlaps(candidate)) {
                    oldestOverlappingMicros = Math.min(oldestOverlappingMicros, holder.minTimestampMicros());
                    if (holder.minTimestampMicros() <= candidate.maxTimestampMicros()) {
                        blockers.add(holder.generation());
                    }
                }
            }
            boolean memtableBlocks = minMemtableTimestampMicros <= candidate.maxTimestampMicros();
            if (blockers.isEmpty() && !memtableBlocks) {
                drops.add(new Drop(candidate, reason(candidate, gcBeforeSeconds, gcGraceSeconds,
                        Math.min(oldestOverlappingMicros, minMemtableTimestampMicros))));
            } else {
                blocked.add(new Blocked(candidate, List.copyOf(blockers), memtableBlocks));
            }
        }
        return new Result(List.copyOf(drops), List.copyOf(blocked));
    }

    private static String reason(SSTableInfo candidate, long gcBeforeSeconds, long gcGraceSeconds,
                                 long oldestLiveMicros) {
        String newer = oldestLiveMicros == Long.MAX_VALUE ? "no overlapping live data and empty memtables"
                : "the oldest overlapping live or memtable data is newer (timestamp " + oldestLiveMicros + ")";
        return "fully expired: last expiry or deletion at " + Instant.ofEpochSecond(
                candidate.maxLocalDeletionTimeSeconds()) + " is before " + Instant.ofEpochSecond(gcBeforeSeconds)
                + " (now - gc_grace_seconds " + gcGraceSeconds + "); max timestamp "
                + candidate.maxTimestampMicros() + ", " + newer;
    }
}
