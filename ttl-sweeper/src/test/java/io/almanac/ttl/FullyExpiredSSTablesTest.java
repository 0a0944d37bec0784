package io.almanac.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullyExpiredSSTablesTest {

    private static final long NOW_SECONDS = 1_767_225_600L + 30 * 86_400L;
    private static final long GC_GRACE_SECONDS = 3_600;
    private static final long GC_BEFORE_SECONDS = NOW_SECONDS - GC_GRACE_SECONDS;
    private static final long NO_MEMTABLE = Long.MAX_VALUE;

    /** An SSTable over the token range [minToken, maxToken]. */
    private static SSTableInfo sstable(long generation, long minTimestampMicros, long maxTimestampMicros,
                                       long maxLocalDeletionTimeSeconds, long minToken, long maxToken) {
        return new SSTableInfo(generation, 1_000 * generation, 10, 100, minTimestampMicros, maxTimestampMicros,
                maxLocalDeletionTimeSeconds, minToken, maxToken, 0);
    }

    private static SSTableInfo expired(long generation, long minTs, long maxTs) {
        return sstable(generation, minTs, maxTs, GC_BEFORE_SECONDS - 1, -100, 100);
    }

    private static SSTableInfo live(long generation, long minTs, long maxTs) {
        return sstable(generation, minTs, maxTs, Long.MAX_VALUE, -100, 100);
    }

    private static FullyExpiredSSTables.Result evaluate(long minMemtableMicros, boolean aggressive,
                                                        SSTableInfo... live) {
        return FullyExpiredSSTables.evaluate(List.of(live), minMemtableMicros, NOW_SECONDS, GC_GRACE_SECONDS,
                aggressive);
    }

    private static List<Long> dropped(FullyExpiredSSTables.Result result) {
        return result.drops().stream().map(d -> d.sstable().generation()).toList();
    }

    @Test
    void anExpiredSSTableWithNothingOlderAroundIsDropped() {
        FullyExpiredSSTables.Result result = evaluate(NO_MEMTABLE, false, expired(1, 100, 200), live(2, 300, 400));
        assertThat(dropped(result)).containsExactly(1L);
        assertThat(result.blocked()).isEmpty();
        assertThat(result.drops().get(0).reason()).contains("fully expired", "gc_grace_seconds 3600",
                "max timestamp 200", "(timestamp 300)");
    }

    @Test
    void gcGraceMustHavePassedStrictly() {
        SSTableInfo graceEndsNow = sstable(1, 100, 200, GC_BEFORE_SECONDS, -100, 100);
        SSTableInfo graceOver = sstable(2, 100, 200, GC_BEFORE_SECONDS - 1, 300, 400);
        assertThat(dropped(evaluate(NO_MEMTABLE, false, graceEndsNow, graceOver))).containsExactly(2L);
    }

    @Test
    void anSSTableWithAnyNonExpiringDataIsNeverACandidate() {
        FullyExpiredSSTables.Result result = evaluate(NO_MEMTABLE, true, live(1, 100, 200));
        assertThat(result.drops()).isEmpty();
        assertThat(result.blocked()).isEmpty();
    }

    @Test
    void olderLiveDataInAnOverlappingSSTableBlocksTheDrop() {
        FullyExpiredSSTables.Result result = evaluate(NO_MEMTABLE, false, expired(1, 100, 200), live(2, 50, 400),
                live(3, 199, 500), live(4, 200, 600), live(5, 201, 700));
        assertThat(result.drops()).isEmpty();
        // 4 starts at the candidate's max timestamp: still blocks (drop needs max < min live, strictly)
        assertThat(result.blocked()).singleElement().satisfies(blocked -> {
            assertThat(blocked.sstable().generation()).isEqualTo(1);
            assertThat(blocked.blockerGenerations()).containsExactly(2L, 3L, 4L);
            assertThat(blocked.blockedByMemtable()).isFalse();
        });
    }

    @Test
    void olderLiveDataOutsideTheTokenRangeDoesNotBlock() {
        SSTableInfo candidate = sstable(1, 100, 200, GC_BEFORE_SECONDS - 1, 0, 10);
        SSTableInfo elsewhere = sstable(2, 50, 400, Long.MAX_VALUE, 11, 1_000);
        SSTableInfo touching = sstable(3, 50, 400, Long.MAX_VALUE, -1_000, 0);
        assertThat(dropped(evaluate(NO_MEMTABLE, false, candidate, elsewhere))).containsExactly(1L);
        assertThat(dropped(evaluate(NO_MEMTABLE, false, candidate, touching))).isEmpty();
    }

    @Test
    void olderMemtableDataBlocksTheDrop() {
        FullyExpiredSSTables.Result blocked = evaluate(200, false, expired(1, 100, 200));
        assertThat(blocked.drops()).isEmpty();
        assertThat(blocked.blocked()).singleElement().satisfies(b -> {
            assertThat(b.blockedByMemtable()).isTrue();
            assertThat(b.blockerGenerations()).isEmpty();
        });
        assertThat(dropped(evaluate(201, false, expired(1, 100, 200)))).containsExactly(1L);
    }

    @Test
    void expiredNeighboursDoNotBlockEachOther() {
        FullyExpiredSSTables.Result result = evaluate(NO_MEMTABLE, false, expired(1, 100, 200), expired(2, 10, 500));
        assertThat(dropped(result)).containsExactly(1L, 2L);
    }

    @Test
    void tombstonesStillInGraceCountAsOlderData() {
        SSTableInfo recentDeletes = sstable(2, 50, 60, GC_BEFORE_SECONDS + 10, -100, 100);
        assertThat(dropped(evaluate(NO_MEMTABLE, false, expired(1, 100, 200), recentDeletes))).isEmpty();
    }

    @Test
    void aggressiveExpirationSkipsTheOverlapAndMemtableChecks() {
        FullyExpiredSSTables.Result result = evaluate(0, true, expired(1, 100, 200), live(2, 50, 400));
        assertThat(dropped(result)).containsExactly(1L);
        assertThat(result.drops().get(0).reason()).startsWith("unsafe_aggressive_sstable_expiration");
        assertThat(dropped(evaluate(0, true, sstable(3, 1, 2, GC_BEFORE_SECONDS, -1, 1)))).isEmpty();
    }

    @Test
    void nothingLiveGivesNothing() {
        FullyExpiredSSTables.Result result = evaluate(NO_MEMTABLE, false);
        assertThat(result.drops()).isEmpty();
        assertThat(result.blocked()).isEmpty();
    }
}
