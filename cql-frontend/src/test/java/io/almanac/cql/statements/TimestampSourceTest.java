package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.time.ManualClock;
import org.junit.jupiter.api.Test;

class TimestampSourceTest {

    @Test
    void followsTheClockAndNeverRepeatsOrGoesBack() {
        ManualClock clock = new ManualClock(1_000);
        TimestampSource timestamps = new TimestampSource(clock);

        long first = timestamps.nextMicros();
        long second = timestamps.nextMicros();
        clock.advanceMicros(-500);
        long afterStepBack = timestamps.nextMicros();
        clock.setMicros(5_000);
        long afterJump = timestamps.nextMicros();

        assertThat(first).isEqualTo(1_000);
        assertThat(second).isEqualTo(1_001);
        assertThat(afterStepBack).isEqualTo(1_002);
        assertThat(afterJump).isEqualTo(5_000);
    }
}
