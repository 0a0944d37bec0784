package io.almanac.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionLogTest {

    private final ManualClock clock = new ManualClock(0);
    private final List<String> lines = new ArrayList<>();
    private final RejectionLog log = new RejectionLog(clock, 60_000, lines::add);

    @Test
    void oneLinePerReasonPerIntervalWithTheCountSinceTheLastLine() {
        assertThat(log.record("MQTT", RejectReason.BAD_TOPIC, "topic \"a\"")).isTrue();
        assertThat(log.record("MQTT", RejectReason.BAD_TOPIC, "topic \"b\"")).isFalse();
        assertThat(log.record("MQTT", RejectReason.BAD_TOPIC, "topic \"c\"")).isFalse();
        assertThat(log.record("MQTT", RejectReason.INVALID_VALUE, "row 0")).as("another reason").isTrue();
        clock.advanceSeconds(59);
        assertThat(log.record("MQTT", RejectReason.BAD_TOPIC, "topic \"d\"")).isFalse();
        clock.advanceSeconds(1);
        assertThat(log.record("MQTT", RejectReason.BAD_TOPIC, "topic \"e\"")).isTrue();

        assertThat(lines).containsExactly(
                "MQTT payload refused (bad_topic): topic \"a\" [1 refusal for this reason since the last line]",
                "MQTT payload refused (invalid_value): row 0 [1 refusal for this reason since the last line]",
                "MQTT payload refused (bad_topic): topic \"e\" [4 refusals for this reason since the last line]");
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new RejectionLog(clock, 0, lines::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rejection log interval must be at least 1 ms, got 0");
    }
}
