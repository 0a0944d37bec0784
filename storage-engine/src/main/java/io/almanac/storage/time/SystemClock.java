package io.almanac.storage.time;

import java.time.Instant;

/**
 * The wall clock, at microsecond resolution where the JVM offers it ({@link Instant#now()}).
 *
 * <p>Thread safety: stateless, safe from any thread.
 */
public final class SystemClock implements Clock {

    @Override
    public long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }
}
