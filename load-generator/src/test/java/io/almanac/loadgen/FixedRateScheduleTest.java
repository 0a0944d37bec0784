package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FixedRateScheduleTest {

    /** A clock that moves only when told to, or when the runner waits for a send time (it jumps there). */
    private static final class ManualNanoClock implements NanoClock {
        final AtomicLong nowNanos = new AtomicLong(1_000_000L);
        final List<Long> parkedUntil = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nowNanos.get();
        }

        @Override
        public synchronized void parkUntil(long deadlineNanos) {
            parkedUntil.add(deadlineNanos);
            nowNanos.accumulateAndGet(deadlineNanos, Math::max);
        }

        void advance(long nanos) {
            nowNanos.addAndGet(nanos);
        }
    }

    @Test
    void requestsAreDueAtStartPlusPointsBeforeOverRate() {
        FixedRateSchedule schedule = new FixedRateSchedule(500, 1_000);
        assertThat(schedule.intendedStartNanos(0)).isEqualTo(500);
        assertThat(schedule.intendedStartNanos(1)).isEqualTo(500 + 1_000_000);
        assertThat(schedule.intendedStartNanos(2_500)).isEqualTo(500 + 2_500_000_000L);
        FixedRateSchedule third = new FixedRateSchedule(0, 3);
        assertThat(third.intendedStartNanos(1)).isEqualTo(333_333_333L);
        assertThat(third.intendedStartNanos(2)).isEqualTo(666_666_666L);
        assertThat(third.intendedStartNanos(3)).isEqualTo(1_000_000_000L);
    }

    @Test
    void theArithmeticIsExactForBillionsOfPointsAtTheHighestRate() {
        FixedRateSchedule schedule = new FixedRateSchedule(0, FixedRateSchedule.MAX_POINTS_PER_SECOND);
        long points = 9_000_000_000_000_000L;
        assertThat(schedule.intendedStartNanos(points)).isEqualTo(points);
        FixedRateSchedule odd = new FixedRateSchedule(0, 999_999_937L);
        assertThat(odd.intendedStartNanos(999_999_937L * 5 + 1)).isEqualTo(5_000_000_000L + 1);
    }

    @Test
    void ratesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new FixedRateSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedRateSchedule(0, FixedRateSchedule.MAX_POINTS_PER_SECOND + 1))
                .hasMessageContaining("points per second");
    }

    @Test
    void theRunnerWaitsForEachIntendedSendTime() throws InterruptedException {
        ManualNanoClock clock = new ManualNanoClock();
        long start = clock.nanoTime();
        List<PhaseRunner.Request> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(PhaseRunner.Request.of(5, recorder -> CompletableFuture.completedFuture(5L)));
        }
        PhaseResult result = runner(clock).run("write", requests.iterator(), new Pacing(4, 1_000, true));
        assertThat(clock.parkedUntil).containsExactly(start, start + 5_000_000, start + 10_000_000,
                start + 15_000_000);
        assertThat(result.rows()).isEqualTo(20);
        assertThat(result.latencyMicros().getMaxValue()).isZero();
    }

    @Test
    void aStallCountsAgainstEveryRequestItDelayedAtAFixedRate() throws InterruptedException {
        ManualNanoClock clock = new ManualNanoClock();
        Histogram latencyMicros = runWithStall(clock, new Pacing(1, 1_000_000, true));
        // due at 0, 1, ..., 9 us; the first takes 50 us, so the others are sent at 50 us: 50, 49, ..., 41 us
        Histogram expected = new Histogram(3);
        for (long micros = 41; micros <= 50; micros++) {
            expected.recordValue(micros);
        }
        assertThat(latencyMicros).isEqualTo(expected);
    }

    @Test
    void flatOutMeasuresFromTheSendWithoutCorrection() throws InterruptedException {
        ManualNanoClock clock = new ManualNanoClock();
        Histogram latencyMicros = runWithStall(clock, Pacing.closedLoop(1));
        assertThat(latencyMicros.getTotalCount()).isEqualTo(10);
        assertThat(latencyMicros.getCountAtValue(0)).isEqualTo(9);
        assertThat(latencyMicros.getMaxValue()).isEqualTo(50);
        assertThat(clock.parkedUntil).isEmpty();
    }

    @Test
    void unmeasuredRequestsCountTowardsThroughputOnly() throws InterruptedException {
        ManualNanoClock clock = new ManualNanoClock();
        List<PhaseRunner.Request> requests = List.of(
                PhaseRunner.Request.of(2, recorder -> CompletableFuture.completedFuture(2L)),
                PhaseRunner.Request.of(2, recorder -> CompletableFuture.completedFuture(2L)));
        PhaseResult result = runner(clock).run("write", requests.iterator(), new Pacing(2, 0, false));
        assertThat(result.requests()).isEqualTo(2);
        assertThat(result.rows()).isEqualTo(4);
        assertThat(result.latencyMicros().getTotalCount()).isZero();
        assertThat(SummaryFormatter.summary(result, "written", "QoS 0")).contains("latency (us)   not measured");
    }

    private static Histogram runWithStall(ManualNanoClock clock, Pacing pacing) throws InterruptedException {
        List<PhaseRunner.Request> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long stallNanos = i == 0 ? 50_000 : 0;
            requests.add(PhaseRunner.Request.of(1, recorder -> {
                clock.advance(stallNanos);
                return CompletableFuture.completedFuture(1L);
            }));
        }
        PhaseResult result = runner(clock).run("write", requests.iterator(), pacing);
        assertThat(result.requests()).isEqualTo(10);
        return result.latencyMicros();
    }

    private static PhaseRunner runner(NanoClock clock) {
        return new PhaseRunner(new PrintWriter(new StringWriter()), 1_000, clock);
    }
}
