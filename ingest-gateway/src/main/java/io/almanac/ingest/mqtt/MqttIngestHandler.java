package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
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
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one MQTT 3.1.1 or 5.0 connection of the ingest endpoint (OASIS MQTT 3.1.1 §3, MQTT 5.0 §3):
 *
 * <pre>
 *   CONNECT      level 4 -> CONNACK 0x00 (no session present); empty client id without clean session ->
 *                CONNACK 0x02 and close.
 *                level 5 -> CONNACK 0x00 with properties: Maximum Packet Size (maxMessageBytes), Receive Maximum,
 *                Topic Alias Maximum 0, Wildcard / Subscription Identifiers / Shared Subscriptions not available,
 *                Assigned Client Identifier for an empty one, Session Expiry Interval 0 when the client asked for
 *                more (no session state is kept: every session starts clean and ends with its connection).
 *                another level -> CONNACK 0x01 (3.1.1 layout) and close.
 *                username/password accepted (authentication comes later); the will message is ignored
 *   PUBLISH      a configured topic mapping, or almanac/{keyspace}/{table} with a JSON payload -> MqttPublishFlow
 *   PUBREL       -> PUBCOMP                 PINGREQ -> PINGRESP
 *   SUBSCRIBE    -> SUBACK refusing every topic filter (this endpoint only ingests): 0x80 for 3.1.1; for 5.0
 *                0x9E shared, 0xA2 wildcard, else 0x80
 *   UNSUBSCRIBE  -> UNSUBACK (5.0: 0x11 no subscription existed, per filter)      DISCONNECT -> close
 *   PUBACK/PUBREC/PUBCOMP from the client: ignored (the endpoint never publishes)
 *   anything before CONNECT, a second CONNECT, a server-only packet, or a packet the decoder refused
 *   (malformed, larger than maxMessageBytes): counted as malformed_packet, logged (rate-limited), connection closed;
 *   on a 5.0 connection after a DISCONNECT naming why: 0x95 packet too large, 0x81 malformed packet, 0x82 protocol
 *   error, 0x93 receive maximum exceeded, 0x94 topic alias invalid (aliases are not accepted)
 * </pre>
 *
 * Keep-alive (§3.1.2.10): a connection silent for 1.5 x its keep-alive is closed (an {@link IdleStateHandler} added
 * on CONNECT), except while it is paused by back-pressure (it is then not being read). A connection that sends no
 * CONNECT within {@code connectTimeoutMillis} is closed.
 *
 * <p>Thread safety: one instance per channel; runs on the channel's event loop only.
 */
final class MqttIngestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestHandler.class);
    static final String KEEP_ALIVE_HANDLER = "keep-alive";
    private static final int PROTOCOL_LEVEL_3_1_1 = MqttVersion.MQTT_3_1_1.protocolLevel();
    private static final int PROTOCOL_LEVEL_5 = MqttVersion.MQTT_5.protocolLevel();

    private final IngestGateway gateway;
    private final MqttIngestConfig config;
    private MqttPublishFlow publishes;
    private ScheduledFuture<?> connectTimeout;
    private boolean connected;
    private boolean mqtt5;
    /** Set once a CONNECT was refused: nothing after it is processed (§3.1.4) while the connection closes. */
    private boolean refused;

    MqttIngestHandler(IngestGateway gateway, MqttIngestConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        publishes = new MqttPublishFlow(gateway, config, ctx, this::protocolViolation);
        connectTimeout = ctx.executor().schedule(() -> {
            if (!connected) {
                LOG.debug("MQTT connection {} sent no CONNECT in time; closing it", ctx.channel().remoteAddress());
                ctx.close();
            }
        }, config.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connectTimeout.cancel(false);
        publishes.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MqttMessage message) {
                dispatch(ctx, message);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !publishes.isBackPressured()) {
            LOG.debug("MQTT connection {} idle past 1.5 x keep-alive; closing it", ctx.channel().remoteAddress());
            ctx.close();
        } else if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("MQTT connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
        ctx.close();
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
            case DISCONNECT -> ctx.close();
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
        connected = true;
        connectTimeout.cancel(false);
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAliveSeconds > 0) {
            ctx.pipeline().addFirst(KEEP_ALIVE_HANDLER,
                    new IdleStateHandler(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        gateway.metrics().mqttConnection();
        if (mqtt5) {
            publishes.useMqtt5();
            MqttProperties.MqttProperty<?> expiry = connect.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
            boolean expiryAsked = expiry != null && ((Integer) expiry.value()) != 0;
            String assigned = emptyClientId ? "almanac-" + ctx.channel().id().asLongText() : null;
            ctx.writeAndFlush(MqttPackets.connectionAccepted5(config.maxMessageBytes(), config.receiveMaximum(),
                    assigned, expiryAsked));
        } else {
            ctx.writeAndFlush(MqttPackets.connectionAccepted());
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

    /** Counts, logs and closes the connection; on MQTT 5 after a DISCONNECT carrying {@code reason}. */
    private void protocolViolation(MqttReasonCodes.Disconnect reason, String why) {
        ChannelHandlerContext ctx = publishes.context();
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
