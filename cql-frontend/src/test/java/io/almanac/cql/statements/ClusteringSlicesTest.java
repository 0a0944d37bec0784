package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The restriction-to-slices logic: tuple slices in value order become storage-order slices, one per run of columns
 * sorting the same way (Cassandra splits a slice the same way when clustering orders are mixed).
 */
class ClusteringSlicesTest {

    private static final ClusteringOrder ASC = ClusteringOrder.ASC;
    private static final ClusteringOrder DESC = ClusteringOrder.DESC;

    @Test
    void ascendingColumnsGiveOneSlice() {
        ClusteringSlices slices = new ClusteringSlices(table(ASC, ASC, ASC));
        assertThat(slices.slices(List.of(List.of()), bound(true, 1, 2), null))
                .containsExactly(new Slice(Bound.inclusive(clustering(1, 2)), Bound.UNBOUNDED));
        assertThat(slices.slices(List.of(List.of()), bound(false, 1, 2, 3), bound(false, 2)))
                .containsExactly(new Slice(Bound.exclusive(clustering(1, 2, 3)), Bound.exclusive(clustering(2))));
    }

    @Test
    void descendingColumnsGiveOneReversedSlice() {
        ClusteringSlices slices = new ClusteringSlices(table(DESC, DESC, DESC));
        assertThat(slices.slices(List.of(List.of()), bound(false, 1, 2), null))
                .containsExactly(new Slice(Bound.UNBOUNDED, Bound.exclusive(clustering(1, 2))));
    }

    @Test
    void mixedOrdersSplitTheSlice() {
        // (a, b) > (1, 0) with a DESC, b ASC: a > 1 first in storage order, then a = 1 AND b > 0
        ClusteringSlices slices = new ClusteringSlices(table(DESC, ASC, ASC));
        assertThat(slices.slices(List.of(List.of()), bound(false, 1, 0), null)).containsExactly(
                new Slice(Bound.UNBOUNDED, Bound.exclusive(clustering(1))),
                new Slice(Bound.exclusive(clustering(1, 0)), Bound.inclusive(clustering(1))));
    }

    @Test
    void emptyAndContradictoryBoundsGiveNoSlices() {
        ClusteringSlices slices = new ClusteringSlices(table(ASC, DESC, ASC));
        assertThat(slices.slices(List.of(List.of()), bound(false, 2, 1), bound(false, 1, 5))).isEmpty();
        assertThat(slices.slices(List.of(List.of()), bound(false, 1), bound(false, 1))).isEmpty();
        assertThat(slices.slices(List.of(), bound(true, 1), null)).isEmpty();
    }

    @Test
    void prefixesAreSortedInStorageOrderAndDeduplicated() {
        ClusteringSlices slices = new ClusteringSlices(table(DESC, ASC, ASC));
        assertThat(slices.prefixes(List.of(values(1, 5), values(3, 0), values(1, 5), values(1, 2))))
                .containsExactly(Slice.prefix(clustering(3, 0)), Slice.prefix(clustering(1, 2)),
                        Slice.prefix(clustering(1, 5)));
    }

    /** Every order combination and many bounds: the slices hold exactly the clusterings the tuple relation keeps. */
    @Test
    void slicesMatchTheValueOrderPredicateForEveryOrderCombination() {
        List<ClusteringSlices.TupleBound> lowers = candidateBounds(new int[][] {{1}, {1, 2}, {2, 1, 3}, {0, 3}});
        List<ClusteringSlices.TupleBound> uppers = candidateBounds(new int[][] {{2}, {2, 0}, {1, 3, 1}, {3, 3, 0}});
        for (int orders = 0; orders < 8; orders++) {
            TableMetadata table = table(order(orders, 0), order(orders, 1), order(orders, 2));
            ClusteringSlices slices = new ClusteringSlices(table);
            ClusteringComparator comparator = new ClusteringComparator(table);
            for (ClusteringSlices.TupleBound lower : lowers) {
                for (ClusteringSlices.TupleBound upper : uppers) {
                    List<Slice> result = slices.slices(List.of(List.of()), lower, upper);
                    checkAgainstModel(result, comparator, lower, upper, table + " " + describe(lower, upper));
                }
            }
        }
    }

    /** After an IN prefix ({@code a IN (2, 0)}) the slice repeats per prefix, in storage order. */
    @Test
    void slicesAfterPrefixesMatchTheModel() {
        for (int orders = 0; orders < 8; orders++) {
            TableMetadata table = table(order(orders, 0), order(orders, 1), order(orders, 2));
            ClusteringComparator comparator = new ClusteringComparator(table);
            List<Slice> result = new ClusteringSlices(table).slices(List.of(values(2), values(0)),
                    bound(false, 1, 2), bound(true, 3));
            List<Slice> sorted = new ArrayList<>(result);
            sorted.sort((x, y) -> comparator.compare(x.start().prefix(), y.start().prefix()));
            assertThat(result).isEqualTo(sorted);
            for (Clustering clustering : grid()) {
                int a = value(clustering, 0);
                int[] rest = {value(clustering, 1), value(clustering, 2)};
                boolean expected = (a == 0 || a == 2) && compare(rest, new int[] {1, 2}) > 0
                        && compare(rest, new int[] {3}) <= 0;
                assertThat(contains(result, clustering, comparator)).as(table + " " + clustering).isEqualTo(expected);
            }
        }
    }

