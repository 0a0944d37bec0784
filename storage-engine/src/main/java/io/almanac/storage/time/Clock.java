package io.almanac.storage.time;

/**
 * The one source of "now" for the node. Nothing in Almanac reads the wall clock except through a {@code Clock}, so
 * tests drive time with {@link ManualClock} instead of sleeping.
 *
 * <p>Thread safety: implementations are safe to call from any thread.
 */
public interface Clock {

    /** @return microseconds since the Unix epoch (UTC); the unit of cell timestamps. */
    long nowMicros();

    /** @return milliseconds since the Unix epoch (UTC). */
    default long nowMillis() {
        return Math.floorDiv(nowMicros(), 1_000L);
    }

    /** @return seconds since the Unix epoch (UTC); the unit of TTL expiry and local deletion times. */
    default long nowSeconds() {
        return Math.floorDiv(nowMicros(), 1_000_000L);
    }
}
