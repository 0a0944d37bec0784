package io.almanac.ingest.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session state of one MQTT client id (OASIS MQTT 3.1.1 §4.1, MQTT 5.0 §4.1). The ingest endpoint never
 * publishes to clients and keeps no subscriptions, so the only server-side state is the QoS 2 exchanges the client
 * started and has not released: the packet ids whose PUBLISH was received (rows written) but whose PUBREL has not
 * arrived. A redelivered PUBLISH with such an id is answered PUBREC without writing again, on this connection or the
 * next one that resumes the session. QoS 1 needs no server state: a PUBLISH redelivered with DUP after a reconnect is
 * written again and acknowledged (at least once).
 *
 * <p>Thread safety: {@link #qos2Received} is a concurrent set: the owning connection's event loop updates it, and a
 * write that fails after its connection was closed removes its id on that old connection's event loop, while a
 * new connection may already own the session. The
 * other fields are guarded by the {@link MqttSessions} that holds the session.
 */
final class MqttSession {

    final String clientId;
    /** Packet ids of QoS 2 PUBLISHes received whose PUBREL has not arrived yet. */
    final Set<Integer> qos2Received = ConcurrentHashMap.newKeySet();
    /** Seconds the session outlives its connection; 0 = it ends with the connection. Guarded by MqttSessions. */
    long expirySeconds;
    /** The connection holding the session (its take-over action), or null while disconnected. Guarded. */
    Runnable owner;
    /** When the last connection closed, micros since the epoch; -1 while connected. Guarded by MqttSessions. */
    long disconnectedAtMicros = -1;

    MqttSession(String clientId) {
        this.clientId = clientId;
    }

    /** @return whether a disconnected session's expiry interval has passed at {@code nowMicros} */
    boolean isExpired(long nowMicros) {
        return owner == null && disconnectedAtMicros >= 0
                && nowMicros - disconnectedAtMicros >= expirySeconds * 1_000_000L;
    }
}
