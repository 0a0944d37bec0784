package io.almanac.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import java.util.Arrays;

/**
 * The packets the ingest endpoint sends (MQTT 3.1.1, OASIS standard, §3). All but the refusal CONNACK go through
 * Netty's {@code MqttEncoder}. A refusal is written as raw bytes in the 3.1.1 layout whatever protocol level the
 * client asked for, because the 3.1.1 spec (§3.1.2.2) answers an unsupported level with this packet, and Netty's
 * encoder would otherwise pick the layout of the level the client sent:
 *
 * <pre>
 *   refusal CONNACK (4 bytes)
 *   +--------+------------------+---------------------------+-------------+
 *   | 0x20   | 0x02             | 0x00                      | return code |
 *   | CONNACK| remaining length | flags: no session present | 0x01 / 0x02 |
 *   +--------+------------------+---------------------------+-------------+
 *   0x01 unacceptable protocol version, 0x02 identifier rejected
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class MqttPackets {

    /** SUBACK return code for a refused subscription (§3.9.3). */
    static final int SUBSCRIPTION_FAILURE = MqttQoS.FAILURE.value();

    private MqttPackets() {
    }

    static MqttMessage connectionAccepted() {
        return MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).build();
    }

    /** @return the 4 bytes of a 3.1.1 CONNACK refusing the connection with {@code returnCode} */
    static ByteBuf connectionRefused(ByteBufAllocator allocator, MqttConnectReturnCode returnCode) {
        return allocator.buffer(4).writeByte(0x20).writeByte(0x02).writeByte(0x00).writeByte(returnCode.byteValue());
    }

    static MqttMessage pubAck(int packetId) {
        return reply(MqttMessageType.PUBACK, packetId);
    }

    static MqttMessage pubRec(int packetId) {
        return reply(MqttMessageType.PUBREC, packetId);
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

    static MqttUnsubAckMessage unsubAck(int packetId) {
        return new MqttUnsubAckMessage(fixedHeader(MqttMessageType.UNSUBACK),
                MqttMessageIdVariableHeader.from(packetId));
    }

    private static MqttMessage reply(MqttMessageType type, int packetId) {
        return new MqttMessage(fixedHeader(type), MqttMessageIdVariableHeader.from(packetId));
    }

    private static MqttFixedHeader fixedHeader(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 2);
    }
}
