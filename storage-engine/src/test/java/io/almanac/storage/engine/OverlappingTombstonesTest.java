package io.almanac.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
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
 * {@link PartitionReader#overlapping} never drops a tombstone that covers a row of the slice, over every pair of
 * ranges on a small domain of an (a DESC, b ASC) clustering, and does drop the others.
 */
class OverlappingTombstonesTest {

    private static final ClusteringComparator COMPARATOR = new ClusteringComparator(new TableMetadata("ks", "t",
            UUID.randomUUID(), List.of(
                    new ColumnMetadata("p", NativeType.INT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                    new ColumnMetadata("a", NativeType.INT, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                    new ColumnMetadata("b", NativeType.INT, ColumnKind.CLUSTERING, 1, ClusteringOrder.ASC)),
            TableParams.DEFAULT));

    @Test
    void onlyTombstonesDisjointFromTheSliceAreDropped() {
        List<Clustering> prefixes = new ArrayList<>(List.of(Clustering.EMPTY));
        List<Clustering> rows = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            prefixes.add(Clustering.of(NativeType.INT.encode(a)));
            for (int b = 0; b < 2; b++) {
                Clustering row = Clustering.of(NativeType.INT.encode(a), NativeType.INT.encode(b));
                prefixes.add(row);
                rows.add(row);
            }
        }
        List<ClusteringBound> bounds = new ArrayList<>();
        for (Clustering prefix : prefixes) {
            bounds.add(ClusteringBound.inclusive(prefix));
            if (prefix.size() > 0) {
                bounds.add(ClusteringBound.exclusive(prefix));
            }
        }
        int dropped = 0;
        for (ClusteringBound start : bounds) {
            for (ClusteringBound end : bounds) {
                RangeTombstone tombstone = new RangeTombstone(start, end, new DeletionTime(1, 1));
                for (ClusteringBound sliceStart : bounds) {
                    for (ClusteringBound sliceEnd : bounds) {
                        Slice slice = new Slice(new Bound(sliceStart.prefix(), sliceStart.inclusive()),
                                new Bound(sliceEnd.prefix(), sliceEnd.inclusive()));
                        if (!PartitionReader.overlapping(List.of(tombstone), slice, COMPARATOR).isEmpty()) {
                            continue;
                        }
                        dropped++;
                        for (Clustering row : rows) {
                            assertThat(slice.contains(row, COMPARATOR) && tombstone.contains(row, COMPARATOR))
                                    .as("%s dropped for %s but covers %s", tombstone, slice, row).isFalse();
                        }
                    }
                }
            }
        }
        assertThat(dropped).as("disjoint tombstones are dropped").isGreaterThan(10_000);
    }
}
