package io.almanac.loadgen;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of one simulated device, generated on demand in time order: row {@code i} is metric
 * {@code i mod metricsPerSample} of sample {@code i / metricsPerSample}, taken at
 * {@code start + sample * sampleIntervalSeconds}. Each metric follows its own random walk drawn from a generator
 * seeded by (seed, device index), so a device's rows depend only on the seed and never on how requests interleave.
 *
 * <p>Thread safety: not thread-safe; one generator is consumed by one thread.
 */
public final class DeviceRowGenerator {

    /** The metric names, in the order a sample carries them. */
    public static final List<String> METRICS = List.of("temperature", "humidity", "pressure", "battery", "voltage",
            "current", "rssi", "co2");
    private static final double[] BASELINES = {21.0, 45.0, 1013.0, 100.0, 3.3, 0.2, -70.0, 410.0};
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final String deviceId;
    private final long rowsPerDevice;
    private final int metricsPerSample;
    private final long startMillis;
    private final long sampleIntervalMillis;
    private final SplittableRandom random;
    private final double[] current;
    private long nextRow;

    /**
     * @param seed                  the workload seed
     * @param deviceIndex           0-based device number; names the device {@code device-%05d}
     * @param rowsPerDevice         rows this device writes in total
     * @param metricsPerSample      metrics per sample, 1..{@link #METRICS}.size()
     * @param start                 time of the first sample
     * @param sampleIntervalSeconds seconds between samples
     */
    public DeviceRowGenerator(long seed, int deviceIndex, long rowsPerDevice, int metricsPerSample, Instant start,
                              int sampleIntervalSeconds) {
        this.deviceId = deviceId(deviceIndex);
        this.rowsPerDevice = rowsPerDevice;
        this.metricsPerSample = metricsPerSample;
        this.startMillis = start.toEpochMilli();
        this.sampleIntervalMillis = sampleIntervalSeconds * 1_000L;
        this.random = new SplittableRandom(seed ^ ((deviceIndex + 1L) * GOLDEN_GAMMA));
        this.current = new double[metricsPerSample];
        for (int m = 0; m < metricsPerSample; m++) {
            current[m] = BASELINES[m] * (0.9 + 0.2 * random.nextDouble());
        }
    }

    /** @return the device id of the 0-based device {@code deviceIndex} */
    public static String deviceId(int deviceIndex) {
        return String.format("device-%05d", deviceIndex);
    }

    /** @return the device this generator writes for */
    public String deviceId() {
        return deviceId;
    }

    /** @return whether rows remain */
    public boolean hasNext() {
        return nextRow < rowsPerDevice;
    }

    /**
     * Takes the next rows, at most {@code maxRows}, all of one partition: a batch stops early where the UTC day (the
     * partition key's {@code day}) changes.
     *
     * <p>Allocation: one list and one row per returned row.
     *
     * @return the next rows, empty when the device is done
     */
    public List<SensorRow> nextBatch(int maxRows) {
        List<SensorRow> batch = new ArrayList<>(Math.min(maxRows, 64));
        LocalDate batchDay = null;
        while (batch.size() < maxRows && hasNext()) {
            long sample = nextRow / metricsPerSample;
            Instant ts = Instant.ofEpochMilli(startMillis + sample * sampleIntervalMillis);
            LocalDate day = LocalDate.ofInstant(ts, ZoneOffset.UTC);
            if (batchDay != null && !day.equals(batchDay)) {
                break;
            }
            batchDay = day;
            int metric = (int) (nextRow % metricsPerSample);
            current[metric] += (random.nextDouble() - 0.5) * 0.01 * Math.abs(BASELINES[metric]);
            batch.add(new SensorRow(deviceId, day, ts, METRICS.get(metric), current[metric]));
            nextRow++;
        }
        return batch;
    }
}