    private static void checkAgainstModel(List<Slice> result, ClusteringComparator comparator,
                                          ClusteringSlices.TupleBound lower, ClusteringSlices.TupleBound upper,
                                          String description) {
        for (int i = 1; i < result.size(); i++) {
            Slice previous = result.get(i - 1);
            Slice next = result.get(i);
            for (Clustering clustering : grid()) {
                assertThat(previous.contains(clustering, comparator) && next.contains(clustering, comparator))
                        .as("slices overlap: " + description).isFalse();
                if (next.contains(clustering, comparator)) {
                    assertThat(previous.after(clustering, comparator)).as("storage order: " + description).isTrue();
                }
            }
        }
        for (Clustering clustering : grid()) {
            int[] values = {value(clustering, 0), value(clustering, 1), value(clustering, 2)};
            boolean expected = satisfies(values, lower, true) && satisfies(values, upper, false);
            assertThat(contains(result, clustering, comparator)).as(description + " " + Arrays.toString(values))
                    .isEqualTo(expected);
        }
    }

    private static boolean satisfies(int[] values, ClusteringSlices.TupleBound bound, boolean lower) {
        if (bound == null) {
            return true;
        }
        int[] tuple = bound.values().stream().mapToInt(v -> ByteBuffer.wrap(v).getInt()).toArray();
        int c = compare(values, tuple);
        return lower ? c > 0 || (c == 0 && bound.inclusive()) : c < 0 || (c == 0 && bound.inclusive());
    }

    /** Compares the first {@code tuple.length} values with the tuple, lexicographically. */
    private static int compare(int[] values, int[] tuple) {
        for (int i = 0; i < tuple.length; i++) {
            int c = Integer.compare(values[i], tuple[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean contains(List<Slice> slices, Clustering clustering, ClusteringComparator comparator) {
        return slices.stream().anyMatch(s -> s.contains(clustering, comparator));
    }

    private static List<Clustering> grid() {
        List<Clustering> grid = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    grid.add(clustering(a, b, c));
                }
            }
        }
        return grid;
    }

    private static List<ClusteringSlices.TupleBound> candidateBounds(int[][] tuples) {
        List<ClusteringSlices.TupleBound> bounds = new ArrayList<>();
        bounds.add(null);
        for (int[] tuple : tuples) {
            bounds.add(bound(true, tuple));
            bounds.add(bound(false, tuple));
        }
        return bounds;
    }

    private static String describe(ClusteringSlices.TupleBound lower, ClusteringSlices.TupleBound upper) {
        return "lower " + (lower == null ? "-" : ints(lower) + (lower.inclusive() ? " incl" : " excl"))
                + ", upper " + (upper == null ? "-" : ints(upper) + (upper.inclusive() ? " incl" : " excl"));
    }

    private static String ints(ClusteringSlices.TupleBound bound) {
        return bound.values().stream().map(v -> String.valueOf(ByteBuffer.wrap(v).getInt())).toList().toString();
    }

    private static ClusteringOrder order(int orders, int column) {
        return (orders >> column & 1) == 1 ? DESC : ASC;
    }

    private static ClusteringSlices.TupleBound bound(boolean inclusive, int... values) {
        return new ClusteringSlices.TupleBound(values(values), inclusive);
    }

    private static List<byte[]> values(int... values) {
        List<byte[]> serialized = new ArrayList<>();
        for (int value : values) {
            serialized.add(ByteBuffer.allocate(4).putInt(value).array());
        }
        return serialized;
    }

    private static Clustering clustering(int... values) {
        return Clustering.of(values(values).toArray(new byte[0][]));
    }

    private static int value(Clustering clustering, int i) {
        return ByteBuffer.wrap(clustering.get(i)).getInt();
    }

    private static TableMetadata table(ClusteringOrder a, ClusteringOrder b, ClusteringOrder c) {
        return new TableMetadata("ks", "t_" + a + b + c, UUID.nameUUIDFromBytes(new byte[] {1}), List.of(
                new ColumnMetadata("p", NativeType.INT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("a", NativeType.INT, ColumnKind.CLUSTERING, 0, a),
                new ColumnMetadata("b", NativeType.INT, ColumnKind.CLUSTERING, 1, b),
                new ColumnMetadata("c", NativeType.INT, ColumnKind.CLUSTERING, 2, c)), TableParams.DEFAULT);
    }
}
