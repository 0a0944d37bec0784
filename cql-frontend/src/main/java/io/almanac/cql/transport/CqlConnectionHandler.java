package io.almanac.cql.transport;

import io.almanac.cql.auth.SaslNegotiator;
import io.almanac.cql.auth.SaslStep;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.write.OverloadedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CQL connection: the handshake state machine, request dispatch to the {@code QueryHandler}, and responses.
 *
 * <p>Thread safety: inbound methods run on the channel's event loop; responses are written from whichever thread
 * completes a request (Netty hands the write to the event loop). {@code version} and {@code compression} are
 * written on the event loop before any asynchronous request exists and are volatile for the completing threads.
 *
 * <pre>
 *   AWAITING_STARTUP --OPTIONS--&gt; SUPPORTED (stays)
 *          |--STARTUP ok, no authentication--&gt; READY written; v5: switch to segments --&gt; READY state
 *          |--STARTUP ok, authenticator requires it--&gt; AUTHENTICATE written; v5: switch --&gt; AUTHENTICATING
 *          |--STARTUP bad--&gt; ERROR 0x000A (stays; the client may retry)
 *          '--anything else--&gt; ERROR 0x000A "Unexpected message X, expecting STARTUP or OPTIONS" (stays)
 *   AUTHENTICATING --AUTH_RESPONSE--&gt; SASL step (asynchronous; one at a time)
 *          |--challenge--&gt; AUTH_CHALLENGE (stays)
 *          |--complete--&gt; AUTH_SUCCESS (null token), the role recorded in the ClientState --&gt; READY state
 *          |--bad credentials--&gt; ERROR 0x0100 (stays; the client may try again)
 *          '--anything but OPTIONS--&gt; ERROR 0x000A "Unexpected message X, expecting SASL_RESPONSE" (stays)
 *   READY: OPTIONS, REGISTER (-&gt; READY), QUERY, PREPARE, EXECUTE, BATCH (-&gt; RESULT or ERROR, asynchronously)
 *   any state: FramingError -&gt; ERROR on its stream, flush, close
 * </pre>
 *
 * <p>The first envelope fixes the connection's protocol version; responses carry it. Under v4 with {@code lz4} or
 * {@code snappy} ({@link BodyCompression}), request bodies flagged 0x01 are decompressed and response bodies (after
 * READY) compressed. A malformed body is a protocol error on its stream and the connection carries on, since the
 * envelope framing is intact.
 *
 * <p>Back-pressure: when {@code maxInFlightRequestsPerConnection} requests are executing, the socket stops being
 * read until one completes. A client that sent {@code THROW_ON_OVERLOAD: 1} in STARTUP (reference §1.2,
 * native_protocol_v5.spec §4.1.1) is read on instead, and each request past the limit is answered with OVERLOADED
 * (0x1001) without executing.
 *
 * <p>The USE_BETA flag (0x10) is ignored on v4 and v5, as Cassandra ignores it on non-beta versions; the v6 beta is
 * not offered, so a v6 envelope gets the unsupported-version error with or without the flag (reference §1.3).
 */
