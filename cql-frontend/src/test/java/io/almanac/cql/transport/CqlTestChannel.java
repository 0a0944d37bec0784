package io.almanac.cql.transport;

import io.almanac.cql.auth.AllowAllAuthenticator;
import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.query.QueryHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * An {@link EmbeddedChannel} running the CQL pipeline, with helpers to write raw request envelopes (optionally in
 * v5 segments) and to read the server's responses back as bytes.
 */
final class CqlTestChannel implements AutoCloseable {

    /** A response as read from the wire. */
    record Response(int versionByte, int flags, int streamId, int opcode, byte[] body) {
        ByteBuf bodyBuffer() {
            return Unpooled.wrappedBuffer(body);
        }
    }

    final EmbeddedChannel channel;
    final SchemaChangeBroadcaster schemaChanges = new SchemaChangeBroadcaster();
    final DistinctErrorLog errorLog = new DistinctErrorLog(LoggerFactory.getLogger(CqlTestChannel.class), 100);
    final CqlConnectionHandler connection;
    private final Lz4Codec lz4 = new Lz4Codec();
    private Lz4Codec segmentCompression;
    private boolean framed;

    CqlTestChannel(QueryHandler handler, int maxFrameBytes, int maxInFlightRequests) {
        this(handler, maxFrameBytes, maxInFlightRequests, new AllowAllAuthenticator());
    }

    CqlTestChannel(QueryHandler handler, int maxFrameBytes, int maxInFlightRequests, Authenticator authenticator) {
        channel = new EmbeddedChannel();
        TransportServices services = new TransportServices(handler, schemaChanges, lz4, errorLog, maxFrameBytes,
                maxInFlightRequests, authenticator);
        handler.addSchemaChangeListener(schemaChanges);
        connection = CqlPipeline.install(channel.pipeline(), services);
    }

    CqlTestChannel(QueryHandler handler, int maxFrameBytes) {
        this(handler, maxFrameBytes, CqlServerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS);
    }

    CqlTestChannel(QueryHandler handler) {
        this(handler, CqlServerConfig.DEFAULT_MAX_FRAME_BYTES);
    }

    /** From now on, requests are written in v5 segments (LZ4 segments when {@code lz4}). */
    void useSegments(boolean compressed) {
        framed = true;
        segmentCompression = compressed ? lz4 : null;
    }

    /** Writes raw bytes to the server. */
    void writeBytes(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Writes one request envelope; under {@link #useSegments} it is wrapped in segments first. */
    void send(int version, int flags, int stream, int opcode, byte[] body) {
        byte[] envelope = envelope(version, flags, stream, opcode, body);
        writeBytes(framed ? segments(envelope, segmentCompression) : envelope);
    }

    void send(int version, int stream, Opcode opcode, byte[] body) {
        send(version, 0, stream, opcode.code(), body);
    }

    static byte[] envelope(int version, int flags, int stream, int opcode, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(version).writeByte(flags).writeShort(stream).writeByte(opcode).writeInt(body.length)
                .writeBytes(body);
        return bytes(out);
    }

    /** @return {@code envelope} encoded as segments by the server's own {@link SegmentEncoder} */
    static byte[] segments(byte[] envelope, Lz4Codec compression) {
        EmbeddedChannel encoder = new EmbeddedChannel(new SegmentEncoder(compression));
        encoder.writeOutbound(Unpooled.wrappedBuffer(envelope));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf segment = encoder.readOutbound(); segment != null; segment = encoder.readOutbound()) {
            all.writeBytes(segment);
            segment.release();
        }
        encoder.finishAndReleaseAll();
        return bytes(all);
    }

    /** @return every byte the server has written so far (and releases the written buffers) */
    byte[] outboundBytes() {
        channel.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            all.writeBytes(buffer);
            buffer.release();
        }
        return bytes(all);
    }

    /** @return the responses written so far, parsed from unframed envelopes */
    List<Response> responses() {
        return parseEnvelopes(outboundBytes());
    }

    /** @return the responses written so far, parsed from v5 segments (LZ4 segments when {@code compressed}) */
    List<Response> framedResponses(boolean compressed) {
        EmbeddedChannel decoder = new EmbeddedChannel(new SegmentDecoder(compressed ? lz4 : null));
        decoder.writeInbound(Unpooled.wrappedBuffer(outboundBytes()));
        ByteBuf payloads = Unpooled.buffer();
        for (Object message = decoder.readInbound(); message != null; message = decoder.readInbound()) {
            if (message instanceof FramingError error) {
                throw new AssertionError("server sent a corrupt segment: " + error.message());
            }
            ByteBuf payload = (ByteBuf) message;
            payloads.writeBytes(payload);
            payload.release();
        }
        decoder.finishAndReleaseAll();
        return parseEnvelopes(bytes(payloads));
    }

    /** @return the single response written so far */
    Response response() {
        List<Response> responses = responses();
        if (responses.size() != 1) {
            throw new AssertionError("expected one response, got " + responses);
        }
        return responses.get(0);
    }

    static List<Response> parseEnvelopes(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        List<Response> responses = new ArrayList<>();
        while (in.isReadable()) {
            int versionByte = in.readUnsignedByte();
            boolean shortHeader = (versionByte & 0x7F) <= 2;
            int flags = in.readUnsignedByte();
            int stream = shortHeader ? in.readByte() : in.readShort();
            int opcode = in.readUnsignedByte();
            byte[] body = new byte[in.readInt()];
            in.readBytes(body);
            responses.add(new Response(versionByte, flags, stream, opcode, body));
        }
        return responses;
    }

    /** @return {@code [int] code} and {@code [string] message} of an ERROR body */
    static Map.Entry<Integer, String> error(Response response) {
        if (response.opcode() != Opcode.ERROR.code()) {
            throw new AssertionError("expected an ERROR, got opcode " + response.opcode());
        }
        ByteBuf body = response.bodyBuffer();
        int code = body.readInt();
        return Map.entry(code, WireFormat.readString(body, "message"));
    }

    static byte[] stringMap(Map<String, String> map) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(map.size());
        map.forEach((key, value) -> {
            WireFormat.writeString(out, key);
            WireFormat.writeString(out, value);
        });
        return bytes(out);
    }

    /** @return a QUERY body with consistency ONE and no parameters */
    static byte[] queryBody(String query, int version) {
        ByteBuf out = Unpooled.buffer();
        byte[] text = query.getBytes(StandardCharsets.UTF_8);
        out.writeInt(text.length).writeBytes(text).writeShort(1);
        if (version >= 5) {
            out.writeInt(0);
        } else {
            out.writeByte(0);
        }
        return bytes(out);
    }

    static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        buffer.release();
        return bytes;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
