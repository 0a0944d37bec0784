package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.auth.IngestAuthenticationException;
import io.almanac.ingest.auth.IngestAuthenticator;
import io.almanac.ingest.auth.IngestPrincipal;
import io.almanac.ingest.mapping.RejectReason;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one MQTT 3.1.1 or 5.0 connection of the ingest endpoint (OASIS MQTT 3.1.1 §3, MQTT 5.0 §3):
 *
 * <pre>
 *   CONNECT      level 4 -> CONNACK 0x00 (session present when a stored session was resumed); empty client id
 *                without clean session -> CONNACK 0x02 and close.
 *                level 5 -> CONNACK 0x00 with properties: Maximum Packet Size (maxMessageBytes), Receive Maximum,
 *                Topic Alias Maximum 0, Wildcard / Subscription Identifiers / Shared Subscriptions not available,
 *                Assigned Client Identifier for an empty one, Session Expiry Interval when the server caps the
 *                client's (maxSessionExpirySeconds).
 *                another level -> CONNACK 0x01 (3.1.1 layout) and close.
 *                When the gateway's authenticator requires it, the user name and password are checked first (off
 *                the event loop; the connection is not read meanwhile, and packets already decoded wait, so no
 *                PUBLISH is processed before the CONNACK): no user name -> 0x05 not authorized (5.0: 0x87); refused
 *                credentials -> 0x04 bad user name or password (5.0: 0x86); the check itself failing -> 0x03 server
 *                unavailable (5.0: 0x88); then close. Sessions: see MqttSessions (a CONNECT with a client id held by
 *                another connection takes the session over: that one gets DISCONNECT 0x8E on 5.0 and is closed).
 *                The will message is ignored
 *   PUBLISH      a configured topic mapping, or almanac/{keyspace}/{table} with a JSON payload -> MqttPublishFlow
 *   PUBREL       -> PUBCOMP                 PINGREQ -> PINGRESP
 *   SUBSCRIBE    -> SUBACK refusing every topic filter (this endpoint only ingests): 0x80 for 3.1.1; for 5.0
 *                0x9E shared, 0xA2 wildcard, else 0x80
 *   UNSUBSCRIBE  -> UNSUBACK (5.0: 0x11 no subscription existed, per filter)
 *   DISCONNECT   -> close (5.0: its Session Expiry Interval, if any, replaces CONNECT's; non-zero after CONNECT's 0
 *                is a protocol error, §3.14.2.2.2)
 *   PUBACK/PUBREC/PUBCOMP from the client: ignored (the endpoint never publishes)
 *   anything before CONNECT, a second CONNECT, a server-only packet, or a packet the decoder refused
 *   (malformed, larger than maxMessageBytes): counted as malformed_packet, logged (rate-limited), connection closed;
 *   on a 5.0 connection after a DISCONNECT naming why: 0x95 packet too large, 0x81 malformed packet, 0x82 protocol
 *   error, 0x93 receive maximum exceeded, 0x94 topic alias invalid (aliases are not accepted)
 * </pre>
 *
 * Keep-alive (§3.1.2.10): a connection silent for 1.5 x its keep-alive is closed (an {@link IdleStateHandler} added
 * on CONNECT), except while it is paused by back-pressure (it is then not being read). A connection not accepted
 * within {@code connectTimeoutMillis} (CONNECT received and its credentials checked) is closed.
 *
 * <p>Thread safety: one instance per channel; runs on the channel's event loop only.
 */
