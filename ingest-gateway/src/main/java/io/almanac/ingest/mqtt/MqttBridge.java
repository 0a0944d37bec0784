package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridge mode: subscribes to an existing MQTT broker (Mosquitto, EMQX, ...) and writes what it receives, so a site
 * that already runs a broker can feed Almanac. A bridged message maps exactly as one published to our own endpoint
 * (the configured topic mappings, then {@code almanac/{keyspace}/{table}}; see {@link MqttTopicMapping}).
 *
 * <pre>
 *   broker --PUBLISH QoS 1--> bridge: map --> StorageEngine.write --committed--> PUBACK --> broker
 *                                       \--> refused (no mapping, bad payload): counted, logged, PUBACK
 *                                  write back-pressured or failed: no PUBACK; written again after a delay
 * </pre>
 *
 * <p>Acknowledgement: a message's PUBACK goes upstream only after every row of it is committed (the commit-log
 * append), through the HiveMQ client's manual acknowledgement; PUBACKs go in the order the messages arrived (MQTT
 * 3.1.1 §4.6). A message that cannot be mapped is counted ({@link io.almanac.ingest.IngestMetrics#rowsRejected}),
 * logged through the rejection log and acknowledged, so the broker does not redeliver it forever; one whose rows the
 * engine refuses as invalid for their table likewise (the rows accepted before stay written).
 *
 * <p>Back-pressure without loss: rows are offered one mutation at a time ({@code StorageEngine.offer}, the
 * primitive under {@code StorageEngine.write}, so a retry resumes at the refused mutation and never offers an
 * accepted one twice, as the MQTT endpoint does). A refused offer or a failing write path is retried after
 * {@code writeRetryMillis}, doubling per consecutive refusal up to {@code reconnectMaxDelayMillis}; the message is
 * not acknowledged meanwhile. When a committed mutation fails (the commit log failed), the whole message is written
 * again later (same cell timestamps: an idempotent upsert). Messages the broker has in flight to us unacknowledged
 * are bounded by the broker's window (MQTT 5 Receive Maximum; Mosquitto's {@code max_inflight_messages} on 3.1.1),
 * so a slow write path slows the broker's delivery rather than filling memory.
 *
 * <p>Persistent session: the session outlives the connection (see {@link MqttBridgeUpstream}), so QoS 1 messages
 * published while the bridge was stopped or disconnected are queued by the broker and delivered when it is back;
 * messages not yet acknowledged when a connection ends are redelivered by the broker (MQTT 3.1.1 §4.4), and the
 * bridge forgets its own copies of them then. Delivery is therefore at least once: a redelivered message whose rows
 * were committed is written again (same values, a newer cell timestamp).
 *
 * <p>Thread safety: {@link #start()}, {@link #close()} and {@link #stats()} are safe from any thread. Messages and
 * write outcomes are handled on the bridge's one thread, which owns the queue of unacknowledged messages.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final String SOURCE = "MQTT bridge";
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final MqttBridgeConfig config;
    private final IngestGateway gateway;
    private final MqttMessageMapper messageMapper;
    private final ScheduledExecutorService executor;
    private final MqttBridgeUpstream upstream;
    private final AtomicBoolean started = new AtomicBoolean();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesAcknowledged = new LongAdder();
    private final LongAdder messagesRefused = new LongAdder();
    private final LongAdder writeRetries = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private volatile boolean subscribed;
    private volatile boolean closed;
    /** Messages not acknowledged yet, in arrival order; confined to the bridge's thread. */
    private final ArrayDeque<BridgedMessage> toAcknowledge = new ArrayDeque<>();
    /** Counts connections lost; a message from an earlier connection is forgotten. Bridge's thread only. */
    private long connectionGeneration;

    /**
     * Creates the bridge; nothing connects before {@link #start()}.
     *
     * @param config  what to subscribe to and how
     * @param gateway the node's ingest gateway (engine, mappers, counters, rejection log)
     */
    public MqttBridge(MqttBridgeConfig config, IngestGateway gateway) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.messageMapper = new MqttMessageMapper(gateway, config.topicMappings());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "almanac-mqtt-bridge-" + config.clientId());
            thread.setDaemon(true);
            return thread;
        });
        this.upstream = MqttBridgeUpstream.create(config, executor, this::onMessage,
                context -> connections.increment(), context -> onDisconnected());
    }

    /**
     * Starts connecting in the background and returns at once; the client retries with back-off until the broker
     * answers, and subscribes after the first CONNACK. See {@link #isSubscribed()}.
     *
     * @throws IllegalStateException if started before or closed
     */
    public void start() {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("MQTT bridge " + config.clientId() + " was already started");
        }
        LOG.info("MQTT bridge {} connecting to {}:{} (MQTT {}), topics {}", config.clientId(), config.host(),
                config.port(), config.version().configName(), config.topicFilters());
        upstream.connectAndSubscribe().whenComplete((ignored, failure) -> {
            if (failure == null) {
                subscribed = true;
                LOG.info("MQTT bridge {} subscribed to {}", config.clientId(), config.topicFilters());
            } else if (!closed) {
                LOG.error("MQTT bridge {} could not connect and subscribe to {}:{}; it stays idle",
                        config.clientId(), config.host(), config.port(), unwrap(failure));
            }
        });
    }

    /** @return whether the subscriptions were acknowledged by the broker (after the first connection) */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** @return whether a connection to the broker is established now */
    public boolean isConnected() {
        return upstream.isConnected();
    }

    /** @return the bridge's counters now (rows are counted in the gateway's {@code IngestMetrics}) */
    public Stats stats() {
        return new Stats(messagesReceived.sum(), messagesAcknowledged.sum(), messagesRefused.sum(),
                writeRetries.sum(), connections.sum());
    }

    /**
     * Disconnects (the broker keeps the session and redelivers what was not acknowledged to the next bridge with
     * this client id) and stops the bridge's thread. Writes in flight still commit but are not acknowledged.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            upstream.disconnect().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("MQTT bridge {}: disconnect did not complete cleanly", config.clientId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bridge's thread: maps one message and writes its rows, or refuses it. */
    private void onMessage(String topic, byte[] payload, Runnable acknowledge) {
        if (closed) {
            return;
        }
        messagesReceived.increment();
        ByteBuf buffer = Unpooled.wrappedBuffer(payload);
        MqttMessageMapper.MappedMessage mapped;
        try {
            mapped = messageMapper.map(topic, buffer);
        } finally {
            buffer.release();
        }
        BridgedMessage message = new BridgedMessage(mapped.mutations(), acknowledge, connectionGeneration);
        toAcknowledge.add(message);
        if (mapped.isRefused()) {
            refuse(message, mapped.reason(), mapped.rows(), mapped.example());
            return;
        }
        write(message);
    }

    /**
     * Bridge's thread: offers the message's mutations from the first not yet accepted one. Back-pressure or a
     * failing write path schedules this again later; an invalid mutation ends the offering (the message is refused
     * once the accepted ones settled).
     */
    private void write(BridgedMessage message) {
        if (closed || message.generation != connectionGeneration) {
            return;
        }
        while (message.nextToOffer < message.mutations.size()) {
            Mutation mutation = message.mutations.get(message.nextToOffer);
            WriteResult result;
            try {
                result = gateway.engine().offer(mutation, new Callback(message));
            } catch (InvalidRequestException e) {
                message.invalid = "table " + mutation.table() + ": " + e.getMessage();
                break;
            } catch (RuntimeException e) { // the write path itself failed (e.g. the engine is closed)
                gateway.metrics().rowsRejected(RejectReason.WRITE_FAILED, message.mutations.size()
                        - message.nextToOffer);
                gateway.rejectionLog().record(SOURCE, RejectReason.WRITE_FAILED, e + "; retrying");
                retryLater(message);
                return;
            }
            if (result == WriteResult.BACK_PRESSURED) {
                gateway.metrics().backPressureEvent();
                retryLater(message);
                return;
            }
            message.attempts = 0;
            message.offered++;
            message.nextToOffer++;
        }
        message.offeringDone = true;
        settleIfComplete(message);
    }

    private void retryLater(BridgedMessage message) {
        writeRetries.increment();
        executor.schedule(() -> write(message), retryDelayMillis(message.attempts++), TimeUnit.MILLISECONDS);
    }

    /** Bridge's thread: one accepted mutation committed or failed. */
    private void onSettled(BridgedMessage message, Throwable failure) {
        if (closed || message.generation != connectionGeneration) {
            return;
        }
        message.settled++;
        if (failure != null) {
            message.failedCommits++;
            gateway.metrics().rowsRejected(RejectReason.WRITE_FAILED, 1);
            gateway.rejectionLog().record(SOURCE, RejectReason.WRITE_FAILED, failure + "; retrying");
        }
        settleIfComplete(message);
    }

    /** Acknowledges a message whose every offered mutation settled, or writes it again when one failed. */
    private void settleIfComplete(BridgedMessage message) {
        if (!message.offeringDone || message.settled != message.offered) {
            return;
        }
        if (message.failedCommits > 0) { // written again whole: an idempotent upsert of the committed rows
            gateway.metrics().rowsAccepted(message.offered - message.failedCommits);
            message.restart();
            retryLater(message);
        } else if (message.invalid != null) {
            gateway.metrics().rowsAccepted(message.offered);
            refuse(message, RejectReason.WRITE_REJECTED, message.mutations.size() - message.offered,
                    message.invalid);
        } else {
            gateway.metrics().rowsAccepted(message.offered);
            message.complete = true;
            acknowledgeCompleted();
        }
    }

    private long retryDelayMillis(int attempt) {
        long delay = config.writeRetryMillis() << Math.min(attempt, 30);
        return delay <= 0 ? config.reconnectMaxDelayMillis() : Math.min(delay, config.reconnectMaxDelayMillis());
    }

    private void refuse(BridgedMessage message, RejectReason reason, int rows, String example) {
        messagesRefused.increment();
        gateway.metrics().rowsRejected(reason, rows);
        gateway.rejectionLog().record(SOURCE, reason, example);
        message.complete = true;
        acknowledgeCompleted();
    }

    /** Sends the PUBACKs of the oldest complete messages, in arrival order. */
    private void acknowledgeCompleted() {
        while (!toAcknowledge.isEmpty() && toAcknowledge.peek().complete) {
            toAcknowledge.poll().acknowledge.run();
            messagesAcknowledged.increment();
        }
    }

    /** Any thread (the client's): the broker will redeliver what was not acknowledged; forget our copies. */
    private void onDisconnected() {
        try {
            executor.execute(() -> {
                connectionGeneration++;
                toAcknowledge.clear();
            });
        } catch (RejectedExecutionException e) {
            // closed: nothing left to forget
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * One received message until its PUBACK is sent. Bridge's thread only.
     *
     * <p>Invariants: {@code nextToOffer <= mutations.size()}; {@code settled <= offered}; offering is done when every
     * mutation was accepted or one was invalid; the message is settled when offering is done and every accepted
     * mutation committed or failed.
     */
    private static final class BridgedMessage {
        final List<Mutation> mutations;
        final Runnable acknowledge;
        final long generation;
        /** Consecutive refused offers, for the retry delay. */
        int attempts;
        int nextToOffer;
        int offered;
        int settled;
        int failedCommits;
        boolean offeringDone;
        /** Why the engine refused a mutation as invalid for its table, or null. */
        String invalid;
        boolean complete;

        /** Forgets the offering so far: the message is written again from its first mutation. */
        void restart() {
            nextToOffer = 0;
            offered = 0;
            settled = 0;
            failedCommits = 0;
            offeringDone = false;
            invalid = null;
        }

        BridgedMessage(List<Mutation> mutations, Runnable acknowledge, long generation) {
            this.mutations = mutations;
            this.acknowledge = acknowledge;
            this.generation = generation;
        }
    }

    /** Hands a mutation's outcome from the shard writer thread to the bridge's thread. */
    private final class Callback implements WriteCallback {
        private final BridgedMessage message;

        Callback(BridgedMessage message) {
            this.message = message;
        }

        @Override
        public void onCommitted() {
            handBack(null);
        }

        @Override
        public void onFailed(Throwable cause) {
            handBack(cause);
        }

        private void handBack(Throwable failure) {
            try {
                executor.execute(() -> onSettled(message, failure));
            } catch (RejectedExecutionException e) {
                // closed: the message stays unacknowledged and the broker redelivers it to the next session
            }
        }
    }

    /**
     * The bridge's counters at one moment.
     *
     * @param messagesReceived     messages received from the broker (redeliveries included)
     * @param messagesAcknowledged PUBACKs sent upstream (committed or refused messages)
     * @param messagesRefused      messages that did not map to rows (or that the engine refused as invalid)
     * @param writeRetries         writes retried after back-pressure or a failure
     * @param connections          connections established to the broker (reconnects included)
     */
    public record Stats(long messagesReceived, long messagesAcknowledged, long messagesRefused, long writeRetries,
                        long connections) {
    }
}
