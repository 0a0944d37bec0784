package io.almanac.loadgen;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of the reference IoT table: one metric of one sample of one device.
 *
 * <pre>
 *   PRIMARY KEY ((device_id, day), ts, metric)
 *                 partition key     clustering (ts DESC, metric ASC)
 * </pre>
 *
 * @param deviceId the device, e.g. {@code device-00042}
 * @param day      the UTC date of {@code ts} (the partition's second key part)
 * @param ts       the simulated sample time (millisecond precision, CQL {@code timestamp})
 * @param metric   the metric name, e.g. {@code temperature}
 * @param value    the measured value
 */
public record SensorRow(String deviceId, LocalDate day, Instant ts, String metric, double value) {
}
