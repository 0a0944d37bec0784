package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryFormatterTest {

    private static Histogram oneToThousandMicros() {
        Histogram histogram = new Histogram(3);
        for (long micros = 1; micros <= 1_000; micros++) {
            histogram.recordValue(micros);
        }
        return histogram;
    }

    @Test
    void percentilesComeFromTheHistogram() {
        assertThat(SummaryFormatter.percentiles(oneToThousandMicros()))
                .isEqualTo("p50 500  p99 990  p99.9 999  max 1,000  (1,000 successful requests)");
    }

    @Test
    void largeLatenciesAreReportedWithinTheHistogramsPrecision() {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(2_000, 990);
        histogram.recordValueWithCount(1_000_000, 10);
        String text = SummaryFormatter.percentiles(histogram);
        // three significant digits: 1,000,000 us lands in a bucket whose highest equivalent value is 1,000,447
        assertThat(text).startsWith("p50 2,000  p99 2,000  p99.9 1,000,447  max 1,000,447");
    }

    @Test
    void anEmptyHistogramSaysSo() {
        assertThat(SummaryFormatter.percentiles(new Histogram(3))).isEqualTo("n/a (no successful requests)");
    }

    @Test
    void errorsAreListedByTypeWithTheirFirstMessage() {
        Map<String, PhaseResult.ErrorSummary> errors = Map.of(
                "WriteTimeoutException", new PhaseResult.ErrorSummary(3, "timed out"),
                "OverloadedException", new PhaseResult.ErrorSummary(1_200, "overloaded"));
        assertThat(SummaryFormatter.errors(errors)).isEqualTo(
                "OverloadedException=1,200 (first: overloaded); WriteTimeoutException=3 (first: timed out)");
        assertThat(SummaryFormatter.errors(Map.of())).isEqualTo("none");
    }

    @Test
    void summaryHoldsTotalsThroughputAndPercentiles() {
        PhaseResult result = new PhaseResult("write", 1_000, 20_000, 2, 2_000_000_000L, oneToThousandMicros(),
                Map.of("DriverTimeoutException", new PhaseResult.ErrorSummary(2, "Query timed out after PT12S")));
        assertThat(SummaryFormatter.summary(result, "written", "closed loop")).isEqualTo("""
                === write summary ===
                  rows written   20,000
                  requests       1,000 ok, 2 failed
                  elapsed        2.000 s
                  throughput     10,000 rows/s, 500 requests/s
                  latency (us)   p50 500  p99 990  p99.9 999  max 1,000  (1,000 successful requests)
                  measured       closed loop
                  errors         DriverTimeoutException=2 (first: Query timed out after PT12S)
                """);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void progressLineShowsRowsRateAndP99SoFar() {
        PhaseRecorder.ProgressSample sample = new PhaseRecorder.ProgressSample("read", 3_400_000_000L, 152_340,
                51_200.4, 7_617, 4_210, 0);
        assertThat(SummaryFormatter.progressLine(sample))
                .isEqualTo("[read]    3 s  rows 152,340  rows/s 51,200  p99 so far 4,210 us  errors 0");
    }

    @Test
    void recorderFoldsIntervalsIntoThePhaseTotal() {
        PhaseRecorder recorder = new PhaseRecorder("write", 0);
        for (long micros = 1; micros <= 500; micros++) {
            recorder.recordSuccess(micros * 1_000, 2);
        }
        PhaseRecorder.ProgressSample first = recorder.sample(1_000_000_000L);
        assertThat(first.rows()).isEqualTo(1_000);
        assertThat(first.rowsPerSecond()).isEqualTo(1_000.0);
        assertThat(first.p99MicrosSoFar()).isEqualTo(495);
        for (long micros = 501; micros <= 1_000; micros++) {
            recorder.recordSuccess(micros * 1_000 + 999, 2);
        }
        recorder.recordFailure(new java.util.concurrent.CompletionException(new IllegalStateException("boom")));
        PhaseResult result = recorder.finish(2_000_000_000L);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(1_000);
        assertThat(SummaryFormatter.percentiles(result.latencyMicros()))
                .isEqualTo("p50 500  p99 990  p99.9 999  max 1,000  (1,000 successful requests)");
        assertThat(result.rows()).isEqualTo(2_000);
        assertThat(result.errors()).containsExactly(
                Map.entry("IllegalStateException", new PhaseResult.ErrorSummary(1, "boom")));
    }
}
