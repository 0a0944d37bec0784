package io.almanac.cql.statements;

import io.almanac.cql.query.ResultMessage;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prepared statement cache, keyed by statement id ({@link Digests#preparedId}). Bounded: past
 * {@code maxEntries} an arbitrary older entry is evicted; a driver that EXECUTEs an evicted id gets Unprepared
 * (0x2500) and re-prepares, as with Cassandra's size-bounded cache.
 *
 * <p>Thread safety: safe from any thread (a concurrent map).
 */
final class PreparedStatements {

    /** A cached statement with the PREPARED answer it was given. */
    record Entry(CqlStatement statement, ResultMessage.Prepared prepared) {
    }

    private final int maxEntries;
    private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

    PreparedStatements(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** @return the entry, or null when the id is unknown */
    Entry get(byte[] id) {
        return entries.get(ByteBuffer.wrap(id));
    }

    void put(byte[] id, Entry entry) {
        entries.put(ByteBuffer.wrap(id.clone()), entry);
        Iterator<ByteBuffer> ids = entries.keySet().iterator();
        while (entries.size() > maxEntries && ids.hasNext()) {
            ByteBuffer candidate = ids.next();
            if (!candidate.equals(ByteBuffer.wrap(id))) {
                ids.remove();
            }
        }
    }

    void remove(byte[] id) {
        entries.remove(ByteBuffer.wrap(id));
    }

    /** @return the number of cached statements */
    int size() {
        return entries.size();
    }
}