final class CqlConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOGGER = LoggerFactory.getLogger(CqlConnectionHandler.class);
    /** Stateless: one for every connection that negotiates snappy. */
    private static final BodyCompression SNAPPY = new SnappyCodec();
    private static final Set<String> EVENT_TYPES = Set.of("TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE");
    private static final Pattern CQL_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-.+][\\w.+-]*)?");

    private final TransportServices services;
    private final ClientState clientState = new ClientState();
    private final AtomicInteger inFlight = new AtomicInteger();
    private Channel channel;
    private boolean started;
    private boolean ready;
    private SaslNegotiator negotiator;
    private boolean authenticationInFlight;
    private volatile int version;
    private volatile BodyCompression compression;
    private volatile boolean throwOnOverload;

    CqlConnectionHandler(TransportServices services) {
        this.services = services;
    }

    /** @return this connection's session state (the keyspace chosen with USE) */
    ClientState clientState() {
        return clientState;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof Envelope envelope) {
            try {
                handle(envelope);
            } finally {
                envelope.release();
            }
        } else if (message instanceof FramingError error) {
            failConnection(error);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        services.schemaChanges().unregister(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOGGER.debug("Closing connection {} after an I/O error", ctx.channel().remoteAddress(), cause);
        } else {
            services.errorLog().record("in the pipeline of " + ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void handle(Envelope envelope) {
        int stream = envelope.streamId();
        ByteBuf decompressed = null;
        try {
            if (version == 0) {
                version = envelope.version();
            } else if (envelope.version() != version) {
                throw new ProtocolException("Invalid message version. Got " + envelope.version()
                        + " but previous messages on this connection had version " + version);
            }
            ByteBuf body = envelope.body();
            if (version < ProtocolVersions.V5 && envelope.hasFlag(Envelope.FLAG_COMPRESSED)) {
                BodyCompression codec = compression;
                if (codec == null) {
                    throw new ProtocolException("Received a compressed message but no compression was negotiated");
                }
                decompressed = codec.decompressBody(channel.alloc(), body, services.maxFrameBytes());
                body = decompressed;
            }
            if (envelope.hasFlag(Envelope.FLAG_CUSTOM_PAYLOAD)) {
                WireFormat.skipBytesMap(body, "custom payload");
            }
            dispatch(envelope.opcode(), stream, body);
        } catch (ProtocolException e) {
            sendError(stream, e);
        } finally {
            if (decompressed != null) {
                decompressed.release();
            }
        }
    }

    private void dispatch(int code, int stream, ByteBuf body) {
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            throw new ProtocolException("Unknown opcode 0x" + Integer.toHexString(code));
        }
        if (!opcode.isRequest()) {
            throw new ProtocolException("Unexpected message " + opcode + ": it is a response, not a request");
        }
        if (!started && opcode != Opcode.OPTIONS && opcode != Opcode.STARTUP) {
            throw new ProtocolException("Unexpected message " + opcode + ", expecting STARTUP or OPTIONS");
        }
        if (started && !ready && opcode != Opcode.OPTIONS && opcode != Opcode.AUTH_RESPONSE) {
            throw new ProtocolException("Unexpected message " + opcode + ", expecting SASL_RESPONSE");
        }
        switch (opcode) {
            case OPTIONS -> send(stream, Opcode.SUPPORTED, supported());
            case STARTUP -> startup(stream, body);
            case REGISTER -> register(stream, body);
            case QUERY -> query(stream, body);
            case PREPARE -> prepare(stream, body);
            case EXECUTE -> execute(stream, body);
            case BATCH -> batch(stream, body);
            case AUTH_RESPONSE -> authResponse(stream, body);
            default -> throw new ProtocolException("Unexpected message " + opcode);
        }
    }

    private ByteBuf supported() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("CQL_VERSION", List.of(CqlServer.CQL_VERSION));
        options.put("COMPRESSION", version >= ProtocolVersions.V5 ? List.of("lz4")
                : List.of(SnappyCodec.NAME, "lz4"));
        options.put("PROTOCOL_VERSIONS", ProtocolVersions.DESCRIPTIONS);
        ByteBuf body = channel.alloc().buffer();
        WireFormat.writeStringMultimap(body, options);
        return body;
    }

    private void startup(int stream, ByteBuf body) {
        if (started) {
            throw new ProtocolException("Unexpected message STARTUP, the connection is already initialized");
        }
        Map<String, String> options = RequestDecoder.startup(body);
        checkCqlVersion(options.get("CQL_VERSION"));
        BodyCompression negotiated = negotiateCompression(options.get("COMPRESSION"));
        throwOnOverload = "1".equals(options.get("THROW_ON_OVERLOAD"));
        started = true;
        if (services.authenticator().requireAuthentication()) {
            negotiator = services.authenticator().newSaslNegotiator();
            ByteBuf authenticate = channel.alloc().buffer();
            WireFormat.writeString(authenticate, services.authenticator().className());
            send(stream, Opcode.AUTHENTICATE, authenticate);
        } else {
            ready = true;
            send(stream, Opcode.READY, Unpooled.EMPTY_BUFFER);
        }
        if (version >= ProtocolVersions.V5) {
            CqlPipeline.switchToSegments(channel.pipeline(), (Lz4Codec) negotiated);
        } else {
            compression = negotiated;
        }
    }

    private static void checkCqlVersion(String cqlVersion) {
        if (cqlVersion == null) {
            throw new ProtocolException("Missing value CQL_VERSION in STARTUP message");
        }
        Matcher matcher = CQL_VERSION.matcher(cqlVersion);
        if (!matcher.matches()) {
            throw new ProtocolException("Invalid CQL version '" + cqlVersion + "' in STARTUP message");
        }
        if (Integer.parseInt(matcher.group(1)) < 3) {
            throw new ProtocolException("CQL version " + cqlVersion + " is not supported by the binary protocol"
                    + " (supported version are >= 3.0.0)");
        }
    }

    /** @return the codec for STARTUP's COMPRESSION: lz4 (v4 and v5), snappy (v4 only), or null for none */
    private BodyCompression negotiateCompression(String requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        String name = requested.toLowerCase(Locale.ROOT);
        if (name.equals("lz4")) {
            return services.lz4();
        }
        if (name.equals(SnappyCodec.NAME)) {
            if (version >= ProtocolVersions.V5) {
                throw new ProtocolException("Snappy compression is not supported in protocol V5");
            }
            return SNAPPY;
        }
        throw new ProtocolException("Unknown compression algorithm: " + requested + " (supported: "
                + (version >= ProtocolVersions.V5 ? "lz4" : "snappy, lz4") + ")");
    }

    /**
     * AUTH_RESPONSE: one SASL step; its answer is sent, and the state changed, on the event loop when it completes.
     */
    private void authResponse(int stream, ByteBuf body) {
        if (negotiator == null) {
            throw new ProtocolException("Unexpected message AUTH_RESPONSE: this server does not require"
                    + " authentication");
        }
        if (ready) {
            throw new ProtocolException("Unexpected message AUTH_RESPONSE, the connection is already authenticated");
        }
        if (authenticationInFlight) {
            throw new ProtocolException("Unexpected message AUTH_RESPONSE while the previous one is being checked");
        }
        byte[] token = WireFormat.readBytes(body, "AUTH_RESPONSE token");
        CompletableFuture<SaslStep> step;
        try {
            step = negotiator.evaluateResponse(token == null ? new byte[0] : token);
        } catch (RuntimeException e) {
            step = CompletableFuture.failedFuture(e);
        }
        authenticationInFlight = true;
        step.whenComplete((outcome, error) -> {
            if (channel.eventLoop().inEventLoop()) {
                finishSaslStep(stream, outcome, error);
            } else {
                channel.eventLoop().execute(() -> finishSaslStep(stream, outcome, error));
            }
        });
    }

    /** On the event loop: answers one SASL step and, when it completed the login, makes the connection ready. */
    private void finishSaslStep(int stream, SaslStep outcome, Throwable error) {
        authenticationInFlight = false;
        if (error != null) {
            sendError(stream, ErrorEncoder.unwrap(error));
            return;
        }
        ByteBuf answer = channel.alloc().buffer();
        WireFormat.writeBytes(answer, outcome.token());
        if (outcome.isComplete()) {
            clientState.login(outcome.user());
            ready = true;
            send(stream, Opcode.AUTH_SUCCESS, answer);
        } else {
            send(stream, Opcode.AUTH_CHALLENGE, answer);
        }
    }

    private void register(int stream, ByteBuf body) {
        List<String> types = RequestDecoder.register(body);
        for (String type : types) {
            if (!EVENT_TYPES.contains(type)) {
                throw new ProtocolException("Invalid value '" + type + "' for event type (expected one of"
                        + " TOPOLOGY_CHANGE, STATUS_CHANGE, SCHEMA_CHANGE)");
            }
        }
        if (types.contains("SCHEMA_CHANGE")) {
            services.schemaChanges().register(this);
        }
        send(stream, Opcode.READY, Unpooled.EMPTY_BUFFER);
    }

    private void query(int stream, ByteBuf body) {
        RequestDecoder.Query query = RequestDecoder.query(body, version);
        QueryOptions options = query.options();
        submit(stream, () -> services.queryHandler().query(clientState, query.query(), options),
                options.skipMetadata(), null);
    }

    private void prepare(int stream, ByteBuf body) {
        RequestDecoder.Prepare prepare = RequestDecoder.prepare(body, version);
        submit(stream, () -> services.queryHandler().prepare(clientState, prepare.query(), prepare.keyspace()),
                false, null);
    }

    private void execute(int stream, ByteBuf body) {
        RequestDecoder.Execute execute = RequestDecoder.execute(body, version);
        QueryOptions options = execute.options();
        submit(stream, () -> services.queryHandler().execute(clientState, execute.id(), execute.resultMetadataId(),
                options), options.skipMetadata(), execute.resultMetadataId());
    }

    private void batch(int stream, ByteBuf body) {
        RequestDecoder.Batch batch = RequestDecoder.batch(body, version);
        submit(stream, () -> services.queryHandler().batch(clientState, batch.type(), batch.entries(),
                batch.options()), false, null);
    }

    private void submit(int stream, Supplier<CompletableFuture<? extends ResultMessage>> call, boolean skipMetadata,
                        byte[] executeResultMetadataId) {
        if (throwOnOverload && inFlight.get() >= services.maxInFlightRequestsPerConnection()) {
            sendError(stream, new OverloadedException("Server is in overloaded state. Cannot accept more requests at"
                    + " this point (" + services.maxInFlightRequestsPerConnection() + " requests in flight on this"
                    + " connection; THROW_ON_OVERLOAD is set)"));
            return;
        }
        CompletableFuture<? extends ResultMessage> future;
        try {
            future = call.get();
            if (future == null) {
                future = CompletableFuture.failedFuture(new IllegalStateException("QueryHandler returned no future"));
            }
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        requestStarted();
        future.whenComplete((result, error) -> {
            requestFinished();
            if (error != null) {
                sendError(stream, ErrorEncoder.unwrap(error));
            } else {
                sendResult(stream, result, skipMetadata, executeResultMetadataId);
            }
        });
    }

    private void requestStarted() {
        int limit = services.maxInFlightRequestsPerConnection();
        if (inFlight.incrementAndGet() >= limit && !throwOnOverload) {
            channel.config().setAutoRead(false);
            if (inFlight.get() < limit) { // a request completed meanwhile and may have missed the pause
                channel.config().setAutoRead(true);
            }
        }
    }

    private void requestFinished() {
        if (inFlight.decrementAndGet() < services.maxInFlightRequestsPerConnection()
                && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    private void sendResult(int stream, ResultMessage result, boolean skipMetadata, byte[] executeResultMetadataId) {
        ByteBuf body = channel.alloc().buffer();
        try {
            ResultEncoder.encode(body, result, version, skipMetadata, executeResultMetadataId);
        } catch (RuntimeException e) {
            body.release();
            sendError(stream, e);
            return;
        }
        if (result instanceof ResultMessage.SetKeyspace setKeyspace) {
            clientState.setKeyspace(setKeyspace.keyspace());
        }
        send(stream, Opcode.RESULT, body);
    }

    private void sendError(int stream, Throwable error) {
        if (!ErrorEncoder.isExpected(error)) {
            services.errorLog().record("answering stream " + stream + " of " + channel.remoteAddress(), error);
        }
        ByteBuf body = channel.alloc().buffer();
        ErrorEncoder.encode(body, error);
        send(stream, Opcode.ERROR, body);
    }

    /** Sends a SCHEMA_CHANGE event (stream -1) to this connection, if it is still open. */
    void sendSchemaChangeEvent(ResultMessage.SchemaChange change) {
        if (!channel.isActive()) {
            return;
        }
        ByteBuf body = channel.alloc().buffer();
        WireFormat.writeString(body, "SCHEMA_CHANGE");
        ResultEncoder.schemaChange(body, change);
        send(-1, Opcode.EVENT, body);
    }

    private void send(int stream, Opcode opcode, ByteBuf body) {
        ByteBuf out = body;
        int flags = 0;
        BodyCompression codec = compression;
        if (codec != null && body.isReadable()) {
            out = codec.compressBody(channel.alloc(), body);
            body.release();
            flags = Envelope.FLAG_COMPRESSED;
        }
        channel.writeAndFlush(new Envelope(version, flags, stream, opcode.code(), out), channel.voidPromise());
    }

    private void failConnection(FramingError error) {
        ByteBuf body = channel.alloc().buffer();
        ErrorEncoder.header(body, error.code(), error.message());
        LOGGER.debug("Closing connection {}: {}", channel.remoteAddress(), error.message());
        channel.writeAndFlush(new Envelope(error.replyVersion(), 0, error.streamId(), Opcode.ERROR.code(), body))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
