package io.almanac.loadgen;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcome of {@code --verify}: the rows each device has over CQL against the rows it wrote. Only rows of the
 * generated keys are counted (the partitions and time span the write phase covered); rows written there by an earlier
 * run with other settings count too, so verify after {@code --drop} for an exact answer.
 *
 * <p>Thread safety: immutable.
 *
 * @param expectedRowsPerDevice the rows every device wrote
 * @param rowsByDevice          the rows counted per device, by device index
 */
public record RowCountCheck(long expectedRowsPerDevice, long[] rowsByDevice) {

    private static final int MAX_LISTED = 5;

    /** @return the check of counts gathered in {@code counts} */
    public static RowCountCheck of(long expectedRowsPerDevice, AtomicLongArray counts) {
        long[] rows = new long[counts.length()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = counts.get(i);
        }
        return new RowCountCheck(expectedRowsPerDevice, rows);
    }

    /** @return the devices whose count differs from the expected one */
    public int mismatchedDevices() {
        int mismatched = 0;
        for (long rows : rowsByDevice) {
            if (rows != expectedRowsPerDevice) {
                mismatched++;
            }
        }
        return mismatched;
    }

    /** @return whether every device has exactly the rows it wrote */
    public boolean passed() {
        return mismatchedDevices() == 0;
    }

    /**
     * @return e.g. {@code 100 devices x 1,000 rows expected: all match (100,000 rows)} or
     *         {@code ...: 2 devices differ, 99,990 rows found (device-00003 has 990, device-00007 has 1,000 ...)}
     */
    public String describe() {
        long found = 0;
        for (long rows : rowsByDevice) {
            found += rows;
        }
        String head = String.format(Locale.ROOT, "%,d devices x %,d rows expected: ", rowsByDevice.length,
                expectedRowsPerDevice);
        int mismatched = mismatchedDevices();
        if (mismatched == 0) {
            return head + String.format(Locale.ROOT, "all match (%,d rows)", found);
        }
        StringBuilder text = new StringBuilder(head).append(String.format(Locale.ROOT,
                "%,d devices differ, %,d rows found (", mismatched, found));
        int listed = 0;
        for (int i = 0; i < rowsByDevice.length && listed < MAX_LISTED; i++) {
            if (rowsByDevice[i] != expectedRowsPerDevice) {
                text.append(listed++ > 0 ? ", " : "").append(DeviceRowGenerator.deviceId(i))
                        .append(String.format(Locale.ROOT, " has %,d", rowsByDevice[i]));
            }
        }
        return text.append(mismatched > MAX_LISTED ? ", ...)" : ")").toString();
    }
}
