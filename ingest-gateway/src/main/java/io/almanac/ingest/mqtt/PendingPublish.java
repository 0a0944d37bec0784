package io.almanac.ingest.mqtt;

import io.almanac.storage.data.Mutation;
import java.util.List;

/**
 * One received PUBLISH on its way through the write path, until its acknowledgement can be sent.
 *
 * <p>Invariants: {@code nextToOffer <= mutations.size()}; {@code settled <= offered}; it is complete when every
 * mutation was offered and every offered one committed or failed. A refused or duplicate PUBLISH has no mutations
 * and is complete at once (it is still acknowledged, so the client does not redeliver it forever).
 *
 * <p>Thread safety: confined to the connection's event loop (write callbacks hand their result back to it).
 */
final class PendingPublish {

    final int qos;
    final int packetId;
    final List<Mutation> mutations;
    /** The MQTT 5 reason code of its PUBACK/PUBREC: 0x00 success, or why it was refused (§3.4.2.1). */
    byte reasonCode;
    /** When the write path first refused its first mutation, micros since the epoch; -1 while never refused. */
    long backPressuredSinceMicros = -1;
    int nextToOffer;
    int offered;
    int settled;
    boolean offeringDone;
    boolean failed;

    PendingPublish(int qos, int packetId, List<Mutation> mutations) {
        this.qos = qos;
        this.packetId = packetId;
        this.mutations = mutations;
        this.offeringDone = mutations.isEmpty();
    }

    /** @return a PUBLISH that writes nothing but is acknowledged per its QoS */
    static PendingPublish acknowledgeOnly(int qos, int packetId) {
        return new PendingPublish(qos, packetId, List.of());
    }

    /** @return a refused PUBLISH: writes nothing, acknowledged per its QoS with {@code reasonCode} on MQTT 5 */
    static PendingPublish refused(int qos, int packetId, byte reasonCode) {
        PendingPublish refused = new PendingPublish(qos, packetId, List.of());
        refused.reasonCode = reasonCode;
        return refused;
    }

    boolean isComplete() {
        return offeringDone && settled == offered;
    }
}
