package io.almanac.cql.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes outbound {@link Envelope}s as bytes: the response header (version byte with the response bit set) followed
 * by the body, as one composite buffer without copying the body. Envelopes of v1/v2 (only ever the error that
 * rejects those versions) get the 8-byte header with a one-byte stream id.
 *
 * <p>Thread safety: stateless and {@link ChannelHandler.Sharable}.
 *
 * <p>Allocation: one 9-byte header buffer and one composite wrapper per envelope.
 */
@ChannelHandler.Sharable
final class EnvelopeEncoder extends MessageToMessageEncoder<Envelope> {

    EnvelopeEncoder() {
        super(Envelope.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope envelope, List<Object> out) {
        ByteBuf body = envelope.body();
        boolean shortHeader = ProtocolVersions.hasShortHeader(envelope.version());
        ByteBuf header = ctx.alloc().buffer(Envelope.HEADER_BYTES);
        header.writeByte(ProtocolVersions.RESPONSE_BIT | envelope.version());
        header.writeByte(envelope.flags());
        if (shortHeader) {
            header.writeByte(envelope.streamId());
        } else {
            header.writeShort(envelope.streamId());
        }
        header.writeByte(envelope.opcode());
        header.writeInt(body.readableBytes());
        CompositeByteBuf frame = ctx.alloc().compositeBuffer(2);
        frame.addComponents(true, header, body.retain());
        out.add(frame);
    }
}
