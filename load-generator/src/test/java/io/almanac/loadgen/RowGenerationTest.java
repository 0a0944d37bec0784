package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowGenerationTest {

    private static final Instant START = Instant.parse("2026-01-01T23:58:00Z");

    private static WorkloadConfig config(long seed, int devices, long rows, int batchSize) {
        return new WorkloadConfig("127.0.0.1", 9042, "datacenter1", "ks", "t", devices, rows, 4, 64, batchSize, 10,
                8, 15, 0, false, seed, START, 1_000, IngestOptions.defaults());
    }

    private static List<SensorRow> drain(DeviceRowGenerator generator, int batchSize) {
        List<SensorRow> rows = new ArrayList<>();
        while (generator.hasNext()) {
            rows.addAll(generator.nextBatch(batchSize));
        }
        return rows;
    }

    private static List<List<SensorRow>> drain(WriteSchedule schedule) {
        List<List<SensorRow>> batches = new ArrayList<>();
        schedule.forEachRemaining(batches::add);
        return batches;
    }

    @Test
    void sameSeedGivesTheSameRowsWhateverTheBatching() {
        List<SensorRow> singles = drain(new DeviceRowGenerator(7, 3, 500, 4, START, 15), 1);
        List<SensorRow> batched = drain(new DeviceRowGenerator(7, 3, 500, 4, START, 15), 37);
        assertThat(batched).hasSize(500).isEqualTo(singles);
        List<SensorRow> otherSeed = drain(new DeviceRowGenerator(8, 3, 500, 4, START, 15), 1);
        assertThat(otherSeed).extracting(SensorRow::ts).isEqualTo(singles.stream().map(SensorRow::ts).toList());
        assertThat(otherSeed).extracting(SensorRow::value)
                .isNotEqualTo(singles.stream().map(SensorRow::value).toList());
    }

    @Test
    void rowsAreSamplesOfMetricsAtTheSampleInterval() {
        List<SensorRow> rows = drain(new DeviceRowGenerator(1, 42, 10, 4, START, 15), 10);
        assertThat(rows).extracting(SensorRow::deviceId).containsOnly("device-00042");
        assertThat(rows).extracting(SensorRow::metric).containsExactly("temperature", "humidity", "pressure",
                "battery", "temperature", "humidity", "pressure", "battery", "temperature", "humidity");
        assertThat(rows.get(0).ts()).isEqualTo(START);
        assertThat(rows.get(4).ts()).isEqualTo(START.plusSeconds(15));
        assertThat(rows.get(9).ts()).isEqualTo(START.plusSeconds(30));
        assertThat(rows.get(2).value()).isBetween(900.0, 1_130.0);
    }

    @Test
    void aBatchNeverCrossesMidnight() {
        // samples every 15 s from 23:58:00: the first 8 samples (32 rows) fall on Jan 1, the rest on Jan 2
        DeviceRowGenerator generator = new DeviceRowGenerator(1, 0, 100, 4, START, 15);
        List<SensorRow> first = generator.nextBatch(50);
        List<SensorRow> second = generator.nextBatch(50);
        assertThat(first).hasSize(32).extracting(SensorRow::day).containsOnly(LocalDate.of(2026, 1, 1));
        assertThat(second).hasSize(50).extracting(SensorRow::day).containsOnly(LocalDate.of(2026, 1, 2));
        assertThat(generator.nextBatch(50)).hasSize(18);
        assertThat(generator.hasNext()).isFalse();
        assertThat(generator.nextBatch(50)).isEmpty();
    }

    @Test
    void theScheduleWritesEveryRowOnceInOnePartitionBatchesTakingTurns() {
        WorkloadConfig config = config(3, 5, 100, 20);
        List<List<SensorRow>> batches = drain(new WriteSchedule(config));
        Set<String> keys = new HashSet<>();
        for (List<SensorRow> batch : batches) {
            assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(20);
            assertThat(batch.stream().map(r -> r.deviceId() + "/" + r.day()).distinct()).hasSize(1);
            batch.forEach(row -> assertThat(keys.add(row.deviceId() + row.ts() + row.metric())).isTrue());
        }
        assertThat(keys).hasSize(500);
        assertThat(batches.subList(0, 5)).extracting(batch -> batch.get(0).deviceId())
                .containsExactly("device-00000", "device-00001", "device-00002", "device-00003", "device-00004");
    }

    @Test
    void theScheduleIsDeterministicAndMatchesTheDeviceGenerators() {
        WorkloadConfig config = config(11, 3, 50, 7);
        List<List<SensorRow>> once = drain(new WriteSchedule(config));
        assertThat(drain(new WriteSchedule(config))).isEqualTo(once);
        Map<String, List<SensorRow>> byDevice = new HashMap<>();
        once.forEach(batch -> byDevice.computeIfAbsent(batch.get(0).deviceId(), d -> new ArrayList<>()).addAll(batch));
        assertThat(byDevice.get("device-00001")).isEqualTo(drain(new DeviceRowGenerator(11, 1, 50, 4, START, 15), 1));
    }

    @Test
    void readRangesAreSeededAlignedHoursInsideTheWrittenSpan() {
        long first = Instant.parse("2026-01-01T22:30:00Z").toEpochMilli();
        long last = Instant.parse("2026-01-02T01:10:00Z").toEpochMilli();
        ReadRangeGenerator ranges = new ReadRangeGenerator(5, 10, first, last);
        ReadRangeGenerator again = new ReadRangeGenerator(5, 10, first, last);
        Set<Instant> hours = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            ReadRangeGenerator.TimeRange range = ranges.next();
            assertThat(again.next()).isEqualTo(range);
            assertThat(range.toExclusive()).isEqualTo(range.fromInclusive().plusSeconds(3_600));
            assertThat(range.fromInclusive().toEpochMilli() % ReadRangeGenerator.HOUR_MILLIS).isZero();
            assertThat(range.day()).isEqualTo(LocalDate.ofInstant(range.fromInclusive(), java.time.ZoneOffset.UTC));
            assertThat(range.deviceId()).matches("device-0000[0-9]");
            hours.add(range.fromInclusive());
        }
        assertThat(hours).containsExactlyInAnyOrder(Instant.parse("2026-01-01T22:00:00Z"),
                Instant.parse("2026-01-01T23:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T01:00:00Z"));
    }
}
