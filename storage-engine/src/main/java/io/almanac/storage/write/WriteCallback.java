package io.almanac.storage.write;

/**
 * Completion of one accepted mutation. Called exactly once, on a shard writer thread: implementations must be quick
 * and must not block (hand the answer to the connection's event loop).
 */
public interface WriteCallback {

    /** The mutation is durable per {@code commitlog_sync} (appended to the commit log) and visible to reads. */
    void onCommitted();

    /** The mutation could not be written (e.g. the commit log failed); it is not acknowledged. */
    void onFailed(Throwable cause);
}
