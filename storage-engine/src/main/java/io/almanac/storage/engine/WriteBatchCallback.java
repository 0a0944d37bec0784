package io.almanac.storage.engine;

import io.almanac.storage.write.WriteCallback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one write callback of a {@link StorageEngine#write(java.util.List)} request: every accepted mutation of the
 * request registers this same object, which counts outstanding mutations down and completes one future when the last
 * settles. It replaces a {@code CompletableFuture} and a callback per mutation plus an {@code allOf}.
 *
 * <p>Outcome, as the per-mutation futures joined by {@code allOf} gave it: normal completion when every mutation
 * committed; otherwise, once every accepted mutation settled, exceptional completion with a
 * {@link CompletionException} whose cause is the offering's refusal (the shard was full, or {@code offer} threw),
 * else the first failure a writer reported.
 *
 * <p>Invariants: {@code outstanding} = accepted mutations not yet settled, plus one while the request is still
 * offering; the future completes exactly once, when it reaches 0.
 *
 * <p>Allocation per request: this object, its counter and one future; per mutation, nothing.
 *
 * <p>Thread safety: {@link #accepting} and {@link #offeringDone} on the offering thread; the callbacks from any
 * writer thread. The refusal is written before the offering's own count is released and a failure before its
 * mutation's count is, so whoever brings the count to 0 sees both.
 */
final class WriteBatchCallback implements WriteCallback {

    private final CompletableFuture<Void> future = new CompletableFuture<>();
    /** Starts at one: the offering itself, released by {@link #offeringDone}. */
    private final AtomicInteger outstanding = new AtomicInteger(1);
    private volatile Throwable failure;
    private RuntimeException refusal;

    /** @return the request's future */
    CompletableFuture<Void> future() {
        return future;
    }

    /** Offering thread: counts a mutation about to be offered (call {@link #notAccepted} if it then is not). */
    void accepting() {
        outstanding.incrementAndGet();
    }

    /** Offering thread: the mutation counted by {@link #accepting} was refused or threw; offering stops. */
    void notAccepted(RuntimeException why) {
        refusal = why;
        outstanding.decrementAndGet();
    }

    /** Offering thread: no more mutations will be offered. */
    void offeringDone() {
        arrive();
    }

    @Override
    public void onCommitted() {
        arrive();
    }

    @Override
    public void onFailed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        arrive();
    }

    private void arrive() {
        if (outstanding.decrementAndGet() != 0) {
            return;
        }
        Throwable cause = refusal != null ? refusal : failure;
        if (cause == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(cause instanceof CompletionException ? cause
                    : new CompletionException(cause));
        }
    }
}
