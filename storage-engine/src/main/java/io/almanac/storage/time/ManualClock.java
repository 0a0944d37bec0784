package io.almanac.storage.time;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to; for tests and simulations.
 *
 * <p>Thread safety: safe from any thread (the time is an atomic long).
 */
public final class ManualClock implements Clock {

    private final AtomicLong nowMicros;

    /** @param startMicros the initial time, microseconds since the Unix epoch */
    public ManualClock(long startMicros) {
        this.nowMicros = new AtomicLong(startMicros);
    }

    @Override
    public long nowMicros() {
        return nowMicros.get();
    }

    /** Moves the clock forward by {@code deltaMicros} (may be negative to model a clock step back). */
    public void advanceMicros(long deltaMicros) {
        nowMicros.addAndGet(deltaMicros);
    }

    /** Moves the clock forward by {@code deltaSeconds}. */
    public void advanceSeconds(long deltaSeconds) {
        advanceMicros(deltaSeconds * 1_000_000L);
    }

    /** Sets the clock to {@code micros} since the Unix epoch. */
    public void setMicros(long micros) {
        nowMicros.set(micros);
    }
}
