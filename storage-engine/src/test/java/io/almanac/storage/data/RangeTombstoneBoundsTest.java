package io.almanac.storage.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeTombstone#contains} and {@link RangeTombstone#isEmpty} over every pair of bounds on a small domain of a
 * (a ASC, b DESC) clustering, checked against the read path's {@link Slice#contains} and against enumeration.
 */
class RangeTombstoneBoundsTest {

    private static final ClusteringComparator COMPARATOR = new ClusteringComparator(new TableMetadata("ks", "t",
            UUID.randomUUID(), List.of(
                    new ColumnMetadata("p", NativeType.INT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                    new ColumnMetadata("a", NativeType.INT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                    new ColumnMetadata("b", NativeType.INT, ColumnKind.CLUSTERING, 1, ClusteringOrder.DESC)),
            TableParams.DEFAULT));
    private static final DeletionTime DELETION = new DeletionTime(10, 1);

    private static Clustering clustering(int... values) {
        byte[][] encoded = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            encoded[i] = NativeType.INT.encode(values[i]);
        }
        return Clustering.of(encoded);
    }

    private static List<Clustering> prefixes() {
        List<Clustering> prefixes = new ArrayList<>(List.of(Clustering.EMPTY));
        for (int a = 0; a < 3; a++) {
            prefixes.add(clustering(a));
            for (int b = 0; b < 3; b++) {
                prefixes.add(clustering(a, b));
            }
        }
        return prefixes;
    }

    @Test
    void containmentMatchesTheReadSliceAndEmptyRangesHoldNothing() {
        List<Clustering> rows = prefixes().stream().filter(c -> c.size() == 2).toList();
        int checkedEmpty = 0;
        for (Clustering low : prefixes()) {
            for (Clustering high : prefixes()) {
                for (int flags = 0; flags < 4; flags++) {
                    boolean startInclusive = (flags & 1) != 0;
                    boolean endInclusive = (flags & 2) != 0;
                    RangeTombstone tombstone = new RangeTombstone(new ClusteringBound(low, startInclusive),
                            new ClusteringBound(high, endInclusive), DELETION);
                    Slice slice = new Slice(new Bound(low, startInclusive), new Bound(high, endInclusive));
                    boolean any = false;
                    for (Clustering row : rows) {
                        boolean contained = tombstone.contains(row, COMPARATOR);
                        assertThat(contained).as("%s contains %s", tombstone, row)
                                .isEqualTo(slice.contains(row, COMPARATOR));
                        any |= contained;
                    }
                    if (tombstone.isEmpty(COMPARATOR)) {
                        assertThat(any).as("%s is empty", tombstone).isFalse();
                        checkedEmpty++;
                    }
                }
            }
        }
        assertThat(checkedEmpty).as("the domain has empty ranges").isGreaterThan(100);
    }

    @Test
    void emptinessFollowsTheStorageOrderOfEachColumn() {
        assertThat(range(clustering(1), true, clustering(1), true).isEmpty(COMPARATOR)).isFalse();
        assertThat(range(clustering(1), false, clustering(1), true).isEmpty(COMPARATOR)).isTrue();
        assertThat(range(clustering(2), true, clustering(1), true).isEmpty(COMPARATOR)).isTrue();
        assertThat(range(clustering(1, 2), true, clustering(1, 0), true).isEmpty(COMPARATOR))
                .as("b is DESC: (1, 2) sorts before (1, 0)").isFalse();
        assertThat(range(clustering(1), true, clustering(1, 0), false).isEmpty(COMPARATOR)).isFalse();
        assertThat(range(clustering(1), false, clustering(1, 0), true).isEmpty(COMPARATOR))
                .as("after all of a = 1 cannot precede (1, 0)").isTrue();
        assertThat(range(clustering(1, 0), true, clustering(1), false).isEmpty(COMPARATOR))
                .as("before all of a = 1 cannot follow (1, 0)").isTrue();
        assertThat(new RangeTombstone(ClusteringBound.UNBOUNDED, ClusteringBound.UNBOUNDED, DELETION)
                .isEmpty(COMPARATOR)).isFalse();
    }

    @Test
    void theLatestCoveringDeletionWins() {
        RangeTombstone wide = new RangeTombstone(ClusteringBound.UNBOUNDED, ClusteringBound.UNBOUNDED,
                new DeletionTime(5, 1));
        RangeTombstone narrow = RangeTombstone.prefix(clustering(1), new DeletionTime(9, 1));
        List<RangeTombstone> both = List.of(narrow, wide);
        assertThat(RangeTombstone.deletionAt(both, clustering(1, 2), COMPARATOR)).isEqualTo(new DeletionTime(9, 1));
        assertThat(RangeTombstone.deletionAt(both, clustering(2, 2), COMPARATOR)).isEqualTo(new DeletionTime(5, 1));
        assertThat(RangeTombstone.deletionAt(List.of(narrow), clustering(0, 0), COMPARATOR)).isNull();
    }

    private static RangeTombstone range(Clustering low, boolean lowInclusive, Clustering high,
                                        boolean highInclusive) {
        return new RangeTombstone(new ClusteringBound(low, lowInclusive), new ClusteringBound(high, highInclusive),
                DELETION);
    }
}
