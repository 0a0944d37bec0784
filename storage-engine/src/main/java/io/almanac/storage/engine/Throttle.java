package io.almanac.storage.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a compaction to {@code compaction_throughput}: after each chunk it parks until the bytes processed so far
 * fit the allowed rate. Measures elapsed time with {@link System#nanoTime()} (a duration, not "now").
 *
 * <p>Thread safety: not thread safe; one per compaction.
 */
final class Throttle {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long bytes;

    /** @param bytesPerSecond the allowed rate; 0 = unthrottled */
    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Accounts {@code processedBytes} and parks while ahead of the allowed rate. */
    void acquire(long processedBytes) {
        if (bytesPerSecond <= 0) {
            return;
        }
        bytes += processedBytes;
        long allowedAtNanos = startNanos + bytes * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
        long waitNanos = allowedAtNanos - System.nanoTime();
        while (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
            waitNanos = allowedAtNanos - System.nanoTime();
        }
    }
}
