package io.almanac.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.Arrays;
import java.util.List;

/**
 * The packets the ingest endpoint sends (MQTT 3.1.1 §3 and MQTT 5.0 §3, OASIS standards). All but the refusal
 * CONNACK go through Netty's {@code MqttEncoder}, which writes the layout of the protocol level the client connected
 * with: reason codes and properties (MQTT 5.0 §2.4, §2.2.2) are written for level 5 and left out for level 4, so one
 * builder serves both levels. A refusal of an unsupported protocol level or client id, and every refusal of a
 * 3.1.1 CONNECT, is written as raw bytes in the 3.1.1 layout whatever protocol level the client asked for, because
 * the 3.1.1 spec (§3.1.2.2) answers an unsupported level with this packet, and Netty's encoder would otherwise pick
 * the layout of the level the client sent; a refused MQTT 5 CONNECT (bad credentials) gets the 5.0 CONNACK with a
 * reason code ({@link #connectionRefused5}):
 *
 * <pre>
 *   refusal CONNACK (4 bytes)
 *   +--------+------------------+---------------------------+-------------+
 *   | 0x20   | 0x02             | 0x00                      | return code |
 *   | CONNACK| remaining length | flags: no session present | 0x01 / 0x02 |
 *   +--------+------------------+---------------------------+-------------+
 *   0x01 unacceptable protocol version, 0x02 identifier rejected, 0x03 server unavailable,
 *   0x04 bad user name or password, 0x05 not authorized
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class MqttPackets {

    /** SUBACK return code for a refused subscription (§3.9.3). */
    static final int SUBSCRIPTION_FAILURE = MqttQoS.FAILURE.value();

    private MqttPackets() {
    }

    /** @param sessionPresent whether a stored session was resumed (§3.2.2.2) */
    static MqttMessage connectionAccepted(boolean sessionPresent) {
        return MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent).build();
    }

    /** @return the 4 bytes of a 3.1.1 CONNACK refusing the connection with {@code returnCode} */
    static ByteBuf connectionRefused(ByteBufAllocator allocator, MqttConnectReturnCode returnCode) {
        return allocator.buffer(4).writeByte(0x20).writeByte(0x02).writeByte(0x00).writeByte(returnCode.byteValue());
    }

    /**
     * The MQTT 5.0 CONNACK refusing an MQTT 5 CONNECT (§3.2.2.2): reason code, e.g. 0x86 bad user name or password,
     * 0x87 not authorized, 0x88 server unavailable, with a Reason String property.
     */
    static MqttMessage connectionRefused5(MqttConnectReturnCode reasonCode, String reasonString) {
        return MqttMessageBuilders.connAck().returnCode(reasonCode).sessionPresent(false)
                .properties(properties -> properties.reasonString(reasonString)).build();
    }

    /**
     * The MQTT 5.0 CONNACK accepting a connection (§3.2.2.3): the limits of this endpoint as properties.
     *
     * @param maxPacketBytes       the largest packet the client may send, bytes (Maximum Packet Size)
     * @param receiveMaximum       QoS 1 and 2 PUBLISHes the client may have unacknowledged (Receive Maximum)
     * @param assignedClientId     the identifier assigned to a client that sent an empty one, or null
     * @param sessionPresent       whether a stored session was resumed
     * @param grantedExpirySeconds the Session Expiry Interval the server uses when it differs from the client's
     *                             (§3.2.2.3.2), seconds; -1 to leave the property out (the client's value holds)
     */
    static MqttMessage connectionAccepted5(int maxPacketBytes, int receiveMaximum, String assignedClientId,
                                           boolean sessionPresent, long grantedExpirySeconds) {
        return MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent).properties(properties -> {
                    properties.maximumPacketSize(maxPacketBytes).receiveMaximum(receiveMaximum)
                            .topicAliasMaximum(0).wildcardSubscriptionAvailable(false)
                            .subscriptionIdentifiersAvailable(false).sharedSubscriptionAvailable(false);
                    if (assignedClientId != null) {
                        properties.assignedClientId(assignedClientId);
                    }
                    if (grantedExpirySeconds >= 0) {
                        properties.sessionExpiryInterval(grantedExpirySeconds);
                    }
                }).build();
    }

    /** @param reasonCode the MQTT 5.0 reason code (§3.4.2.1); not written for MQTT 3.1.1 */
    static MqttMessage pubAck(int packetId, byte reasonCode) {
        return pubReply(MqttMessageType.PUBACK, packetId, reasonCode);
    }

    /** @param reasonCode the MQTT 5.0 reason code (§3.5.2.1); not written for MQTT 3.1.1 */
    static MqttMessage pubRec(int packetId, byte reasonCode) {
        return pubReply(MqttMessageType.PUBREC, packetId, reasonCode);
    }

    static MqttMessage pubComp(int packetId) {
        return reply(MqttMessageType.PUBCOMP, packetId);
    }

    static MqttMessage pingResp() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** @return a SUBACK refusing every one of {@code topicFilters} subscriptions (this endpoint only ingests) */
    static MqttSubAckMessage subAckAllRefused(int packetId, int topicFilters) {
        int[] returnCodes = new int[topicFilters];
        Arrays.fill(returnCodes, SUBSCRIPTION_FAILURE);
        return new MqttSubAckMessage(fixedHeader(MqttMessageType.SUBACK), MqttMessageIdVariableHeader.from(packetId),
                new MqttSubAckPayload(returnCodes));
    }

    /**
     * The MQTT 5.0 SUBACK refusing every subscription (§3.9.3), each with the most precise reason: 0x9E for a shared
     * subscription ({@code $share/...}), 0xA2 for a filter with {@code +} or {@code #}, else 0x80 (unspecified
     * error: this endpoint only ingests, it routes nothing to subscribers).
     */
    static MqttSubAckMessage subAckRefused5(int packetId, List<MqttTopicSubscription> subscriptions) {
        int[] reasonCodes = new int[subscriptions.size()];
        for (int i = 0; i < reasonCodes.length; i++) {
            reasonCodes[i] = subscriptionRefusal(subscriptions.get(i).topicFilter()) & 0xFF;
        }
        return new MqttSubAckMessage(fixedHeader(MqttMessageType.SUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(reasonCodes));
    }

    /** @return the SUBACK reason code refusing {@code topicFilter} (see {@link #subAckRefused5}) */
    static byte subscriptionRefusal(String topicFilter) {
        if (topicFilter.startsWith("$share/")) {
            return MqttReasonCodes.SubAck.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue();
        }
        if (topicFilter.indexOf('+') >= 0 || topicFilter.indexOf('#') >= 0) {
            return MqttReasonCodes.SubAck.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue();
        }
        return MqttReasonCodes.SubAck.UNSPECIFIED_ERROR.byteValue();
    }

    static MqttUnsubAckMessage unsubAck(int packetId) {
        return new MqttUnsubAckMessage(fixedHeader(MqttMessageType.UNSUBACK),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** The MQTT 5.0 UNSUBACK (§3.11.3): 0x11 "no subscription existed" for each of {@code topicFilters}. */
    static MqttUnsubAckMessage unsubAck5(int packetId, int topicFilters) {
        short[] reasonCodes = new short[topicFilters];
        Arrays.fill(reasonCodes, MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue());
        return new MqttUnsubAckMessage(fixedHeader(MqttMessageType.UNSUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(reasonCodes));
    }

    /** The MQTT 5.0 DISCONNECT the server sends before closing (§3.14), e.g. 0x82 protocol error. */
    static MqttMessage disconnect5(MqttReasonCodes.Disconnect reason) {
        return MqttMessageBuilders.disconnect().reasonCode(reason.byteValue()).build();
    }

    private static MqttMessage pubReply(MqttMessageType type, int packetId, byte reasonCode) {
        return new MqttMessage(fixedHeader(type),
                new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
    }

    private static MqttMessage reply(MqttMessageType type, int packetId) {
        return new MqttMessage(fixedHeader(type), MqttMessageIdVariableHeader.from(packetId));
    }

    private static MqttFixedHeader fixedHeader(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 2);
    }
}
