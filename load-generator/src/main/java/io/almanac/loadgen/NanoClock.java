package io.almanac.loadgen;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source of the phases: a monotonic nanosecond counter to measure durations and to wait for a scheduled
 * send time. {@link #system()} reads {@link System#nanoTime()}; tests pass a manual one.
 *
 * <p>Thread safety: implementations must allow {@link #nanoTime()} from any thread.
 */
public interface NanoClock {

    /** @return the current value of the monotonic counter, nanoseconds (only differences are meaningful) */
    long nanoTime();

    /**
     * Returns once {@link #nanoTime()} has reached {@code deadlineNanos}; at once if it already has.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void parkUntil(long deadlineNanos) throws InterruptedException;

    /** @return the clock of {@link System#nanoTime()}, waiting with {@link LockSupport#parkNanos(long)} */
    static NanoClock system() {
        return SystemNanoClock.INSTANCE;
    }

    /** {@link System#nanoTime()}; stateless. */
    enum SystemNanoClock implements NanoClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) throws InterruptedException {
            long remainingNanos;
            while ((remainingNanos = deadlineNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(remainingNanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the next scheduled send");
                }
            }
        }
    }
}
