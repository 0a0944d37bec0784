package io.almanac.cql.statements;

import io.almanac.storage.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-side write timestamp for statements without {@code USING TIMESTAMP} or a client default timestamp:
 * microseconds from the {@link Clock}, kept strictly increasing so two writes through this node never share a
 * timestamp, even within one microsecond or across a clock step back (as Cassandra's ClientState does).
 *
 * <p>Thread safety: lock-free; safe from any thread.
 */
final class TimestampSource {

    private final Clock clock;
    private final AtomicLong lastMicros = new AtomicLong(Long.MIN_VALUE);

    TimestampSource(Clock clock) {
        this.clock = clock;
    }

    /** @return a timestamp in microseconds since the epoch, greater than every one returned before */
    long nextMicros() {
        while (true) {
            long last = lastMicros.get();
            long next = Math.max(clock.nowMicros(), last + 1);
            if (lastMicros.compareAndSet(last, next)) {
                return next;
            }
        }
    }
}
