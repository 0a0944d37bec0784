package io.almanac.storage.commitlog;

import org.agrona.DirectBuffer;

/** Receives commit log entries during replay. */
@FunctionalInterface
public interface CommitLogEntryHandler {

    /**
     * @param buffer the entry's bytes (valid only during the call)
     * @param offset where the entry starts in {@code buffer}
     * @param length the entry's length, bytes
     * @param index  the entry's commit log index
     */
    void onEntry(DirectBuffer buffer, int offset, int length, long index);
}
