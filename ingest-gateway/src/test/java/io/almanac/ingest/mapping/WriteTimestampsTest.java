package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.time.ManualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WriteTimestampsTest {

    @Test
    void followsTheClockAndNeverRepeats() {
        ManualClock clock = new ManualClock(1_000);
        WriteTimestamps timestamps = new WriteTimestamps(clock);
        assertThat(timestamps.nextMicros()).isEqualTo(1_000);
        assertThat(timestamps.nextMicros()).isEqualTo(1_001);
        clock.advanceMicros(100);
        assertThat(timestamps.nextMicros()).isEqualTo(1_100);
        clock.setMicros(500);
        assertThat(timestamps.nextMicros()).isEqualTo(1_101);
    }

    @Test
    void concurrentCallersGetDistinctTimestamps() {
        WriteTimestamps timestamps = new WriteTimestamps(new ManualClock(0));
        List<CompletableFuture<List<Long>>> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                List<Long> taken = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    taken.add(timestamps.nextMicros());
                }
                return taken;
            }));
        }
        Set<Long> all = new HashSet<>();
        callers.forEach(caller -> all.addAll(caller.join()));
        assertThat(all).hasSize(40_000);
    }
}
