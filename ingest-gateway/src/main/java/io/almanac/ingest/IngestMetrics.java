package io.almanac.ingest;

import io.almanac.ingest.mapping.RejectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters, for the server module's metrics and for tests. Counts only grow; a reader takes a
 * {@link #snapshot()}.
 *
 * <p>Thread safety: every method is safe from any thread ({@link LongAdder}s: writers on different event loops do
 * not contend). A snapshot is not atomic across counters.
 */
public final class IngestMetrics {

    private final LongAdder httpRequests = new LongAdder();
    private final LongAdder mqttPublishes = new LongAdder();
    private final LongAdder mqttConnections = new LongAdder();
    private final LongAdder rowsAccepted = new LongAdder();
    private final LongAdder backPressureEvents = new LongAdder();
    private final Map<RejectReason, LongAdder> rowsRejected = new EnumMap<>(RejectReason.class);

    public IngestMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rowsRejected.put(reason, new LongAdder());
        }
    }

    /** Counts one HTTP request to the ingest server, whatever its outcome. */
    public void httpRequest() {
        httpRequests.increment();
    }

    /** Counts one MQTT PUBLISH received, whatever its outcome. */
    public void mqttPublish() {
        mqttPublishes.increment();
    }

    /** Counts one accepted MQTT connection (CONNACK 0x00 sent). */
    public void mqttConnection() {
        mqttConnections.increment();
    }

    /** Counts rows committed by the storage engine (acknowledged to the client, or QoS 0). */
    public void rowsAccepted(long rows) {
        rowsAccepted.add(rows);
    }

    /**
     * Counts rows refused for {@code reason}: the rows of a refused payload, or 1 for a payload that could not be
     * split into rows (malformed JSON, bad topic, too large).
     */
    public void rowsRejected(RejectReason reason, long rows) {
        rowsRejected.get(reason).add(rows);
    }

    /** Counts one refusal by the write path: an HTTP 503, or an MQTT connection that stopped reading. */
    public void backPressureEvent() {
        backPressureEvents.increment();
    }

    /** @return the counters now */
    public Snapshot snapshot() {
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        rowsRejected.forEach((reason, count) -> rejected.put(reason, count.sum()));
        return new Snapshot(httpRequests.sum(), mqttPublishes.sum(), mqttConnections.sum(), rowsAccepted.sum(),
                backPressureEvents.sum(), Collections.unmodifiableMap(rejected));
    }

    /**
     * The counters at one moment.
     *
     * @param httpRequests       HTTP requests received
     * @param mqttPublishes      MQTT PUBLISH packets received
     * @param mqttConnections    MQTT connections accepted
     * @param rowsAccepted       rows committed
     * @param backPressureEvents times the write path refused a write (HTTP 503, MQTT pause)
     * @param rowsRejected       rows refused, by reason (every reason present, zero when none)
     */
    public record Snapshot(long httpRequests, long mqttPublishes, long mqttConnections, long rowsAccepted,
                           long backPressureEvents, Map<RejectReason, Long> rowsRejected) {

        /** @return the rows refused for {@code reason} */
        public long rowsRejected(RejectReason reason) {
            return rowsRejected.getOrDefault(reason, 0L);
        }
    }
}
