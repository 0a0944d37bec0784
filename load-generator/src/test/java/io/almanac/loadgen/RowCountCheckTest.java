package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class RowCountCheckTest {

    @Test
    void allDevicesMatching() {
        RowCountCheck check = RowCountCheck.of(1_000, new AtomicLongArray(new long[] {1_000, 1_000, 1_000}));
        assertThat(check.passed()).isTrue();
        assertThat(check.describe()).isEqualTo("3 devices x 1,000 rows expected: all match (3,000 rows)");
    }

    @Test
    void missingAndExtraRowsNameTheFirstDevices() {
        long[] counts = {10, 9, 10, 11, 0, 0, 0, 0, 10};
        RowCountCheck check = RowCountCheck.of(10, new AtomicLongArray(counts));
        assertThat(check.passed()).isFalse();
        assertThat(check.mismatchedDevices()).isEqualTo(6);
        assertThat(check.describe()).isEqualTo("9 devices x 10 rows expected: 6 devices differ, 50 rows found "
                + "(device-00001 has 9, device-00003 has 11, device-00004 has 0, device-00005 has 0, "
                + "device-00006 has 0, ...)");
    }
}
