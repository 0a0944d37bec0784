package io.almanac.ingest;

import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused payloads without flooding the log: at most one line per {@link RejectReason} per interval, carrying
 * the latest example and how many refusals for that reason happened since the previous line (STYLE.md, "counts
 * distinct errors instead of flooding the log"). The first refusal of a reason is logged at once.
 *
 * <p>Thread safety: safe from any thread; a line is written by whichever thread wins the compare-and-set on the
 * reason's last-logged time.
 */
public final class RejectionLog {

    private static final long NEVER = Long.MIN_VALUE;

    private final Clock clock;
    private final long intervalMillis;
    private final Consumer<String> sink;
    private final Map<RejectReason, Entry> entries = new EnumMap<>(RejectReason.class);

    /**
     * @param clock          the node's clock (the interval is measured on it)
     * @param intervalMillis the least time between two lines for one reason, milliseconds; at least 1
     * @param sink           where lines go (a logger's warn, or a list in tests)
     */
    public RejectionLog(Clock clock, long intervalMillis, Consumer<String> sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("rejection log interval must be at least 1 ms, got " + intervalMillis);
        }
        this.intervalMillis = intervalMillis;
        for (RejectReason reason : RejectReason.values()) {
            entries.put(reason, new Entry());
        }
    }

    /** @return a log that writes to this class's SLF4J logger at WARN level */
    public static RejectionLog toSlf4j(Clock clock, long intervalMillis) {
        Logger logger = LoggerFactory.getLogger(RejectionLog.class);
        return new RejectionLog(clock, intervalMillis, logger::warn);
    }

    /**
     * Records one refusal and writes a line when the reason's interval has passed.
     *
     * @param source  who refused, e.g. "MQTT" or "HTTP"
     * @param reason  the category
     * @param example what was refused and why, e.g. {@code topic "sensors/1" is not almanac/{keyspace}/{table}}
     * @return whether a line was written
     */
    public boolean record(String source, RejectReason reason, String example) {
        Entry entry = entries.get(reason);
        entry.sinceLastLine.increment();
        long nowMillis = clock.nowMillis();
        long last = entry.lastLineMillis.get();
        if (last != NEVER && nowMillis - last < intervalMillis) {
            return false;
        }
        if (!entry.lastLineMillis.compareAndSet(last, nowMillis)) {
            return false;
        }
        long count = entry.sinceLastLine.sumThenReset();
        sink.accept(source + " payload refused (" + reason.code() + "): " + example + " [" + count
                + (count == 1 ? " refusal" : " refusals") + " for this reason since the last line]");
        return true;
    }

    private static final class Entry {
        final AtomicLong lastLineMillis = new AtomicLong(NEVER);
        final LongAdder sinceLastLine = new LongAdder();
    }
}
