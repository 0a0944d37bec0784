package io.almanac.compaction.twcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompactionWindowTest {

    private static long micros(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000L + parsed.getNano() / 1_000L;
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} in {1} x {2} -> {3}")
    @CsvSource({
        "2026-11-20T13:45:12.345678Z, HOURS, 1, 2026-11-20T13:00:00Z",
        "2026-11-20T13:00:00Z,        HOURS, 1, 2026-11-20T13:00:00Z",
        "2026-11-20T13:59:59.999999Z, HOURS, 1, 2026-11-20T13:00:00Z",
        "2026-11-20T13:45:12Z,        HOURS, 6, 2026-11-20T12:00:00Z",
        "2026-11-20T05:59:59Z,        HOURS, 6, 2026-11-20T00:00:00Z",
        "2026-11-20T23:59:59Z,        DAYS,  1, 2026-11-20T00:00:00Z",
        "2026-11-20T13:45:12Z,        DAYS,  3, 2026-11-18T00:00:00Z",
        "2026-11-20T13:47:12Z,        MINUTES, 15, 2026-11-20T13:45:00Z",
        "1970-01-01T00:00:00Z,        DAYS,  1, 1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z,        DAYS,  1, 1969-12-31T00:00:00Z",
    })
    void windowsAreEpochAlignedInUtc(String timestamp, TimeUnit unit, int size, String expectedLower) {
        CompactionWindow window = CompactionWindow.of(micros(timestamp), TimeUnit.MICROSECONDS, unit, size);
        assertThat(window.lowerBoundMillis()).isEqualTo(millis(expectedLower));
        assertThat(window.sizeMillis()).isEqualTo(unit.toMillis(size));
        assertThat(window.contains(micros(timestamp) / 1_000)).isTrue();
        assertThat(window.upperBoundMillis()).isEqualTo(millis(expectedLower) + unit.toMillis(size) - 1);
    }

    @Test
    void theLastMillisecondBelongsToTheWindowAndTheNextToTheNext() {
        long hour = TimeUnit.HOURS.toMillis(1);
        CompactionWindow window = CompactionWindow.of(micros("2026-11-20T13:59:59.999Z"), TimeUnit.MICROSECONDS,
                TimeUnit.HOURS, 1);
        CompactionWindow next = CompactionWindow.of(micros("2026-11-20T14:00:00Z"), TimeUnit.MICROSECONDS,
                TimeUnit.HOURS, 1);
        assertThat(next.lowerBoundMillis() - window.lowerBoundMillis()).isEqualTo(hour);
        assertThat(window.contains(next.lowerBoundMillis())).isFalse();
        assertThat(window).isLessThan(next);
        assertThat(window.toString()).isEqualTo("2026-11-20T13:00:00Z/PT1H");
    }

    @Test
    void timestampResolutionIsAppliedBeforeBucketing() {
        long seconds = Instant.parse("2026-11-20T13:45:12Z").getEpochSecond();
        long expected = millis("2026-11-20T13:00:00Z");
        assertThat(CompactionWindow.of(seconds, TimeUnit.SECONDS, TimeUnit.HOURS, 1).lowerBoundMillis())
                .isEqualTo(expected);
        assertThat(CompactionWindow.of(seconds * 1_000, TimeUnit.MILLISECONDS, TimeUnit.HOURS, 1).lowerBoundMillis())
                .isEqualTo(expected);
        assertThat(CompactionWindow.of(seconds * 1_000_000, TimeUnit.MICROSECONDS, TimeUnit.HOURS, 1)
                .lowerBoundMillis()).isEqualTo(expected);
        assertThat(CompactionWindow.of(seconds * 1_000_000_000, TimeUnit.NANOSECONDS, TimeUnit.HOURS, 1)
                .lowerBoundMillis()).isEqualTo(expected);
    }

    @Test
    void millisecondsStoredAsMicrosecondsLandNearTheEpoch() {
        // the classic mistake (reference §4.2): a ms timestamp read as µs lands in January 1970
        long millisecondsNow = millis("2026-11-20T13:45:12Z");
        CompactionWindow window = CompactionWindow.of(millisecondsNow, TimeUnit.MICROSECONDS, TimeUnit.DAYS, 1);
        assertThat(Instant.ofEpochMilli(window.lowerBoundMillis())).isEqualTo(Instant.parse("1970-01-21T00:00:00Z"));
    }

    @Test
    void conversionToMillisecondsRoundsTowardThePast() {
        assertThat(CompactionWindow.toMillis(-1, TimeUnit.MICROSECONDS)).isEqualTo(-1);
        assertThat(CompactionWindow.toMillis(1_999, TimeUnit.MICROSECONDS)).isEqualTo(1);
        assertThat(CompactionWindow.toMillis(-1, TimeUnit.NANOSECONDS)).isEqualTo(-1);
        assertThat(CompactionWindow.toMillis(Long.MAX_VALUE, TimeUnit.SECONDS)).isEqualTo(Long.MAX_VALUE);
        assertThat(CompactionWindow.lowerBoundMillis(-1, 1_000)).isEqualTo(-1_000);
    }

    @Test
    void sizeMustBePositive() {
        assertThatThrownBy(() -> CompactionWindow.sizeMillis(TimeUnit.HOURS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> new CompactionWindow(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
