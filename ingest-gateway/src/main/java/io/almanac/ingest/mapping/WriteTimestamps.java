package io.almanac.ingest.mapping;

import io.almanac.storage.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cell timestamps for ingested rows: the server's clock in microseconds since the epoch, made strictly increasing per
 * gateway, so two rows ingested one after the other never tie (a tie would be settled by value, not by arrival;
 * reference/cql-protocol-and-storage.md §5.3-5.4). When the clock stands still or steps back, each timestamp is the
 * previous one plus one microsecond.
 *
 * <p>Thread safety: lock-free, safe from any thread (one compare-and-set per timestamp).
 */
public final class WriteTimestamps {

    private final Clock clock;
    private final AtomicLong lastMicros = new AtomicLong(Long.MIN_VALUE);

    public WriteTimestamps(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return a timestamp, microseconds since the epoch, greater than every one returned before */
    public long nextMicros() {
        while (true) {
            long nowMicros = clock.nowMicros();
            long last = lastMicros.get();
            long next = Math.max(nowMicros, last + 1);
            if (lastMicros.compareAndSet(last, next)) {
                return next;
            }
        }
    }
}
