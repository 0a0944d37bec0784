package io.almanac.ingest.mqtt;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.write.WriteCallback;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One received PUBLISH on its way through the write path, until its acknowledgement can be sent. It is also the
 * {@link WriteCallback} of each of its mutations: a shard writer counts the mutation as settled here and hands the
 * outcome to the connection's {@link WriterHandBack}, so a row costs no callback object and no event-loop task of its
 * own.
 *
 * <p>Invariants: {@code nextToOffer <= mutations.size()}; once {@code offeringDone}, {@code settled <= offered} (a
 * writer may settle a mutation before the event loop has counted it offered, so not before); it is complete when
 * every mutation was offered and every offered one committed or failed. A refused or duplicate PUBLISH has no
 * mutations and is complete at once (it is still acknowledged, so the client does not redeliver it forever).
 *
 * <p>Thread safety: confined to the connection's event loop, except {@link #settled} and {@link #failed}, which shard
 * writer threads write through the callback methods ({@code failed} is set before {@code settled} counts the failed
 * mutation, so the event loop that sees it complete also sees it failed).
 */
final class PendingPublish implements WriteCallback {

    private static final AtomicIntegerFieldUpdater<PendingPublish> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(PendingPublish.class, "settled");

    final int qos;
    final int packetId;
    final List<Mutation> mutations;
    /** The mutations may take the engine's trusted path ({@code StorageEngine.offerTrusted}). */
    final boolean trusted;
    /** Where writer threads hand outcomes to; null for a PUBLISH that writes nothing. */
    private final WriterHandBack handBack;
    /** The MQTT 5 reason code of its PUBACK/PUBREC: 0x00 success, or why it was refused (§3.4.2.1). */
    byte reasonCode;
    /** When the write path first refused its first mutation, micros since the epoch; -1 while never refused. */
    long backPressuredSinceMicros = -1;
    int nextToOffer;
    int offered;
    /** Mutations committed or failed, counted by the shard writers. */
    volatile int settled;
    boolean offeringDone;
    /** A mutation failed (set by a writer) or the write path threw (set by the event loop): never acknowledged. */
    volatile boolean failed;

    PendingPublish(int qos, int packetId, List<Mutation> mutations, boolean trusted, WriterHandBack handBack) {
        this.qos = qos;
        this.trusted = trusted;
        this.packetId = packetId;
        this.mutations = mutations;
        this.handBack = handBack;
        this.offeringDone = mutations.isEmpty();
    }

    /** @return a PUBLISH that writes nothing but is acknowledged per its QoS */
    static PendingPublish acknowledgeOnly(int qos, int packetId) {
        return new PendingPublish(qos, packetId, List.of(), false, null);
    }

    /** @return a refused PUBLISH: writes nothing, acknowledged per its QoS with {@code reasonCode} on MQTT 5 */
    static PendingPublish refused(int qos, int packetId, byte reasonCode) {
        PendingPublish refused = new PendingPublish(qos, packetId, List.of(), false, null);
        refused.reasonCode = reasonCode;
        return refused;
    }

    boolean isComplete() {
        return offeringDone && settled == offered;
    }

    /** Shard writer thread: one mutation of this PUBLISH is committed. */
    @Override
    public void onCommitted() {
        SETTLED.incrementAndGet(this);
        handBack.committed(this);
    }

    /** Shard writer thread: one mutation of this PUBLISH failed; it will not be acknowledged. */
    @Override
    public void onFailed(Throwable cause) {
        failed = true;
        handBack.failed(this, cause);
        SETTLED.incrementAndGet(this);
        handBack.wake();
    }
}
