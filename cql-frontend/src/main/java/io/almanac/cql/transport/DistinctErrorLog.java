package io.almanac.cql.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs each distinct unexpected error once (with its stack trace) and only counts its repeats, so a failing request
 * repeated by every client cannot flood the log. Errors are distinct by class and message. At most
 * {@code maxDistinct} errors are tracked; past that, new errors are counted together and logged no more.
 *
 * <p>Thread safety: thread-safe; called from every event loop and from the threads completing requests.
 */
final class DistinctErrorLog {

    private final Logger logger;
    private final int maxDistinct;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();
    private final AtomicBoolean limitLogged = new AtomicBoolean();

    DistinctErrorLog(Logger logger, int maxDistinct) {
        this.logger = logger;
        this.maxDistinct = maxDistinct;
    }

    /** Counts {@code error}; logs it when it is the first of its kind. */
    void record(String context, Throwable error) {
        String key = error.getClass().getName() + ": " + error.getMessage();
        AtomicLong count = counts.get(key);
        if (count == null) {
            if (counts.size() >= maxDistinct) {
                untracked.incrementAndGet();
                if (limitLogged.compareAndSet(false, true)) {
                    logger.error("More than {} distinct unexpected errors; further new errors are not logged",
                            maxDistinct);
                }
                return;
            }
            AtomicLong fresh = new AtomicLong();
            count = counts.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                logger.error("Unexpected error {} (repeats of this error are counted, not logged)", context, error);
            }
        }
        count.incrementAndGet();
    }

    /**
     * Counts an expected failure that ends one connection (a failed TLS handshake, a plaintext client on a TLS port);
     * logs a warning without stack trace when it is the first with this {@code reason}.
     *
     * @param reason     a stable description of the failure, without per-connection details
     * @param connection the remote address, logged with the first occurrence only
     */
    void recordReason(String reason, Object connection) {
        String key = "reason: " + reason;
        AtomicLong count = counts.get(key);
        if (count == null) {
            if (counts.size() >= maxDistinct) {
                untracked.incrementAndGet();
                return;
            }
            AtomicLong fresh = new AtomicLong();
            count = counts.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                logger.warn("Closed connection {}: {} (repeats of this reason are counted, not logged)", connection,
                        reason);
            }
        }
        count.incrementAndGet();
    }

    /** @return how often {@link #recordReason} was called with {@code reason} */
    long reasonCount(String reason) {
        AtomicLong count = counts.get("reason: " + reason);
        return count == null ? 0 : count.get();
    }

    /** @return every reason passed to {@link #recordReason} with its count, in no particular order */
    Map<String, Long> reasonCounts() {
        Map<String, Long> reasons = new HashMap<>();
        counts.forEach((key, count) -> {
            if (key.startsWith("reason: ")) {
                reasons.put(key.substring("reason: ".length()), count.get());
            }
        });
        return reasons;
    }

    /** @return how often an error of this class and message was recorded */
    long count(Throwable error) {
        AtomicLong count = counts.get(error.getClass().getName() + ": " + error.getMessage());
        return count == null ? 0 : count.get();
    }
}
