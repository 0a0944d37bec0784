package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.auth.IngestPrincipal;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.write.WriteResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The PUBLISH path of one MQTT connection: map the payload to mutations, offer them to the storage engine, and
 * acknowledge per QoS once they are committed (MQTT 3.1.1 §4.3):
 *
 * <pre>
 *   QoS 0  written, no answer
 *   QoS 1  PUBACK  after every row of the message is committed (the commit-log append)
 *   QoS 2  PUBREC  after every row is committed; PUBREL -> PUBCOMP. A PUBLISH whose packet id is already
 *                  received-but-not-released is a redelivery: answered PUBREC again, not written again
 *   refused (bad topic, unknown table, bad payload): counted, logged (rate-limited), acknowledged per QoS; on
 *                  MQTT 5 the PUBACK/PUBREC carries the reason (§3.4.2.1): 0x90 topic name invalid (no mapping,
 *                  unknown table), 0x99 payload format invalid (the payload does not map to rows), 0x83
 *                  implementation specific error (the engine refused the rows), 0x97 quota exceeded (see below),
 *                  0x87 not authorized (the connection's role may not modify a table of the rows)
 *   not authorized on MQTT 3.1.1: counted, logged, and the connection closed, as 3.1.1 has no way to refuse a
 *                  PUBLISH (§3.3.5); nothing of it is written
 * </pre>
 *
 * MQTT 5 Receive Maximum (§3.3.4): a QoS 1/2 PUBLISH beyond {@code receiveMaximum} unacknowledged ones is answered
 * DISCONNECT 0x93.
 *
 * Acknowledgements go out in the order the PUBLISHes arrived (§4.6), whatever order the shards commit in.
 *
 * <p>Back-pressure without loss: rows are offered one mutation at a time ({@code StorageEngine.offer}). When a shard
 * refuses one, the connection stops reading (autoRead off), and the same message is offered again from the refused
 * mutation after {@code backPressureRetryMillis} on the event loop, until accepted; PUBLISHes decoded meanwhile queue
 * behind it in order. Reading resumes when the queue is empty. {@code offer} is used rather than {@code write} so a
 * retry never offers an already accepted mutation twice. On MQTT 5, once the oldest queued message has waited
 * {@code backPressureMaxWaitMillis} (gateway clock), every queued message none of whose rows was offered yet is
 * refused with 0x97 quota exceeded, so nothing of it is written and the client may retry later; a message partly
 * offered is always finished.
 *
 * <p>QoS 2 state lives in the connection's {@link MqttSession} (the set of packet ids received and not released), so
 * exactly-once holds across reconnects of a persistent session. A QoS 2 message that was not completely offered when
 * its connection closed, or one of whose rows failed, is forgotten from that set, so its redelivery is written again
 * (its rows already committed are then written twice: same primary key, so the row is the same). A row whose write
 * fails is not acknowledged: the connection is closed so the client redelivers.
 *
 * <p>Acknowledgements are coalesced: the shard writers count each row settled in its {@link PendingPublish} (the
 * PUBLISH is the write callback of its rows) and wake the event loop through the connection's {@link WriterHandBack}
 * only when no settle task is pending; that task sends every acknowledgement that became due, in order, with one
 * flush.
 *
 * <p>Allocation per PUBLISH, on top of the mapping: the {@link PendingPublish}; per row, nothing (no callback object,
 * no event-loop task); per batch of rows a writer completes for this connection, at most one settle task run.
 *
 * <p>Thread safety: confined to the connection's event loop; write callbacks hand their outcome back to it.
 */
final class MqttPublishFlow {

    private final IngestGateway gateway;
    private final MqttIngestConfig config;
    private final ChannelHandlerContext ctx;
    private final BiConsumer<MqttReasonCodes.Disconnect, String> protocolViolation;
    private final MqttMessageMapper messageMapper;
    private final WriterHandBack handBack;
    private final ArrayDeque<PendingPublish> toOffer = new ArrayDeque<>();
    private final ArrayDeque<PendingPublish> toAcknowledge = new ArrayDeque<>();
    /** Packet ids of QoS 2 PUBLISHes received whose PUBREL has not arrived yet (the session's, once attached). */
    private Set<Integer> qos2Received = new HashSet<>();
    /** Who writes: checked against each table before its rows are offered. */
    private IngestPrincipal principal = IngestPrincipal.ANONYMOUS;
    private ScheduledFuture<?> retry;
    private boolean closed;
    private boolean mqtt5;
    /** QoS 1 messages whose PUBACK is not sent yet (with {@link #qos2Received}: the MQTT 5 in-flight count). */
    private int qos1Unacknowledged;

    /**
     * @param protocolViolation closes the connection for a protocol error (reason code, why)
     */
    MqttPublishFlow(IngestGateway gateway, MqttIngestConfig config, ChannelHandlerContext ctx,
                    BiConsumer<MqttReasonCodes.Disconnect, String> protocolViolation) {
        this.gateway = gateway;
        this.config = config;
        this.ctx = ctx;
        this.protocolViolation = protocolViolation;
        this.messageMapper = new MqttMessageMapper(gateway, config.topicMappings());
        this.handBack = new WriterHandBack(ctx.executor(), gateway.metrics(), this::settleHandedBack);
    }

    /**
     * The CONNECT was accepted.
     *
     * @param writer  the authenticated role, checked against each table written
     * @param session the session holding QoS 2 state, or null for state confined to this connection
     * @param useMqtt5 the connection speaks MQTT 5: reason codes, Receive Maximum and quota refusals apply
     */
    void start(IngestPrincipal writer, MqttSession session, boolean useMqtt5) {
        this.principal = writer;
        this.mqtt5 = useMqtt5;
        if (session != null) {
            this.qos2Received = session.qos2Received;
        }
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /** @return whether the connection is paused by back-pressure (it is not reading, so it may look idle) */
    boolean isBackPressured() {
        return !toOffer.isEmpty();
    }

    /** Handles one PUBLISH; {@code payload} is only read during the call. */
    void onPublish(String topic, ByteBuf payload, int qos, int packetId) {
        gateway.metrics().mqttPublish();
        if (mqtt5 && qos > 0 && !(qos == 2 && qos2Received.contains(packetId))
                && qos1Unacknowledged + qos2Received.size() >= config.receiveMaximum()) {
            protocolViolation.accept(MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than Receive Maximum " + config.receiveMaximum() + " unacknowledged QoS 1/2 PUBLISHes");
            return;
        }
        if (qos == 2 && !qos2Received.add(packetId)) {
            toAcknowledge.add(PendingPublish.acknowledgeOnly(qos, packetId));
            drainAcknowledgements();
            return;
        }
        PendingPublish pending = map(topic, payload, qos, packetId);
        if (!mqtt5 && pending.reasonCode == MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue()) {
            qos2Received.remove(packetId);
            closed = true;
            ctx.close(); // MQTT 3.1.1 §3.3.5: the only way to refuse an unauthorized PUBLISH
            return;
        }
        if (qos > 0) {
            toAcknowledge.add(pending);
            qos1Unacknowledged += qos == 1 ? 1 : 0;
        }
        if (pending.mutations.isEmpty()) {
            drainAcknowledgements();
            return;
        }
        toOffer.add(pending);
        if (retry == null) {
            offerQueued();
        }
    }

    /** Handles PUBREL: the QoS 2 message is released; answered PUBCOMP. */
    void onPubRel(int packetId) {
        qos2Received.remove(packetId);
        ctx.writeAndFlush(MqttPackets.pubComp(packetId));
    }

    /**
     * Forgets everything queued: the connection is gone. Rows already offered still commit; a QoS 2 message not
     * completely offered is forgotten from the session, so its redelivery is written.
     */
    void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        for (PendingPublish pending : toOffer) {
            if (pending.qos == 2) {
                qos2Received.remove(pending.packetId);
            }
        }
        toOffer.clear();
        toAcknowledge.clear();
    }

    private PendingPublish map(String topic, ByteBuf payload, int qos, int packetId) {
        MqttMessageMapper.MappedMessage message = messageMapper.map(topic, payload);
        if (message.isRefused()) {
            return refuse(qos, packetId, message.reason(), message.rows(), message.example());
        }
        TableMetadata forbidden = forbiddenTable(message.mutations());
        if (forbidden != null) {
            return refuse(qos, packetId, RejectReason.NOT_AUTHORIZED, message.mutations().size(), "connection "
                    + ctx.channel().remoteAddress() + ", topic \"" + topic + "\": role " + principal.name()
                    + " may not modify " + forbidden.keyspace() + "." + forbidden.name()
                    + (mqtt5 ? "" : "; connection closed (MQTT 3.1.1 cannot refuse a PUBLISH)"));
        }
        return new PendingPublish(qos, packetId, message.mutations(), message.trusted(), handBack);
    }

    /** @return the first table of {@code mutations} the connection's role may not modify, or null */
    private TableMetadata forbiddenTable(List<Mutation> mutations) {
        TableMetadata checked = null;
        for (Mutation mutation : mutations) {
            TableMetadata table = mutation.table();
            if (table != checked) {
                if (!gateway.authenticator().mayModify(principal, table.keyspace(), table.name())) {
                    return table;
                }
                checked = table;
            }
        }
        return null;
    }

    private PendingPublish refuse(int qos, int packetId, RejectReason reason, int rows, String example) {
        gateway.metrics().rowsRejected(reason, rows);
        gateway.rejectionLog().record("MQTT", reason, example);
        return PendingPublish.refused(qos, packetId, reasonCode(reason));
    }

    /** @return the MQTT 5 PUBACK/PUBREC reason code (§3.4.2.1) telling a client why its PUBLISH was refused */
    static byte reasonCode(RejectReason reason) {
        return switch (reason) {
            case BAD_TOPIC, UNKNOWN_TABLE -> MqttReasonCodes.PubAck.TOPIC_NAME_INVALID.byteValue();
            case WRITE_REJECTED, WRITE_FAILED -> MqttReasonCodes.PubAck.IMPLEMENTATION_SPECIFIC_ERROR.byteValue();
            case QUOTA_EXCEEDED -> MqttReasonCodes.PubAck.QUOTA_EXCEEDED.byteValue();
            case NOT_AUTHORIZED -> MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue();
            default -> MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue();
        };
    }

    /** Offers queued messages in order until one is back-pressured (then retries later) or all are offered. */
    private void offerQueued() {
        retry = null;
        while (!toOffer.isEmpty()) {
            PendingPublish head = toOffer.peek();
            if (!offerRemaining(head)) {
                if (head.backPressuredSinceMicros < 0) {
                    head.backPressuredSinceMicros = gateway.clock().nowMicros();
                }
                if (waitedTooLong(head) && shedUnstarted()) {
                    continue;
                }
                pause();
                return;
            }
            toOffer.poll();
        }
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** @return false when the write path refused a mutation of {@code pending} (offer it again later) */
    private boolean offerRemaining(PendingPublish pending) {
        while (pending.nextToOffer < pending.mutations.size()) {
            Mutation mutation = pending.mutations.get(pending.nextToOffer);
            WriteResult result;
            try {
                result = pending.trusted ? gateway.engine().offerTrusted(mutation, pending)
                        : gateway.engine().offer(mutation, pending);
            } catch (InvalidRequestException e) {
                pending.reasonCode = reasonCode(RejectReason.WRITE_REJECTED);
                refuse(pending.qos, pending.packetId, RejectReason.WRITE_REJECTED,
                        pending.mutations.size() - pending.nextToOffer, "table " + mutation.table() + ": "
                                + e.getMessage());
                break;
            } catch (RuntimeException e) { // the write path itself failed (e.g. the engine is closed)
                int unwritten = pending.mutations.size() - pending.nextToOffer;
                gateway.metrics().rowsRejected(RejectReason.WRITE_FAILED, unwritten);
                gateway.rejectionLog().record("MQTT", RejectReason.WRITE_FAILED, e.toString());
                pending.failed = true;
                forgetIfQos2(pending);
                break;
            }
            if (result == WriteResult.BACK_PRESSURED) {
                return false;
            }
            pending.offered++;
            pending.nextToOffer++;
        }
        pending.offeringDone = true;
        if (pending.isComplete()) {
            drainAcknowledgements();
        }
        return true;
    }

    private boolean waitedTooLong(PendingPublish head) {
        long maxWaitMillis = config.backPressureMaxWaitMillis();
        return mqtt5 && maxWaitMillis > 0
                && gateway.clock().nowMicros() - head.backPressuredSinceMicros >= maxWaitMillis * 1_000L;
    }

    /**
     * Refuses with 0x97 quota exceeded every queued message none of whose rows was offered yet.
     *
     * @return whether any was refused
     */
    private boolean shedUnstarted() {
        int rows = 0;
        for (var iterator = toOffer.iterator(); iterator.hasNext(); ) {
            PendingPublish pending = iterator.next();
            if (pending.nextToOffer == 0) {
                iterator.remove();
                rows += pending.mutations.size();
                pending.reasonCode = MqttReasonCodes.PubAck.QUOTA_EXCEEDED.byteValue();
                pending.offeringDone = true;
            }
        }
        if (rows == 0) {
            return false;
        }
        gateway.metrics().rowsRejected(RejectReason.QUOTA_EXCEEDED, rows);
        gateway.rejectionLog().record("MQTT", RejectReason.QUOTA_EXCEEDED, "connection "
                + ctx.channel().remoteAddress() + ": " + rows + " rows waited " + config.backPressureMaxWaitMillis()
                + " ms for the write path; refused with quota exceeded");
        drainAcknowledgements();
        return true;
    }

    private void pause() {
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            gateway.metrics().backPressureEvent();
        }
        retry = ctx.executor().schedule(this::offerQueued, config.backPressureRetryMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends the acknowledgements of the oldest complete messages, in arrival order. */
    private void drainAcknowledgements() {
        boolean wrote = false;
        while (!closed && !toAcknowledge.isEmpty() && toAcknowledge.peek().isComplete()) {
            PendingPublish pending = toAcknowledge.poll();
            if (pending.failed) {
                ctx.close(); // not acknowledged: the client redelivers after reconnecting
                return;
            }
            if (pending.qos == 1) {
                qos1Unacknowledged--;
                ctx.write(MqttPackets.pubAck(pending.packetId, pending.reasonCode));
            } else {
                if (mqtt5 && (pending.reasonCode & 0xFF) >= 0x80) {
                    qos2Received.remove(pending.packetId); // a refused PUBREC ends the exchange (MQTT 5 §4.3.3)
                }
                ctx.write(MqttPackets.pubRec(pending.packetId, pending.reasonCode));
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** The settle task: accounts for failed rows, then sends the acknowledgements that became due. */
    private void settleHandedBack() {
        handBack.startSettling();
        for (WriterHandBack.Failure failure = handBack.pollFailure(); failure != null;
                failure = handBack.pollFailure()) {
            forgetIfQos2(failure.pending());
            gateway.metrics().rowsRejected(RejectReason.WRITE_FAILED, 1);
            gateway.rejectionLog().record("MQTT", RejectReason.WRITE_FAILED, failure.cause().toString());
        }
        drainAcknowledgements();
    }

    /** A QoS 2 message not written: its redelivery (on this session) must be written, not only acknowledged. */
    private void forgetIfQos2(PendingPublish pending) {
        if (pending.qos == 2) {
            qos2Received.remove(pending.packetId);
        }
    }
}
