package io.almanac.cql.transport;

import io.almanac.cql.query.ResultMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Pushes schema changes to every connection that REGISTERed for {@code SCHEMA_CHANGE} (native_protocol_v5.spec
 * §4.2.6): each gets an EVENT on stream -1 encoded in its own protocol version. Registered once with
 * {@code QueryHandler.addSchemaChangeListener}; connections join on REGISTER and leave when they close.
 *
 * <p>Thread safety: thread-safe; schema changes arrive on whichever thread executed the DDL.
 */
final class SchemaChangeBroadcaster implements Consumer<ResultMessage.SchemaChange> {

    private final Set<CqlConnectionHandler> listeners = ConcurrentHashMap.newKeySet();

    void register(CqlConnectionHandler connection) {
        listeners.add(connection);
    }

    void unregister(CqlConnectionHandler connection) {
        listeners.remove(connection);
    }

    @Override
    public void accept(ResultMessage.SchemaChange change) {
        for (CqlConnectionHandler connection : listeners) {
            connection.sendSchemaChangeEvent(change);
        }
    }

    /** @return how many connections currently receive schema change events */
    int registeredConnections() {
        return listeners.size();
    }
}
