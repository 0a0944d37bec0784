package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhaseRunnerTest {

    private final ExecutorService completer = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCompleter() throws InterruptedException {
        completer.shutdown();
        assertThat(completer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void boundsRequestsInFlightAndCountsRowsAndFailuresByType() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<PhaseRunner.Request> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int index = i;
            requests.add(PhaseRunner.Request.of(3, recorder -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return CompletableFuture.supplyAsync(() -> {
                    inFlight.decrementAndGet();
                    if (index % 100 == 0) {
                        throw new IllegalStateException("request " + index + " refused");
                    }
                    return 3L;
                }, completer);
            }));
        }
        requests.add(PhaseRunner.Request.of(1, recorder -> {
            throw new UnsupportedOperationException("cannot send");
        }));
        PhaseResult result = new PhaseRunner(new PrintWriter(new StringWriter()), 1_000)
                .run("write", requests.iterator(), 8);
        assertThat(maxInFlight.get()).isBetween(1, 8);
        assertThat(inFlight.get()).isZero();
        assertThat(result.requests()).isEqualTo(1_980);
        assertThat(result.rows()).isEqualTo(1_980 * 3);
        assertThat(result.failures()).isEqualTo(21);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(1_980);
        assertThat(result.errors()).containsOnlyKeys("IllegalStateException", "UnsupportedOperationException");
        assertThat(result.errors().get("IllegalStateException").count()).isEqualTo(20);
        assertThat(result.errors().get("UnsupportedOperationException").firstMessage()).isEqualTo("cannot send");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void anEmptyPhaseFinishesWithNothingRecorded() throws InterruptedException {
        PhaseResult result = new PhaseRunner(new PrintWriter(new StringWriter()), 1_000)
                .run("read", List.<PhaseRunner.Request>of().iterator(), 4);
        assertThat(result.requests()).isZero();
        assertThat(result.succeeded()).isTrue();
        assertThat(SummaryFormatter.percentiles(result.latencyMicros())).isEqualTo("n/a (no successful requests)");
    }
}
