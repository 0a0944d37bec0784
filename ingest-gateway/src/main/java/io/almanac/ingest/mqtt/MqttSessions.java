package io.almanac.ingest.mqtt;

import io.almanac.storage.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The MQTT sessions of one node, by client id, shared by every MQTT listener (plaintext and TLS) so a client id has
 * one session wherever it connects (OASIS MQTT 3.1.1 §3.1.2.4, §3.1.4; MQTT 5.0 §3.1.2.4, §3.1.2.11, §4.1):
 *
 * <pre>
 *   CONNECT, authenticated   -> attach: a connection already holding the client id is taken over (its take-over
 *                               action runs: MQTT 5 DISCONNECT 0x8E, then close); clean session / clean start
 *                               discards the stored state; otherwise the stored state is resumed (session present)
 *   connection closed        -> detach: expiry 0 -> the session ends; else it is kept, disconnected, until its
 *                               expiry interval has passed on the node's clock
 *   more than maxStoredSessions disconnected sessions -> expired ones are dropped first, then the longest
 *                               disconnected
 * </pre>
 *
 * Sessions live in memory only: a node restart loses them, as if every session had expired (a client learns it from
 * session present = 0 in CONNACK and redelivers its unacknowledged QoS 1 and 2 PUBLISHes; the rows of those are then
 * written at least once). Expired sessions are dropped lazily, on the next attach or detach; no timer runs.
 *
 * <p>Thread safety: every method is synchronized (they run once per connect and disconnect, never per PUBLISH); a
 * take-over action is run under the lock and must only hand work to its connection's event loop.
 */
public final class MqttSessions {

    private final Clock clock;
    private final int maxStoredSessions;
    private final Map<String, MqttSession> sessions = new HashMap<>();
    private int storedSessions;

    /**
     * @param clock             the node's clock (session expiry is measured on it)
     * @param maxStoredSessions the most disconnected sessions kept; at least 1
     * @throws IllegalArgumentException when {@code maxStoredSessions} is below 1
     */
    public MqttSessions(Clock clock, int maxStoredSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxStoredSessions < 1) {
            throw new IllegalArgumentException("maxStoredSessions must be at least 1, got " + maxStoredSessions);
        }
        this.maxStoredSessions = maxStoredSessions;
    }

    /**
     * A session attached to a connection.
     *
     * @param session        the session, now owned by the connection
     * @param sessionPresent whether stored state was resumed (CONNACK Session Present flag)
     */
    record Attached(MqttSession session, boolean sessionPresent) {
    }

    /**
     * Attaches the session of {@code clientId} to a connection, taking it over from another connection holding it.
     *
     * @param cleanStart    MQTT 3.1.1 Clean Session / MQTT 5 Clean Start: discard stored state
     * @param expirySeconds how long the session outlives this connection, seconds; 0 = it ends with it
     * @param owner         the connection's take-over action, run (under this object's lock) when another
     *                      connection attaches the same client id; also the connection's key for {@link #detach}
     */
    synchronized Attached attach(String clientId, boolean cleanStart, long expirySeconds, Runnable owner) {
        long nowMicros = clock.nowMicros();
        dropExpired(nowMicros);
        MqttSession existing = sessions.get(clientId);
        if (existing != null && existing.owner != null) {
            existing.owner.run();
            existing.owner = null;
        } else if (existing != null) {
            storedSessions--;
        }
        boolean resumed = existing != null && !cleanStart;
        MqttSession session = resumed ? existing : new MqttSession(clientId);
        session.owner = owner;
        session.expirySeconds = expirySeconds;
        session.disconnectedAtMicros = -1;
        sessions.put(clientId, session);
        return new Attached(session, resumed);
    }

    /**
     * Changes how long an attached session outlives its connection (MQTT 5 DISCONNECT Session Expiry Interval).
     *
     * @param expirySeconds the new interval, seconds
     */
    synchronized void updateExpiry(MqttSession session, long expirySeconds) {
        session.expirySeconds = expirySeconds;
    }

    /**
     * Detaches a session from its closed connection: it ends (expiry 0) or is kept until it expires. Nothing happens
     * when another connection took it over meanwhile.
     *
     * @param owner the take-over action the connection attached with
     */
    synchronized void detach(MqttSession session, Runnable owner) {
        if (session.owner != owner || sessions.get(session.clientId) != session) {
            return;
        }
        session.owner = null;
        if (session.expirySeconds == 0) {
            sessions.remove(session.clientId);
            return;
        }
        long nowMicros = clock.nowMicros();
        session.disconnectedAtMicros = nowMicros;
        storedSessions++;
        if (storedSessions > maxStoredSessions) {
            dropExpired(nowMicros);
        }
        while (storedSessions > maxStoredSessions) {
            dropLongestDisconnected();
        }
    }

    /** @return the number of sessions kept for disconnected clients (expired ones not yet dropped included) */
    public synchronized int storedSessions() {
        return storedSessions;
    }

    /** @return whether a session is held for {@code clientId}, connected or not (and not expired) */
    public synchronized boolean hasSession(String clientId) {
        MqttSession session = sessions.get(clientId);
        return session != null && !session.isExpired(clock.nowMicros());
    }

    private void dropExpired(long nowMicros) {
        for (Iterator<MqttSession> it = sessions.values().iterator(); it.hasNext(); ) {
            if (it.next().isExpired(nowMicros)) {
                it.remove();
                storedSessions--;
            }
        }
    }

    private void dropLongestDisconnected() {
        MqttSession oldest = null;
        for (MqttSession session : sessions.values()) {
            if (session.owner == null && (oldest == null
                    || session.disconnectedAtMicros < oldest.disconnectedAtMicros)) {
                oldest = session;
            }
        }
        sessions.remove(oldest.clientId);
        storedSessions--;
    }
}
