package io.almanac.storage.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error handler of the engine's threads (shard writers, flush, compaction): counts errors by distinct
 * signature (exception class, message and throwing frame) and logs only the first of each, so a repeating failure
 * does not flood the log.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class DistinctErrorHandler implements ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DistinctErrorHandler.class);

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    @Override
    public void onError(Throwable throwable) {
        total.incrementAndGet();
        StackTraceElement[] frames = throwable.getStackTrace();
        String signature = throwable.getClass().getName() + ": " + throwable.getMessage()
                + (frames.length > 0 ? " @ " + frames[0] : "");
        AtomicLong count = counts.computeIfAbsent(signature, key -> new AtomicLong());
        if (count.getAndIncrement() == 0) {
            LOG.error("Storage engine error (further occurrences are counted, not logged)", throwable);
        }
    }

    /** @return errors seen, all occurrences */
    public long totalErrors() {
        return total.get();
    }

    /** @return the number of distinct errors seen */
    public int distinctErrors() {
        return counts.size();
    }

    /** @return occurrences by error signature */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        counts.forEach((signature, count) -> snapshot.put(signature, count.get()));
        return snapshot;
    }
}
