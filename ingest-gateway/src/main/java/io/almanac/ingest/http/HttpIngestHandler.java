package io.almanac.ingest.http;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.auth.IngestAuthenticationException;
import io.almanac.ingest.auth.IngestAuthenticator;
import io.almanac.ingest.auth.IngestPrincipal;
import io.almanac.ingest.mapping.JsonRowMapper;
import io.almanac.ingest.mapping.MappingResult;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.ingest.mapping.RowError;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.write.OverloadedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one HTTP connection of the ingest API:
 *
 * <pre>
 *   POST /v1/keyspaces/{keyspace}/tables/{table}/rows[?ttl=seconds]   Content-Type: application/json
 *        204  every row committed by the storage engine (StorageEngine.write completed)
 *        400  a row refused (nothing of the request written), a bad ttl or an unknown query parameter
 *        404  unknown keyspace or table        415  not application/json
 *        503  the write path is back-pressured (Retry-After: 1); rows of other shards may have been written
 *        500  the write failed
 *   GET  /v1/health   200 {"status":"ok"}
 *   POST /api/v2/write, POST /write   InfluxDB line protocol; answers as InfluxDB does (InfluxWriteEndpoint)
 *   other methods on those paths: 405 with Allow; other paths: 404; bodies over the limit: 413 (BodyLimitAggregator)
 * </pre>
 *
 * Authentication, when the gateway's authenticator requires it, for the two POST APIs (not the health check):
 * credentials from {@code Authorization: Token user:password} or {@code Basic} (or {@code u}/{@code p} on /write,
 * see {@link HttpCredentials}), checked off the event loop. Missing, malformed or refused: 401
 * {@code {"code":"unauthorized","message":"..."}} with {@code WWW-Authenticate: Basic realm="Almanac"}; a role that
 * may not modify a table written: 403 {@code {"code":"forbidden","message":"User alice has no MODIFY permission on
 * <table iot.readings> or any of its parents"}} (nothing of the request written). A connection remembers the last
 * accepted credentials for {@link #CREDENTIALS_VALIDITY_MICROS} (Cassandra's {@code credentials_validity} default),
 * so a client sending many requests on one keep-alive connection pays for one password check every 2 seconds, not
 * one per request.
 *
 * Requests are answered in order: while one awaits the storage engine, later pipelined requests wait (and the
 * connection stops reading), so responses never overtake each other. Keep-alive is handled by Netty's
 * {@code HttpServerKeepAliveHandler} ahead of this handler.
 *
 * <p>Thread safety: one instance per channel; every method runs on the channel's event loop (write completions are
 * handed back to it).
 */
final class HttpIngestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestHandler.class);
    private static final String HEALTH_PATH = "/v1/health";
    private static final Pattern ROWS_PATH = Pattern.compile("/v1/keyspaces/([^/]+)/tables/([^/]+)/rows");
    private static final String RETRY_AFTER_SECONDS = "1";
    /** How long a connection reuses accepted credentials without checking them again, micros (2 seconds). */
    static final long CREDENTIALS_VALIDITY_MICROS = 2_000_000;

    private final IngestGateway gateway;
    private final JsonResponses responses;
    private final InfluxWriteEndpoint influx;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private HttpCredentials acceptedCredentials;
    private IngestPrincipal acceptedPrincipal;
    private long acceptedAtMicros;

    HttpIngestHandler(IngestGateway gateway, JsonResponses responses, InfluxWriteEndpoint influx) {
        this.gateway = gateway;
        this.responses = responses;
        this.influx = influx;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add(request);
        if (busy) {
            context.channel().config().setAutoRead(false);
        } else {
            next();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        releaseWaiting();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("HTTP ingest connection {} failed; closing it", context.channel().remoteAddress(), cause);
        context.close();
    }

    private void next() {
        if (!ctx.channel().isActive()) {
            releaseWaiting();
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        guarded(request, () -> handle(request));
    }

    /** Runs a step of {@code request}, answering 500 if it fails; releases the request afterwards. */
    private void guarded(FullHttpRequest request, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("HTTP ingest request {} {} failed", request.method(), request.uri(), e);
            respond(responses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + e));
        } finally {
            request.release();
        }
    }

    private void handle(FullHttpRequest request) {
        gateway.metrics().httpRequest();
        if (request.decoderResult().isFailure()) {
            gateway.metrics().rowsRejected(RejectReason.BAD_REQUEST, 1);
            FullHttpResponse response = responses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
            HttpUtil.setKeepAlive(response, false);
            respond(response);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (uri.path().equals(HEALTH_PATH)) {
            respond(request.method().equals(HttpMethod.GET) ? responses.healthy(ctx.alloc())
                    : methodNotAllowed(HttpMethod.GET));
            return;
        }
        if (InfluxWriteEndpoint.handles(uri.path())) {
            if (!request.method().equals(HttpMethod.POST)) {
                FullHttpResponse response = responses.influxError(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method not allowed", "method not allowed; allowed: POST", 0, 0);
                response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
                respond(response);
            } else {
                authenticated(request, uri, principal -> influxWrite(request, uri, principal));
            }
            return;
        }
        Matcher rowsPath = ROWS_PATH.matcher(uri.path());
        if (!rowsPath.matches()) {
            respond(responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "no such resource: " + uri.path()));
        } else if (!request.method().equals(HttpMethod.POST)) {
            respond(methodNotAllowed(HttpMethod.POST));
        } else {
            authenticated(request, uri,
                    principal -> ingest(request, uri, rowsPath.group(1), rowsPath.group(2), principal));
        }
    }

    /**
     * Runs {@code then} with the request's principal: at once when authentication is off or the connection's
     * accepted credentials are still valid, else once the authenticator accepted them (on the event loop; the
     * request is retained meanwhile). Missing or refused credentials are answered 401.
     */
    private void authenticated(FullHttpRequest request, QueryStringDecoder uri, Consumer<IngestPrincipal> then) {
        IngestAuthenticator authenticator = gateway.authenticator();
        if (!authenticator.required()) {
            then.accept(IngestPrincipal.ANONYMOUS);
            return;
        }
        HttpCredentials.Parsed parsed = HttpCredentials.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                uri);
        if (parsed.credentials() == null) {
            unauthorized(parsed.isMissing() ? "authentication required: send Authorization: Token"
                    + " <user name>:<password> (or Basic)" : parsed.error());
            return;
        }
        HttpCredentials credentials = parsed.credentials();
        long nowMicros = gateway.clock().nowMicros();
        if (credentials.equals(acceptedCredentials) && nowMicros - acceptedAtMicros < CREDENTIALS_VALIDITY_MICROS) {
            then.accept(acceptedPrincipal);
            return;
        }
        CompletableFuture<IngestPrincipal> check;
        try {
            check = authenticator.authenticate(credentials.username(), credentials.password());
        } catch (RuntimeException e) {
            check = CompletableFuture.failedFuture(e);
        }
        request.retain();
        check.whenComplete((principal, failure) -> {
            try {
                ctx.executor().execute(() -> guarded(request,
                        () -> onAuthenticated(credentials, nowMicros, principal, failure, then)));
            } catch (RejectedExecutionException e) {
                request.release();
                LOG.debug("event loop shut down while authenticating; the connection is gone", e);
            }
        });
    }

    private void onAuthenticated(HttpCredentials credentials, long checkedAtMicros, IngestPrincipal principal,
                                 Throwable failure, Consumer<IngestPrincipal> then) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (cause instanceof IngestAuthenticationException) {
            unauthorized(cause.getMessage());
        } else if (cause != null) {
            LOG.warn("HTTP ingest: checking the credentials of {} failed", credentials.username(), cause);
            respond(responses.influxError(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "the credentials could not be checked: " + cause.getMessage(), 0, 0));
        } else {
            acceptedCredentials = credentials;
            acceptedPrincipal = principal;
            acceptedAtMicros = checkedAtMicros;
            then.accept(principal);
        }
    }

    private void unauthorized(String message) {
        gateway.metrics().rowsRejected(RejectReason.BAD_CREDENTIALS, 1);
        gateway.rejectionLog().record("HTTP", RejectReason.BAD_CREDENTIALS, "connection "
                + ctx.channel().remoteAddress() + ": " + message);
        FullHttpResponse response = responses.influxError(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED,
                "unauthorized", message, 0, 0);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Almanac\"");
        respond(response);
    }

    /**
     * @return whether {@code principal} may modify every table of {@code mutations}; when not, the request was
     *         answered 403 (Cassandra's message)
     */
    private boolean mayModifyAll(IngestPrincipal principal, List<Mutation> mutations) {
        TableMetadata checked = null;
        for (Mutation mutation : mutations) {
            TableMetadata table = mutation.table();
            if (table != checked) {
                if (!mayModify(principal, table.keyspace(), table.name(), mutations.size())) {
                    return false;
                }
                checked = table;
            }
        }
        return true;
    }

    private boolean mayModify(IngestPrincipal principal, String keyspace, String table, int rows) {
        if (gateway.authenticator().mayModify(principal, keyspace, table)) {
            return true;
        }
        String message = "User " + principal.name() + " has no MODIFY permission on <table " + keyspace + "."
                + table + "> or any of its parents";
        gateway.metrics().rowsRejected(RejectReason.NOT_AUTHORIZED, rows);
        gateway.rejectionLog().record("HTTP", RejectReason.NOT_AUTHORIZED, message);
        respond(responses.influxError(ctx.alloc(), HttpResponseStatus.FORBIDDEN, "forbidden", message, 0, 0));
        return false;
    }

    private void influxWrite(FullHttpRequest request, QueryStringDecoder uri, IngestPrincipal principal) {
        InfluxWriteEndpoint.Prepared prepared = influx.prepare(ctx.alloc(), request, uri);
        if (prepared.refusal() != null) {
            respond(prepared.refusal());
        } else if (mayModifyAll(principal, prepared.mutations())) {
            write(prepared.mutations(), true);
        }
    }

    private void ingest(FullHttpRequest request, QueryStringDecoder uri, String keyspace, String tableName,
                        IngestPrincipal principal) {
        CharSequence mimeType = HttpUtil.getMimeType(request);
        if (mimeType == null || !mimeType.toString().trim().equalsIgnoreCase("application/json")) {
            gateway.metrics().rowsRejected(RejectReason.UNSUPPORTED_MEDIA_TYPE, 1);
            respond(responses.error(ctx.alloc(), HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, got " + (mimeType == null ? "none" : mimeType)));
            return;
        }
        RequestOptions options = RequestOptions.parse(uri);
        if (options.error() != null) {
            refuse(List.of(options.error()), 1);
            return;
        }
        Schema schema = gateway.engine().schema();
        TableMetadata table = schema.table(keyspace, tableName);
        if (table == null) {
            gateway.metrics().rowsRejected(RejectReason.UNKNOWN_TABLE, 1);
            String message = schema.keyspace(keyspace) == null ? "keyspace " + keyspace + " does not exist"
                    : "table " + tableName + " does not exist";
            respond(responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, message));
            return;
        }
        if (!mayModify(principal, keyspace, tableName, 1)) {
            return;
        }
        ByteBuf body = request.content();
        MappingResult mapped = body.hasArray() // parsed in place; a composite or direct body is streamed
                ? gateway.mapper().map(table, body.array(), body.arrayOffset() + body.readerIndex(),
                        body.readableBytes(), options.ttlSeconds())
                : gateway.mapper().map(table, new ByteBufInputStream(body), options.ttlSeconds());
        if (mapped instanceof MappingResult.Rejected rejected) {
            refuse(rejected.errors(), rejected.rowCount());
        } else {
            write(((MappingResult.Mapped) mapped).mutations(), false);
        }
    }

    /**
     * The query parameters of an ingest request.
     *
     * @param ttlSeconds the {@code ttl} parameter, seconds, or empty for the table's default
     * @param error      why the parameters are refused, or null
     */
    record RequestOptions(OptionalInt ttlSeconds, RowError error) {

        static RequestOptions parse(QueryStringDecoder uri) {
            OptionalInt ttlSeconds = OptionalInt.empty();
            for (Map.Entry<String, List<String>> parameter : uri.parameters().entrySet()) {
                if (!parameter.getKey().equals("ttl")) {
                    return refused(RejectReason.BAD_REQUEST,
                            "unknown query parameter \"" + parameter.getKey() + "\" (known: ttl)");
                }
                if (parameter.getValue().size() != 1) {
                    return refused(RejectReason.INVALID_TTL, "ttl must be given at most once");
                }
                String text = parameter.getValue().get(0);
                String ttlError = ttlError(text);
                if (ttlError != null) {
                    return refused(RejectReason.INVALID_TTL, ttlError);
                }
                ttlSeconds = OptionalInt.of(Integer.parseInt(text));
            }
            return new RequestOptions(ttlSeconds, null);
        }

        private static RequestOptions refused(RejectReason reason, String message) {
            return new RequestOptions(OptionalInt.empty(), RowError.ofPayload(reason, message));
        }

        /** @return null when {@code text} is a valid TTL in seconds, else the reason (Cassandra's messages) */
        static String ttlError(String text) {
            if (!text.matches("[+-]?[0-9]+")) {
                return "ttl must be an integer number of seconds, got \"" + text + "\"";
            }
            try {
                return JsonRowMapper.ttlError(Long.parseLong(text));
            } catch (NumberFormatException e) { // beyond a long: name the value as given
                return text.startsWith("-") ? "A TTL must be greater or equal to 0, but was " + text
                        : "ttl is too large. requested (" + text + ") maximum (" + TableParams.MAX_TTL_SECONDS + ")";
            }
        }
    }

    /** @param influx whether errors are answered in InfluxDB's shape */
    private void write(List<Mutation> mutations, boolean influx) {
        if (mutations.isEmpty()) {
            respond(responses.noContent());
            return;
        }
        CompletableFuture<Void> written;
        try {
            written = gateway.engine().write(mutations);
        } catch (RuntimeException e) {
            onWritten(mutations.size(), e, influx);
            return;
        }
        written.whenComplete((ignored, error) -> {
            try {
                ctx.executor().execute(() -> onWritten(mutations.size(), error, influx));
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop shut down before a write completed; the connection is gone", e);
            }
        });
    }

    private void onWritten(int rows, Throwable error, boolean influx) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            gateway.metrics().rowsAccepted(rows);
            respond(responses.noContent());
        } else if (cause instanceof OverloadedException) {
            gateway.metrics().backPressureEvent();
            String message = "the write path is overloaded; retry after " + RETRY_AFTER_SECONDS + " second";
            FullHttpResponse response = influx ? responses.influxError(ctx.alloc(),
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", message, 0, 0)
                    : responses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, message);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            respond(response);
        } else if (cause instanceof InvalidRequestException && influx) {
            gateway.metrics().rowsRejected(RejectReason.WRITE_REJECTED, rows);
            respond(responses.influxError(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "invalid",
                    cause.getMessage(), 0, 0));
        } else if (cause instanceof InvalidRequestException) {
            refuse(List.of(RowError.ofPayload(RejectReason.WRITE_REJECTED, cause.getMessage())), rows);
        } else {
            gateway.metrics().rowsRejected(RejectReason.WRITE_FAILED, rows);
            gateway.rejectionLog().record("HTTP", RejectReason.WRITE_FAILED, cause.toString());
            String message = "write failed: " + cause.getMessage();
            respond(influx ? responses.influxError(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error", message, 0, 0)
                    : responses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR, message));
        }
    }

    private void refuse(List<RowError> errors, int rows) {
        gateway.metrics().rowsRejected(errors.get(0).kind(), rows);
        respond(responses.rowsRefused(ctx.alloc(), errors));
    }

    private FullHttpResponse methodNotAllowed(HttpMethod allowed) {
        FullHttpResponse response = responses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method not allowed; allowed: " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed.name());
        return response;
    }

    private void respond(FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) future -> {
            busy = false;
            if (!future.isSuccess()) {
                future.channel().close();
            }
            next();
        });
    }

    private void releaseWaiting() {
        for (FullHttpRequest request = waiting.poll(); request != null; request = waiting.poll()) {
            request.release();
        }
    }
}
