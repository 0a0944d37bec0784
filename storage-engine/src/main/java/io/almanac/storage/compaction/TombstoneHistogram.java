package io.almanac.storage.compaction;

import java.util.Arrays;

/**
 * A bounded histogram of the local deletion times of one SSTable's tombstones and expiring cells (Cassandra's
 * {@code StatsMetadata.estimatedTombstoneDropTime}, a streaming histogram): what strategies estimate droppable
 * tombstones from without opening the data.
 *
 * <p>Each entry is a local deletion second: a cell tombstone's, a row or partition deletion's, or an expiring cell's
 * or row marker's expiry second (an expiring cell counts as droppable once it has expired and gc_grace_seconds have
 * passed, as in Cassandra). Entries are rounded up to the next multiple of {@link #ROUND_SECONDS} and kept in at most
 * {@link #MAX_BINS} bins; when a new point would make one bin too many, two adjacent bins are merged into the later
 * one: the pair whose earlier bin's entries move the fewest entry-seconds (count times gap). Cassandra merges at the weighted mean and interpolates; keeping the later point instead
 * makes every bin's point at or after the true deletion time of all its entries, so {@link #countBefore} never
 * counts an entry that is not yet droppable (it may undercount).
 *
 * <pre>
 *   bin i := (pointSeconds[i], count[i])     pointSeconds strictly ascending, count &gt; 0, at most MAX_BINS bins
 * </pre>
 *
 * <p>Thread safety: immutable; {@link Builder} is not thread safe (one flush or compaction thread).
 */
public final class TombstoneHistogram {

    /** Most bins kept (Cassandra's {@code TOMBSTONE_HISTOGRAM_BIN_SIZE}). */
    public static final int MAX_BINS = 100;
    /** Entries are rounded up to a multiple of this, seconds (Cassandra's default histogram rounding). */
    public static final long ROUND_SECONDS = 60;
    /** The histogram of an SSTable without tombstones or expiring cells. */
    public static final TombstoneHistogram EMPTY = new TombstoneHistogram(new long[0], new long[0]);

    private final long[] pointsSeconds;
    private final long[] counts;
    private final long totalCount;

    private TombstoneHistogram(long[] pointsSeconds, long[] counts) {
        this.pointsSeconds = pointsSeconds;
        this.counts = counts;
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        this.totalCount = total;
    }

    /**
     * @param pointsSeconds the bins' points, seconds since the epoch, strictly ascending
     * @param counts        the entries in each bin, each &gt; 0
     * @return the histogram (the arrays are copied)
     * @throws IllegalArgumentException if the arrays differ in length, hold more than {@link #MAX_BINS} bins, the
     *                                  points do not ascend strictly or a count is not positive
     */
    public static TombstoneHistogram of(long[] pointsSeconds, long[] counts) {
        if (pointsSeconds.length != counts.length || pointsSeconds.length > MAX_BINS) {
            throw new IllegalArgumentException("bad histogram: " + pointsSeconds.length + " points, " + counts.length
                    + " counts, at most " + MAX_BINS);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0 || (i > 0 && pointsSeconds[i] <= pointsSeconds[i - 1])) {
                throw new IllegalArgumentException("bad histogram bin " + i + ": point " + pointsSeconds[i]
                        + " count " + counts[i]);
            }
        }
        return counts.length == 0 ? EMPTY : new TombstoneHistogram(pointsSeconds.clone(), counts.clone());
    }

    /**
     * @param gcBeforeSeconds {@code now - gc_grace_seconds}, seconds since the epoch
     * @return the entries whose (rounded) local deletion time is before {@code gcBeforeSeconds}: the estimated
     *         droppable tombstones (Cassandra's {@code getDroppableTombstonesBefore})
     */
    public long countBefore(long gcBeforeSeconds) {
        long sum = 0;
        for (int i = 0; i < pointsSeconds.length && pointsSeconds[i] < gcBeforeSeconds; i++) {
            sum += counts[i];
        }
        return sum;
    }

    /** @return all entries */
    public long totalCount() {
        return totalCount;
    }

    /** @return the bins held, at most {@link #MAX_BINS} */
    public int binCount() {
        return counts.length;
    }

    /** @return the point of bin {@code index}, seconds since the epoch */
    public long pointSeconds(int index) {
        return pointsSeconds[index];
    }

    /** @return the entries of bin {@code index} */
    public long count(int index) {
        return counts[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TombstoneHistogram that && Arrays.equals(pointsSeconds, that.pointsSeconds)
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pointsSeconds) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TombstoneHistogram[");
        for (int i = 0; i < counts.length; i++) {
            text.append(i == 0 ? "" : ", ").append(pointsSeconds[i]).append('=').append(counts[i]);
        }
        return text.append(']').toString();
    }

    /**
     * Collects entries while an SSTable is written.
     *
     * <p>Allocation: none per entry (two arrays of {@link #MAX_BINS} + 1 slots); an entry costs a binary search,
     * and a new point an array shift and, once full, a merge over the bins.
     *
     * <p>Thread safety: not thread safe.
     */
    public static final class Builder {
        private final long[] points = new long[MAX_BINS + 1];
        private final long[] counts = new long[MAX_BINS + 1];
        private int size;

        /** @param localDeletionTimeSeconds a tombstone's local deletion second or an expiring cell's expiry second */
        public void add(long localDeletionTimeSeconds) {
            long point = roundUp(localDeletionTimeSeconds);
            if (size > 0 && points[size - 1] == point) {
                counts[size - 1]++;
                return;
            }
            int at = Arrays.binarySearch(points, 0, size, point);
            if (at >= 0) {
                counts[at]++;
                return;
            }
            int insert = -at - 1;
            System.arraycopy(points, insert, points, insert + 1, size - insert);
            System.arraycopy(counts, insert, counts, insert + 1, size - insert);
            points[insert] = point;
            counts[insert] = 1;
            size++;
            if (size > MAX_BINS) {
                mergeClosest();
            }
        }

        private static long roundUp(long seconds) {
            long remainder = Math.floorMod(seconds, ROUND_SECONDS);
            return remainder == 0 || seconds > Long.MAX_VALUE - ROUND_SECONDS ? seconds
                    : seconds - remainder + ROUND_SECONDS;
        }

        /**
         * Merges two adjacent bins into the later one, choosing the pair that delays the fewest entry-seconds
         * ({@code count of the earlier bin * gap}): the least undercount of {@link #countBefore}.
         */
        private void mergeClosest() {
            int closest = 0;
            double closestCost = Double.MAX_VALUE;
            for (int i = 0; i + 1 < size; i++) {
                double cost = (double) counts[i] * (points[i + 1] - points[i]);
                if (cost < closestCost) {
                    closest = i;
                    closestCost = cost;
                }
            }
            counts[closest + 1] += counts[closest];
            System.arraycopy(points, closest + 1, points, closest, size - closest - 1);
            System.arraycopy(counts, closest + 1, counts, closest, size - closest - 1);
            size--;
        }

        /** @return the histogram of the entries added so far */
        public TombstoneHistogram build() {
            return size == 0 ? EMPTY
                    : new TombstoneHistogram(Arrays.copyOf(points, size), Arrays.copyOf(counts, size));
        }
    }
}
