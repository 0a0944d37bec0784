package io.almanac.server.bench;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated devices: each device reports every metric at every sample time, each metric a bounded random walk
 * with realistic resolution (temperature and pressure with one decimal, humidity with two, the signal strength as a
 * whole number), so the values compress as real sensor data does and not as random doubles or constants.
 *
 * <p>One sample of one device is one {@link Mutation} of partition {@code (device_id, day)} holding one row per
 * metric, each cell written with the sample's timestamp (CQL {@code USING TIMESTAMP}) and the table's default TTL,
 * expiring {@code ttl} seconds after the sample (the clock stands at the sample time when it is written).
 *
 * <p>Thread safety: not thread-safe; one writer thread.
 */
final class SensorWorkload {

    /** A metric's walk: start value, step size, bounds and decimals kept. */
    private record MetricProfile(String name, double start, double step, double min, double max, int decimals) {
    }

    private static final List<MetricProfile> PROFILES = List.of(
            new MetricProfile("temperature", 21.0, 0.1, -20.0, 45.0, 1),
            new MetricProfile("humidity", 45.0, 0.25, 5.0, 95.0, 2),
            new MetricProfile("pressure", 1013.0, 0.2, 950.0, 1050.0, 1),
            new MetricProfile("rssi", -67.0, 1.0, -110.0, -30.0, 0));

    private final TableMetadata table;
    private final int devices;
    private final MetricProfile[] profiles;
    private final byte[][] metricNames;
    private final byte[][] deviceIds;
    private final double[][] values;
    private final SplittableRandom random;

    SensorWorkload(TableMetadata table, int devices, int metrics, long seed) {
        this.table = table;
        this.devices = devices;
        this.profiles = new MetricProfile[metrics];
        this.metricNames = new byte[metrics][];
        for (int m = 0; m < metrics; m++) {
            MetricProfile profile = PROFILES.get(m % PROFILES.size());
            int round = m / PROFILES.size();
            profiles[m] = profile;
            metricNames[m] = (round == 0 ? profile.name() : profile.name() + "_" + (round + 1))
                    .getBytes(StandardCharsets.UTF_8);
        }
        this.deviceIds = new byte[devices][];
        this.values = new double[devices][metrics];
        this.random = new SplittableRandom(seed);
        for (int d = 0; d < devices; d++) {
            deviceIds[d] = NativeType.TEXT.encode(SensorDataTable.deviceId(d));
            for (int m = 0; m < metrics; m++) {
                values[d][m] = round(profiles[m].start() + (random.nextDouble() - 0.5) * 10 * profiles[m].step(),
                        profiles[m].decimals());
            }
        }
    }

    /** @return rows per sample time (devices x metrics) */
    int rowsPerSample() {
        return devices * profiles.length;
    }

    /** @return the number of devices */
    int devices() {
        return devices;
    }

    /**
     * Advances every walk one step and builds the sample of every device at {@code tsMillis}.
     *
     * <p>Allocation: one mutation per device, one row and two cells per metric.
     *
     * @param tsMillis   the sample time, milliseconds since the epoch; also the cells' timestamp
     * @param nowSeconds the clock when written, seconds since the epoch (start of the TTL)
     * @return one mutation per device
     */
    List<Mutation> sample(long tsMillis, long nowSeconds) {
        long timestampMicros = tsMillis * 1_000L;
        int ttlSeconds = table.params().defaultTimeToLiveSeconds();
        byte[] day = NativeType.DATE.encode(SensorDataTable.dayOf(tsMillis));
        byte[] ts = NativeType.TIMESTAMP.encode(tsMillis);
        List<Mutation> mutations = new ArrayList<>(devices);
        for (int d = 0; d < devices; d++) {
            List<Row> rows = new ArrayList<>(profiles.length);
            for (int m = 0; m < profiles.length; m++) {
                values[d][m] = step(profiles[m], values[d][m]);
                Cell marker = Cell.live(timestampMicros, ttlSeconds, nowSeconds, Row.MARKER_VALUE);
                Cell value = Cell.live(timestampMicros, ttlSeconds, nowSeconds,
                        NativeType.DOUBLE.encode(values[d][m]));
                rows.add(new Row(Clustering.of(ts, metricNames[m]), marker, null,
                        new Cell[] {value}));
            }
            mutations.add(Mutation.of(table, SensorDataTable.partitionKey(deviceIds[d], day), rows));
        }
        return mutations;
    }

    private double step(MetricProfile profile, double current) {
        double next = current + (random.nextDouble() * 2 - 1) * profile.step();
        if (next < profile.min() || next > profile.max()) {
            next = current - (next - current);
        }
        return round(next, profile.decimals());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
