package io.almanac.loadgen;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The order of the write phase: devices take turns (device 0, 1, ..., n-1, 0, ...), each turn writing the device's
 * next batch of up to {@code batchSize} rows of one partition, so all devices advance through simulated time
 * together as real sensors would. Rows come from one {@link DeviceRowGenerator} per device, so the sequence depends
 * only on the configuration and its seed.
 *
 * <p>Thread safety: not thread-safe; consumed by the phase's thread.
 */
public final class WriteSchedule implements Iterator<List<SensorRow>> {

    private final DeviceRowGenerator[] devices;
    private final int batchSize;
    private int nextDevice;
    private int activeDevices;
    private int lastDevice = -1;

    /** @param config the workload; {@code devices} generators are created up front (a few doubles each) */
    public WriteSchedule(WorkloadConfig config) {
        this.devices = new DeviceRowGenerator[config.devices()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = new DeviceRowGenerator(config.seed(), i, config.rowsPerDevice(), config.metricsPerSample(),
                    config.start(), config.sampleIntervalSeconds());
        }
        this.batchSize = config.batchSize();
        this.activeDevices = devices.length;
    }

    @Override
    public boolean hasNext() {
        return activeDevices > 0;
    }

    /** @return the next batch: 1..batchSize rows of one device and one UTC day */
    @Override
    public List<SensorRow> next() {
        return next(batchSize);
    }

    /**
     * @param maxRows the most rows to take, at least 1 (a turn takes {@code min(maxRows, batchSize)})
     * @return the next batch: 1..min(maxRows, batchSize) rows of one device and one UTC day
     */
    public List<SensorRow> next(int maxRows) {
        if (activeDevices == 0) {
            throw new NoSuchElementException("every device has written all its rows");
        }
        while (!devices[nextDevice].hasNext()) {
            nextDevice = (nextDevice + 1) % devices.length;
        }
        DeviceRowGenerator device = devices[nextDevice];
        List<SensorRow> batch = device.nextBatch(Math.max(1, Math.min(maxRows, batchSize)));
        if (!device.hasNext()) {
            activeDevices--;
        }
        lastDevice = nextDevice;
        nextDevice = (nextDevice + 1) % devices.length;
        return batch;
    }

    /** @return the 0-based index of the device of the batch {@code next} returned last, -1 before the first */
    public int lastDeviceIndex() {
        return lastDevice;
    }
}
