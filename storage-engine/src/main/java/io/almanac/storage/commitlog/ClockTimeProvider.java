package io.almanac.storage.commitlog;

import io.almanac.storage.time.Clock;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Chronicle Queue's time source backed by the node's {@link Clock}, so queue cycles roll when the node's clock says
 * (tests drive rolls with a manual clock).
 *
 * <p>Thread safety: as safe as the clock (every Clock is).
 */
final class ClockTimeProvider implements TimeProvider {

    private final Clock clock;

    ClockTimeProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeMillis() {
        return clock.nowMillis();
    }

    @Override
    public long currentTimeMicros() {
        return clock.nowMicros();
    }

    @Override
    public long currentTimeNanos() {
        return Math.multiplyExact(clock.nowMicros(), 1_000L);
    }
}
