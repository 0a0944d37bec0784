package io.almanac.loadgen;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The read phase's queries: a random device and a random UTC-hour-aligned one-hour range inside the span the write
 * phase covered. An aligned hour never crosses midnight, so each range lies in exactly one partition
 * {@code (device_id, day)}.
 *
 * <p>Thread safety: not thread-safe; one generator is consumed by one thread.
 */
public final class ReadRangeGenerator {

    /** One hour, milliseconds. */
    public static final long HOUR_MILLIS = 3_600_000L;

    private final SplittableRandom random;
    private final int devices;
    private final long firstHourMillis;
    private final long hours;

    /**
     * A time range of one device: {@code fromInclusive <= ts < toExclusive} in partition {@code (deviceId, day)}.
     *
     * @param deviceId      the device
     * @param day           the UTC date of the range
     * @param fromInclusive first instant of the range
     * @param toExclusive   first instant after the range
     */
    public record TimeRange(String deviceId, LocalDate day, Instant fromInclusive, Instant toExclusive) {
    }

    /**
     * @param seed             the workload seed
     * @param devices          the number of devices written
     * @param firstSampleMillis simulated time of the first sample, milliseconds since the epoch
     * @param lastSampleMillis  simulated time of the last sample, milliseconds since the epoch
     */
    public ReadRangeGenerator(long seed, int devices, long firstSampleMillis, long lastSampleMillis) {
        if (lastSampleMillis < firstSampleMillis) {
            throw new IllegalArgumentException("last sample " + lastSampleMillis + " ms before first "
                    + firstSampleMillis + " ms");
        }
        this.random = new SplittableRandom(~seed);
        this.devices = devices;
        this.firstHourMillis = Math.floorDiv(firstSampleMillis, HOUR_MILLIS) * HOUR_MILLIS;
        this.hours = Math.floorDiv(lastSampleMillis, HOUR_MILLIS) - Math.floorDiv(firstSampleMillis, HOUR_MILLIS) + 1;
    }

    /** @return the next range to query */
    public TimeRange next() {
        String deviceId = DeviceRowGenerator.deviceId(random.nextInt(devices));
        long fromMillis = firstHourMillis + random.nextLong(hours) * HOUR_MILLIS;
        Instant from = Instant.ofEpochMilli(fromMillis);
        return new TimeRange(deviceId, LocalDate.ofInstant(from, ZoneOffset.UTC), from,
                Instant.ofEpochMilli(fromMillis + HOUR_MILLIS));
    }
}
