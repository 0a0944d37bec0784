package io.almanac.compaction.twcs;

import static io.almanac.compaction.twcs.SSTables.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeTieredBucketsTest {

    private static List<SSTableInfo> sized(long... sizes) {
        List<SSTableInfo> sstables = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            sstables.add(SSTables.sstable(i + 1, sizes[i], 0, 1));
        }
        return sstables;
    }

    private static List<List<Long>> sizes(List<List<SSTableInfo>> buckets) {
        return buckets.stream().map(b -> b.stream().map(SSTableInfo::sizeBytes).toList()).toList();
    }

    @Test
    void similarSizesShareABucketAndSmallOnesGroupTogether() {
        List<SSTableInfo> sstables = sized(1 * MIB, 2 * MIB, 49 * MIB, 100 * MIB, 120 * MIB, 90 * MIB, 400 * MIB,
                1_000 * MIB, 1_100 * MIB);
        assertThat(sizes(SizeTieredBuckets.buckets(sstables, SizeTieredOptions.DEFAULT))).containsExactly(
                List.of(1 * MIB, 2 * MIB, 49 * MIB),
                List.of(90 * MIB, 100 * MIB, 120 * MIB),
                List.of(400 * MIB),
                List.of(1_000 * MIB, 1_100 * MIB));
    }

    @Test
    void boundsAreExclusive() {
        // 150 is not < 1.5 x 100, so it starts a bucket of its own
        SizeTieredOptions noSmall = new SizeTieredOptions(0.5, 1.5, 0);
        assertThat(sizes(SizeTieredBuckets.buckets(sized(100, 150), noSmall)))
                .containsExactly(List.of(100L), List.of(150L));
        assertThat(sizes(SizeTieredBuckets.buckets(sized(100, 149), noSmall))).containsExactly(List.of(100L, 149L));
    }

    @Test
    void theMostInterestingBucketHasTheSmallestAverageAndEnoughSSTables() {
        List<SSTableInfo> sstables = sized(100 * MIB, 101 * MIB, 102 * MIB, 103 * MIB, 1_000 * MIB, 1_001 * MIB,
                1_002 * MIB, 1_003 * MIB, 1_004 * MIB, 10 * MIB, 11 * MIB);
        List<List<SSTableInfo>> buckets = SizeTieredBuckets.buckets(sstables, SizeTieredOptions.DEFAULT);
        assertThat(SizeTieredBuckets.mostInterestingBucket(buckets, 4, 32)).extracting(SSTableInfo::sizeBytes)
                .containsExactly(100 * MIB, 101 * MIB, 102 * MIB, 103 * MIB);
        assertThat(SizeTieredBuckets.mostInterestingBucket(buckets, 5, 32)).hasSize(5)
                .allMatch(s -> s.sizeBytes() >= 1_000 * MIB);
        assertThat(SizeTieredBuckets.mostInterestingBucket(buckets, 2, 32)).extracting(SSTableInfo::sizeBytes)
                .containsExactly(10 * MIB, 11 * MIB);
        assertThat(SizeTieredBuckets.mostInterestingBucket(buckets, 6, 32)).isEmpty();
    }

    @Test
    void aBucketIsTrimmedToItsSmallestSSTables() {
        List<SSTableInfo> sstables = sized(105, 101, 104, 100, 103, 102);
        List<List<SSTableInfo>> buckets = SizeTieredBuckets.buckets(sstables, SizeTieredOptions.DEFAULT);
        assertThat(SizeTieredBuckets.mostInterestingBucket(buckets, 2, 3)).extracting(SSTableInfo::sizeBytes)
                .containsExactly(100L, 101L, 102L);
    }
}