final class MqttIngestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestHandler.class);
    static final String KEEP_ALIVE_HANDLER = "keep-alive";
    private static final int PROTOCOL_LEVEL_3_1_1 = MqttVersion.MQTT_3_1_1.protocolLevel();
    private static final int PROTOCOL_LEVEL_5 = MqttVersion.MQTT_5.protocolLevel();

    /**
     * What of a CONNECT is needed after its credentials are checked.
     *
     * @param clientId             the client id, or the assigned one for an empty MQTT 5 id; empty for an empty
     *                             MQTT 3.1.1 id (no session is registered)
     * @param assigned             whether {@code clientId} was assigned by the server
     * @param cleanStart           Clean Session (3.1.1) / Clean Start (5.0)
     * @param keepAliveSeconds     the keep-alive, seconds; 0 = none
     * @param requestedExpirySeconds MQTT 5 Session Expiry Interval asked for, seconds (0 when absent or 3.1.1)
     */
    private record ConnectRequest(String clientId, boolean assigned, boolean cleanStart, int keepAliveSeconds,
                                  long requestedExpirySeconds) {
    }

    private final IngestGateway gateway;
    private final MqttIngestConfig config;
    private final MqttSessions sessions;
    /** This connection's take-over action and its key in {@link #sessions}. */
    private final Runnable takeOver = this::takeOverFromAnyThread;
    private ChannelHandlerContext ctx;
    private MqttPublishFlow publishes;
    private ScheduledFuture<?> connectTimeout;
    private boolean connected;
    private boolean mqtt5;
    /** Set once a CONNECT was refused: nothing after it is processed (§3.1.4) while the connection closes. */
    private boolean refused;
    /** Packets read while CONNECT's credentials are checked (processed after the CONNACK); null otherwise. */
    private ArrayDeque<Object> heldDuringAuthentication;
    /** The session attached on CONNECT, or null (before CONNECT, or an empty 3.1.1 client id). */
    private MqttSession session;
    private long connectExpirySeconds;

    MqttIngestHandler(IngestGateway gateway, MqttIngestConfig config, MqttSessions sessions) {
        this.gateway = gateway;
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        publishes = new MqttPublishFlow(gateway, config, context, this::protocolViolation);
        connectTimeout = context.executor().schedule(() -> {
            if (!connected) {
                LOG.debug("MQTT connection {} sent no CONNECT in time; closing it", context.channel().remoteAddress());
                context.close();
            }
        }, config.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        connectTimeout.cancel(false);
        publishes.close();
        releaseHeld();
        if (session != null) {
            sessions.detach(session, takeOver);
        }
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (heldDuringAuthentication != null) {
            heldDuringAuthentication.add(msg); // released when replayed after the CONNACK, or on close
            return;
        }
        try {
            if (msg instanceof MqttMessage message) {
                dispatch(context, message);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent && !publishes.isBackPressured()) {
            LOG.debug("MQTT connection {} idle past 1.5 x keep-alive; closing it", context.channel().remoteAddress());
            context.close();
        } else if (!(event instanceof IdleStateEvent)) {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("MQTT connection {} failed; closing it", context.channel().remoteAddress(), cause);
        context.close();
    }

    private void dispatch(ChannelHandlerContext ctx, MqttMessage message) {
        if (refused) {
            return;
        }
        if (message.decoderResult().isFailure()) {
            onDecoderFailure(ctx, message.decoderResult().cause());
            return;
        }
        if (!connected && message.fixedHeader().messageType() != MqttMessageType.CONNECT) {
            protocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "first packet is " + message.fixedHeader().messageType() + ", not CONNECT");
            return;
        }
        switch (message.fixedHeader().messageType()) {
            case CONNECT -> {
                if (connected) {
                    protocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "second CONNECT on one connection");
                } else {
                    onConnect(ctx, (MqttConnectMessage) message);
                }
            }
            case PUBLISH -> onPublish((MqttPublishMessage) message);
            case PUBREL -> publishes.onPubRel(packetId(message));
            case PINGREQ -> ctx.writeAndFlush(MqttPackets.pingResp());
            case SUBSCRIBE -> onSubscribe(ctx, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> ctx.writeAndFlush(mqtt5 ? MqttPackets.unsubAck5(packetId(message),
                    ((MqttUnsubscribeMessage) message).payload().topics().size())
                    : MqttPackets.unsubAck(packetId(message)));
            case DISCONNECT -> onDisconnect(ctx, message);
            case PUBACK, PUBREC, PUBCOMP -> LOG.debug("ignoring {} from MQTT client {}",
                    message.fixedHeader().messageType(), ctx.channel().remoteAddress());
            default -> protocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "a client may not send " + message.fixedHeader().messageType());
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        if (mqtt5 && publish.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            protocolViolation(MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID,
                    "topic alias sent, but Topic Alias Maximum is 0");
            return;
        }
        publishes.onPublish(publish.variableHeader().topicName(), publish.content(),
                publish.fixedHeader().qosLevel().value(), publish.variableHeader().packetId());
    }

    private void onSubscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        if (mqtt5) {
            ctx.writeAndFlush(MqttPackets.subAckRefused5(packetId(subscribe),
                    subscribe.payload().topicSubscriptions()));
        } else {
            ctx.writeAndFlush(MqttPackets.subAckAllRefused(packetId(subscribe),
                    subscribe.payload().topicSubscriptions().size()));
        }
    }

    private void onDisconnect(ChannelHandlerContext ctx, MqttMessage disconnect) {
        if (mqtt5 && session != null
                && disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            MqttProperties.MqttProperty<?> expiry = header.properties()
                    .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
            if (expiry != null) {
                long seconds = Integer.toUnsignedLong((Integer) expiry.value());
                if (connectExpirySeconds == 0 && seconds != 0) {
                    protocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            "DISCONNECT sets a session expiry interval, but CONNECT's was 0");
                    return;
                }
                sessions.updateExpiry(session, Math.min(seconds, config.maxSessionExpirySeconds()));
            }
        }
        ctx.close();
    }

    private void onConnect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        int level = connect.variableHeader().version();
        if (level != PROTOCOL_LEVEL_3_1_1 && level != PROTOCOL_LEVEL_5) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "protocol level " + level);
            return;
        }
        mqtt5 = level == PROTOCOL_LEVEL_5;
        String clientId = connect.payload().clientIdentifier();
        boolean emptyClientId = clientId == null || clientId.isEmpty();
        if (!mqtt5 && emptyClientId && !connect.variableHeader().isCleanSession()) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "empty client identifier without clean session");
            return;
        }
        MqttProperties.MqttProperty<?> expiry = connect.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        ConnectRequest request = new ConnectRequest(
                emptyClientId ? (mqtt5 ? "almanac-" + ctx.channel().id().asLongText() : "") : clientId,
                mqtt5 && emptyClientId, connect.variableHeader().isCleanSession(),
                connect.variableHeader().keepAliveTimeSeconds(),
                mqtt5 && expiry != null ? Integer.toUnsignedLong((Integer) expiry.value()) : 0);
        IngestAuthenticator authenticator = gateway.authenticator();
        if (!authenticator.required()) {
            accept(ctx, request, IngestPrincipal.ANONYMOUS);
        } else if (connect.payload().userName() == null) {
            refuseLogin(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5, RejectReason.BAD_CREDENTIALS,
                    "no user name: this node requires authentication");
        } else {
            byte[] password = connect.payload().passwordInBytes();
            authenticate(ctx, request, authenticator, connect.payload().userName(),
                    password == null ? "" : new String(password, StandardCharsets.UTF_8));
        }
    }

    /** Checks the credentials off the event loop; the connection is not read, and what was read waits, meanwhile. */
    private void authenticate(ChannelHandlerContext ctx, ConnectRequest request, IngestAuthenticator authenticator,
                              String username, String password) {
        heldDuringAuthentication = new ArrayDeque<>();
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<IngestPrincipal> check;
        try {
            check = authenticator.authenticate(username, password);
        } catch (RuntimeException e) {
            check = CompletableFuture.failedFuture(e);
        }
        check.whenComplete((principal, failure) -> {
            try {
                ctx.executor().execute(() -> authenticated(ctx, request, principal, failure));
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop shut down while authenticating {}; the connection is gone", username);
            }
        });
    }

    private void authenticated(ChannelHandlerContext ctx, ConnectRequest request, IngestPrincipal principal,
                               Throwable failure) {
        ArrayDeque<Object> held = heldDuringAuthentication;
        heldDuringAuthentication = null;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!ctx.channel().isActive()) {
            release(held);
        } else if (cause instanceof IngestAuthenticationException) {
            release(held);
            refuseLogin(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD, RejectReason.BAD_CREDENTIALS,
                    cause.getMessage());
        } else if (cause != null) {
            release(held);
            LOG.warn("MQTT connection {}: checking its credentials failed", ctx.channel().remoteAddress(), cause);
            refuseLogin(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5, null,
                    "the credentials could not be checked");
        } else {
            accept(ctx, request, principal);
            for (Object msg = held.poll(); msg != null; msg = held.poll()) {
                channelRead(ctx, msg);
            }
            if (!refused && !publishes.isBackPressured()) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    private void accept(ChannelHandlerContext ctx, ConnectRequest request, IngestPrincipal principal) {
        connected = true;
        connectTimeout.cancel(false);
        if (request.keepAliveSeconds() > 0) {
            ctx.pipeline().addFirst(KEEP_ALIVE_HANDLER,
                    new IdleStateHandler(request.keepAliveSeconds() * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        gateway.metrics().mqttConnection();
        connectExpirySeconds = request.requestedExpirySeconds();
        long expirySeconds = mqtt5 ? Math.min(request.requestedExpirySeconds(), config.maxSessionExpirySeconds())
                : request.cleanStart() ? 0 : config.maxSessionExpirySeconds();
        boolean sessionPresent = false;
        if (!request.clientId().isEmpty()) {
            MqttSessions.Attached attached = sessions.attach(request.clientId(), request.cleanStart(), expirySeconds,
                    takeOver);
            session = attached.session();
            sessionPresent = attached.sessionPresent();
        }
        publishes.start(principal, session, mqtt5);
        if (mqtt5) {
            ctx.writeAndFlush(MqttPackets.connectionAccepted5(config.maxMessageBytes(), config.receiveMaximum(),
                    request.assigned() ? request.clientId() : null, sessionPresent,
                    expirySeconds == request.requestedExpirySeconds() ? -1 : expirySeconds));
        } else {
            ctx.writeAndFlush(MqttPackets.connectionAccepted(sessionPresent));
        }
    }

    /** Run by {@link MqttSessions} (any thread) when another connection attaches this one's client id. */
    private void takeOverFromAnyThread() {
        try {
            ctx.executor().execute(this::takenOver);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shut down; the taken-over connection is gone", e);
        }
    }

    private void takenOver() {
        if (refused || !ctx.channel().isActive()) {
            return;
        }
        refused = true;
        LOG.debug("MQTT connection {}: its session was taken over by a new connection; closing it",
                ctx.channel().remoteAddress());
        if (mqtt5) {
            ctx.writeAndFlush(MqttPackets.disconnect5(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void onDecoderFailure(ChannelHandlerContext ctx, Throwable cause) {
        if (!connected && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, cause.getMessage());
        } else if (!connected && cause instanceof MqttIdentifierRejectedException) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, cause.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            protocolViolation(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE, "packet too large: " + cause.getMessage());
        } else {
            protocolViolation(MqttReasonCodes.Disconnect.MALFORMED_PACKET, "undecodable packet: " + cause.getMessage());
        }
    }

    private void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode returnCode, String why) {
        LOG.debug("refusing MQTT connection {} ({}): {}", ctx.channel().remoteAddress(), returnCode, why);
        refused = true;
        ctx.writeAndFlush(MqttPackets.connectionRefused(ctx.alloc(), returnCode))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Refuses a CONNECT for its credentials: counted and logged (rate-limited) under {@code reason} (null: only
     * logged by the caller), CONNACK with {@code code3} (3.1.1) or {@code code5} and a Reason String (5.0), closed.
     */
    private void refuseLogin(ChannelHandlerContext ctx, MqttConnectReturnCode code3, MqttConnectReturnCode code5,
                             RejectReason reason, String why) {
        if (reason != null) {
            gateway.metrics().rowsRejected(reason, 1);
            gateway.rejectionLog().record("MQTT", reason, "connection " + ctx.channel().remoteAddress()
                    + " refused (CONNACK " + String.format("0x%02X", (mqtt5 ? code5 : code3).byteValue()) + "): "
                    + why);
        }
        if (mqtt5) {
            refused = true;
            ctx.writeAndFlush(MqttPackets.connectionRefused5(code5, why)).addListener(ChannelFutureListener.CLOSE);
        } else {
            refuse(ctx, code3, why);
        }
    }

    private void releaseHeld() {
        release(heldDuringAuthentication);
        heldDuringAuthentication = null;
    }

    private static void release(ArrayDeque<Object> held) {
        if (held != null) {
            for (Object msg = held.poll(); msg != null; msg = held.poll()) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Counts, logs and closes the connection; on MQTT 5 after a DISCONNECT carrying {@code reason}. */
    private void protocolViolation(MqttReasonCodes.Disconnect reason, String why) {
        refused = true;
        gateway.metrics().rowsRejected(RejectReason.MALFORMED_PACKET, 1);
        gateway.rejectionLog().record("MQTT", RejectReason.MALFORMED_PACKET,
                "connection " + ctx.channel().remoteAddress() + " closed: " + why);
        if (mqtt5) {
            ctx.writeAndFlush(MqttPackets.disconnect5(reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }
}
