package io.almanac.storage.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded tombstone drop-time histogram and the droppable ratio {@link SSTableInfo} derives from it. */
class TombstoneHistogramTest {

    private static final long BASE_SECONDS = 1_763_700_000L; // a multiple of 60

    @Test
    void entriesAreRoundedUpToTheMinuteAndCountedBeforeGcBefore() {
        TombstoneHistogram.Builder builder = new TombstoneHistogram.Builder();
        builder.add(BASE_SECONDS);          // on a minute: stays
        builder.add(BASE_SECONDS + 1);      // -> BASE + 60
        builder.add(BASE_SECONDS + 59);     // -> BASE + 60
        builder.add(BASE_SECONDS + 600);
        TombstoneHistogram histogram = builder.build();

        assertThat(histogram.binCount()).isEqualTo(3);
        assertThat(histogram.pointSeconds(1)).isEqualTo(BASE_SECONDS + 60);
        assertThat(histogram.count(1)).isEqualTo(2);
        assertThat(histogram.totalCount()).isEqualTo(4);
        assertThat(histogram.countBefore(BASE_SECONDS)).isZero();
        assertThat(histogram.countBefore(BASE_SECONDS + 1)).isEqualTo(1);
        // BASE+1 and BASE+59 are before BASE+60 but rounded to it: not counted yet (never over-estimated)
        assertThat(histogram.countBefore(BASE_SECONDS + 60)).isEqualTo(1);
        assertThat(histogram.countBefore(BASE_SECONDS + 61)).isEqualTo(3);
        assertThat(histogram.countBefore(Long.MAX_VALUE)).isEqualTo(4);
    }

    @Test
    void manyDistinctTimesStayWithinMaxBinsAndNeverCountAnEntryEarly() {
        Random random = new Random(7);
        long[] times = new long[20_000];
        TombstoneHistogram.Builder builder = new TombstoneHistogram.Builder();
        for (int i = 0; i < times.length; i++) {
            times[i] = BASE_SECONDS + random.nextInt(30 * 86_400);
            builder.add(times[i]);
        }
        TombstoneHistogram histogram = builder.build();

        assertThat(histogram.binCount()).isEqualTo(TombstoneHistogram.MAX_BINS);
        assertThat(histogram.totalCount()).isEqualTo(times.length);
        for (long gcBefore = BASE_SECONDS; gcBefore <= BASE_SECONDS + 31 * 86_400; gcBefore += 3_600) {
            long exact = 0;
            for (long time : times) {
                exact += time < gcBefore ? 1 : 0;
            }
            long estimate = histogram.countBefore(gcBefore);
            assertThat(estimate).isLessThanOrEqualTo(exact);
            // uniform times over 30 days in 100 bins of about 7.2 hours: the estimate lags by about a bin or two
            assertThat(exact - estimate).isLessThanOrEqualTo(times.length / 20);
        }
    }

    @Test
    void ofRoundTripsBinsAndRefusesBadOnes() {
        TombstoneHistogram histogram = TombstoneHistogram.of(new long[] {60, 120}, new long[] {3, 4});
        assertThat(histogram.countBefore(121)).isEqualTo(7);
        assertThat(histogram).isEqualTo(TombstoneHistogram.of(new long[] {60, 120}, new long[] {3, 4}));
        assertThat(TombstoneHistogram.of(new long[0], new long[0])).isSameAs(TombstoneHistogram.EMPTY);

        assertThatThrownBy(() -> TombstoneHistogram.of(new long[] {120, 60}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin 1");
        assertThatThrownBy(() -> TombstoneHistogram.of(new long[] {60}, new long[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin 0");
        assertThatThrownBy(() -> TombstoneHistogram.of(new long[101], new long[101]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100");
    }

    @Test
    void ratioIsDroppableOverCellsAndOldMetadataNeverQualifies() {
        TombstoneHistogram dropTimes = TombstoneHistogram.of(new long[] {BASE_SECONDS, BASE_SECONDS + 86_400},
                new long[] {30, 20});
        SSTableInfo info = new SSTableInfo(1, 1_000, 10, 100, 1, 2, BASE_SECONDS + 86_400, -5, 5, 30, 200,
                BASE_SECONDS - 3_600, dropTimes);

        assertThat(info.estimatedDroppableTombstones(BASE_SECONDS + 1)).isEqualTo(30);
        assertThat(info.droppableTombstoneRatio(BASE_SECONDS + 1)).isEqualTo(0.15);
        assertThat(info.droppableTombstoneRatio(BASE_SECONDS + 86_401)).isEqualTo(0.25);
        assertThat(info.droppableTombstoneRatio(BASE_SECONDS)).isZero();

        SSTableInfo legacy = new SSTableInfo(1, 1_000, 10, 100, 1, 2, BASE_SECONDS, -5, 5, 30);
        assertThat(legacy.cellCount()).isEqualTo(130);
        assertThat(legacy.tombstoneDropTimes()).isSameAs(TombstoneHistogram.EMPTY);
        assertThat(legacy.droppableTombstoneRatio(Long.MAX_VALUE)).isZero();
    }
}
