package io.almanac.server.bench;

import io.almanac.ttl.DropRecord;
import io.almanac.ttl.TtlSweeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs the TTL sweeper's sweeps and measures what expiry costs: the wall time of each sweep
 * ({@code System.nanoTime} around {@link TtlSweeper#sweepDue}), and the SSTables and bytes each dropped whole.
 *
 * <p>Thread safety: not thread-safe; the benchmark thread only.
 */
final class ExpiryRecorder {

    private final TtlSweeper sweeper;
    private final Histogram sweepMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram droppingSweepMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Map<Long, Long> droppedSizeBytesByGeneration = new HashMap<>();
    private final List<StorageBenchReport.Sweep> droppingSweeps = new ArrayList<>();
    private long droppedBytes;

    ExpiryRecorder(TtlSweeper sweeper) {
        this.sweeper = sweeper;
    }

    /**
     * Sweeps the tables that are due (or all of them when {@code force}) at {@code nowSeconds} and records it.
     *
     * @return the SSTables dropped
     */
    List<DropRecord> sweep(long nowSeconds, boolean force) {
        long startNanos = System.nanoTime();
        List<DropRecord> drops = force ? sweeper.sweepOnce(nowSeconds) : sweeper.sweepDue(nowSeconds);
        long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos));
        sweepMicros.recordValue(Math.min(micros, sweepMicros.getHighestTrackableValue()));
        if (drops.isEmpty()) {
            return drops;
        }
        droppingSweepMicros.recordValue(Math.min(micros, droppingSweepMicros.getHighestTrackableValue()));
        long bytes = 0;
        for (DropRecord drop : drops) {
            droppedSizeBytesByGeneration.put(drop.generation(), drop.sizeBytes());
            bytes += drop.sizeBytes();
        }
        droppedBytes += bytes;
        droppingSweeps.add(new StorageBenchReport.Sweep(Instant.ofEpochSecond(nowSeconds).toString(), drops.size(),
                bytes, micros));
        return drops;
    }

    /** @return size in bytes of every SSTable dropped, by generation */
    Map<Long, Long> droppedSizes() {
        return Map.copyOf(droppedSizeBytesByGeneration);
    }

    /** @return what the sweeps cost and freed */
    StorageBenchReport.Expiry report() {
        return new StorageBenchReport.Expiry(sweepMicros.getTotalCount(), droppingSweepMicros.getTotalCount(),
                droppedSizeBytesByGeneration.size(), droppedBytes, sweepMicros.getValueAtPercentile(50),
                sweepMicros.getMaxValue(), droppingSweepMicros.getTotalCount() == 0 ? 0
                        : droppingSweepMicros.getValueAtPercentile(50), droppingSweepMicros.getMaxValue(),
                List.copyOf(droppingSweeps));
    }
}
