package io.almanac.compaction.twcs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One TWCS compaction window: the epoch-aligned (UTC) interval {@code [lowerBoundMillis, lowerBoundMillis +
 * sizeMillis)} that every SSTable whose max timestamp falls into it belongs to (apache/cassandra
 * {@code TimeWindowCompactionStrategy.getWindowBoundsInMillis}; reference §4.2).
 *
 * <pre>
 *   timestamp (timestamp_resolution) --to millis--> t
 *   lower = t - (t mod (unit x size))        epoch-aligned, floor for times before 1970
 *   window = [lower, lower + unit x size - 1]
 *
 *   e.g. HOURS x 6:  ... | 00:00-05:59 | 06:00-11:59 | 12:00-17:59 | 18:00-23:59 | ...
 * </pre>
 *
 * <p>Cassandra truncates toward zero, which misplaces timestamps before 1970; these functions floor instead and agree
 * with Cassandra for every timestamp at or after the epoch.
 *
 * <p>Thread safety: immutable; the functions are pure.
 *
 * @param lowerBoundMillis first millisecond of the window, since the epoch
 * @param sizeMillis       the window's length, milliseconds
 */
public record CompactionWindow(long lowerBoundMillis, long sizeMillis) implements Comparable<CompactionWindow> {

    public CompactionWindow {
        if (sizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMillis + " ms");
        }
    }

    /**
     * @param maxTimestamp        an SSTable's max timestamp, in {@code timestampResolution}
     * @param timestampResolution the unit of table timestamps ({@code timestamp_resolution}, normally microseconds)
     * @param windowUnit          {@code compaction_window_unit}
     * @param windowSize          {@code compaction_window_size}, at least 1
     * @return the window the SSTable belongs to
     */
    public static CompactionWindow of(long maxTimestamp, TimeUnit timestampResolution, TimeUnit windowUnit,
                                      int windowSize) {
        long sizeMillis = sizeMillis(windowUnit, windowSize);
        return new CompactionWindow(lowerBoundMillis(toMillis(maxTimestamp, timestampResolution), sizeMillis),
                sizeMillis);
    }

    /** @return the length of a window of {@code windowSize} x {@code windowUnit}, milliseconds */
    public static long sizeMillis(TimeUnit windowUnit, int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + windowSize);
        }
        return Math.multiplyExact(windowUnit.toMillis(1), (long) windowSize);
    }

    /**
     * @param timestampMillis milliseconds since the epoch
     * @param sizeMillis      window length, milliseconds
     * @return the first millisecond of the window holding {@code timestampMillis}
     */
    public static long lowerBoundMillis(long timestampMillis, long sizeMillis) {
        return Math.floorDiv(timestampMillis, sizeMillis) * sizeMillis;
    }

    /**
     * Converts a timestamp to milliseconds, rounding down (toward the past) and saturating at the long range.
     *
     * @param timestamp  the timestamp in {@code resolution}
     * @param resolution its unit
     * @return milliseconds since the epoch
     */
    public static long toMillis(long timestamp, TimeUnit resolution) {
        long unitNanos = resolution.toNanos(1);
        long milliNanos = TimeUnit.MILLISECONDS.toNanos(1);
        if (unitNanos >= milliNanos) {
            return resolution.toMillis(timestamp);
        }
        return Math.floorDiv(timestamp, milliNanos / unitNanos);
    }

    /** @return the last millisecond of the window */
    public long upperBoundMillis() {
        return lowerBoundMillis + sizeMillis - 1;
    }

    /** @return whether {@code timestampMillis} lies in this window */
    public boolean contains(long timestampMillis) {
        return timestampMillis >= lowerBoundMillis && timestampMillis - lowerBoundMillis < sizeMillis;
    }

    @Override
    public int compareTo(CompactionWindow other) {
        return Long.compare(lowerBoundMillis, other.lowerBoundMillis);
    }

    /** @return e.g. {@code 2026-11-20T06:00:00Z/PT6H} */
    @Override
    public String toString() {
        return Instant.ofEpochMilli(lowerBoundMillis) + "/" + Duration.ofMillis(sizeMillis);
    }
}
