package io.almanac.ingest.http;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.line.TimestampPrecision;
import io.almanac.ingest.mapping.LineMappingResult;
import io.almanac.ingest.mapping.LineProtocolMapper;
import io.almanac.ingest.mapping.LineProtocolTables;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.Schema;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The InfluxDB-compatible write endpoints, so Telegraf and the Influx client libraries write to Almanac unchanged:
 *
 * <pre>
 *   POST /api/v2/write?bucket=B[&amp;org=O][&amp;precision=ns|us|ms|s]     (InfluxDB API v2; default precision ns)
 *   POST /write?db=B[&amp;precision=n|ns|u|us|ms|s]                       (InfluxDB 1.x)
 *        Content-Type: absent, text/plain[; charset=utf-8], application/octet-stream or
 *                      application/x-www-form-urlencoded (what curl -d / --data-binary sends; InfluxDB does not
 *                      check the type either)        Content-Encoding: gzip or identity or absent
 *        body: line protocol (LineProtocolParser), bucket/db = keyspace, measurement = table (LineProtocolMapper)
 *   204  every point committed by the storage engine
 *   400  {"code":"invalid","message":"line 3: unable to parse '...': missing field value","line":3,"column":18}
 *        (nothing of the request written), or a missing bucket / bad precision / bad gzip stream
 *   404  {"code":"not found","message":"bucket \"B\" not found"}, or a measurement's table (named with its line)
 *   413  body (decompressed) over maxBodyBytes, or more points than maxLinesPerRequest (nothing written)
 *   415  another Content-Type (e.g. application/json: a JSON body sent to the line-protocol path) or
 *        Content-Encoding
 *   503  write path back-pressured, Retry-After: 1 (points of other shards may have been written)
 * </pre>
 *
 * Other query parameters ({@code org}, {@code orgID}, {@code rp}, {@code u}, {@code p}, {@code consistency}) are
 * accepted and ignored ({@code u}/{@code p} are read as credentials by {@link HttpCredentials} when the node requires
 * authentication; {@code Authorization: Token user:password} likewise, see {@link HttpIngestHandler}).
 *
 * <p>Allocation per request: the body copied into one {@code byte[]} (for gzip: the decompressed bytes, grown by
 * doubling up to the limit), a parser, and per point what {@link LineProtocolMapper} lists.
 *
 * <p>Thread safety: immutable; {@link #prepare} runs on the connection's event loop.
 */
final class InfluxWriteEndpoint {

    /** API v2 write path. */
    static final String V2_PATH = "/api/v2/write";
    /** API v1 write path. */
    static final String V1_PATH = "/write";

    private final IngestGateway gateway;
    private final HttpIngestConfig config;
    private final JsonResponses responses;
    private final LineProtocolMapper.TableResolver resolver;

    InfluxWriteEndpoint(IngestGateway gateway, HttpIngestConfig config, JsonResponses responses) {
        this.gateway = gateway;
        this.config = config;
        this.responses = responses;
        this.resolver = config.autoCreateTables() ? LineProtocolTables.creatingIn(gateway.engine())
                : LineProtocolMapper.EXISTING_TABLES;
    }

    /** @return whether {@code path} is one of this endpoint's paths */
    static boolean handles(String path) {
        return path.equals(V2_PATH) || path.equals(V1_PATH);
    }

    /**
     * What to do with one write request.
     *
     * @param mutations the mutations to write, or null when {@code refusal} answers the request
     * @param refusal   the response when refused, else null
     */
    record Prepared(List<Mutation> mutations, FullHttpResponse refusal) {
    }

    /** Content types a line-protocol body arrives with: Influx clients send text/plain, curl its form default. */
    private static final Set<String> LINE_PROTOCOL_TYPES = Set.of("text/plain", "application/octet-stream",
            "application/x-www-form-urlencoded");

    /** Checks the request, reads and maps every line; writes nothing. */
    Prepared prepare(ByteBufAllocator allocator, FullHttpRequest request, QueryStringDecoder uri) {
        boolean v1 = uri.path().equals(V1_PATH);
        CharSequence mimeType = HttpUtil.getMimeType(request);
        if (mimeType != null && !LINE_PROTOCOL_TYPES.contains(mimeType.toString().trim().toLowerCase(Locale.ROOT))) {
            return refused(allocator, RejectReason.UNSUPPORTED_MEDIA_TYPE, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported media type", "Content-Type must be text/plain (line protocol), got " + mimeType);
        }
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "identity").trim();
        if (!encoding.equalsIgnoreCase("identity") && !encoding.equalsIgnoreCase("gzip")) {
            return refused(allocator, RejectReason.UNSUPPORTED_MEDIA_TYPE, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported media type", "Content-Encoding must be gzip or identity, got " + encoding);
        }
        String bucket = parameter(uri, v1 ? "db" : "bucket");
        if (bucket == null || bucket.isEmpty()) {
            return refused(allocator, RejectReason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, "invalid",
                    (v1 ? "database" : "bucket") + " is required: give it as the "
                            + (v1 ? "db" : "bucket") + " query parameter");
        }
        String precisionText = parameter(uri, "precision");
        TimestampPrecision precision = precisionText == null ? TimestampPrecision.NANOSECONDS
                : TimestampPrecision.parse(precisionText);
        if (precision == null) {
            return refused(allocator, RejectReason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, "invalid",
                    "precision \"" + precisionText + "\" is not one of ns, us, ms, s");
        }
        Schema schema = gateway.engine().schema();
        if (schema.keyspace(bucket) == null) {
            return refused(allocator, RejectReason.UNKNOWN_TABLE, HttpResponseStatus.NOT_FOUND, "not found",
                    (v1 ? "database" : "bucket") + " \"" + bucket + "\" not found");
        }
        byte[] body = encoding.equalsIgnoreCase("gzip") ? gunzip(request.content())
                : ByteBufUtil.getBytes(request.content());
        if (body == null) {
            return refused(allocator, RejectReason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, "invalid",
                    "the body is not a valid gzip stream");
        }
        if (body.length > config.maxBodyBytes()) {
            return refused(allocator, RejectReason.PAYLOAD_TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request too large", "decompressed request body is larger than the limit of "
                            + config.maxBodyBytes() + " bytes");
        }
        LineMappingResult result = gateway.lineProtocolMapper().map(schema, bucket, body, body.length, precision,
                config.maxLinesPerRequest(), resolver);
        if (result instanceof LineMappingResult.Mapped mapped) {
            return new Prepared(mapped.mutations(), null);
        }
        return refusedLine(allocator, (LineMappingResult.Refused) result);
    }

    private Prepared refusedLine(ByteBufAllocator allocator, LineMappingResult.Refused refused) {
        HttpResponseStatus status;
        String code;
        RejectReason reason;
        switch (refused.kind()) {
            case NOT_FOUND -> {
                status = HttpResponseStatus.NOT_FOUND;
                code = "not found";
                reason = RejectReason.UNKNOWN_TABLE;
            }
            case TOO_MANY_LINES -> {
                status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
                code = "request too large";
                reason = RejectReason.PAYLOAD_TOO_LARGE;
            }
            default -> {
                status = HttpResponseStatus.BAD_REQUEST;
                code = "invalid";
                reason = refused.column() > 0 ? RejectReason.MALFORMED_LINE_PROTOCOL : RejectReason.INVALID_VALUE;
            }
        }
        gateway.metrics().rowsRejected(reason, 1);
        gateway.rejectionLog().record("HTTP", reason, refused.message());
        return new Prepared(null, responses.influxError(allocator, status, code, refused.message(), refused.line(),
                refused.column()));
    }

    private Prepared refused(ByteBufAllocator allocator, RejectReason reason, HttpResponseStatus status, String code,
                             String message) {
        gateway.metrics().rowsRejected(reason, 1);
        return new Prepared(null, responses.influxError(allocator, status, code, message, 0, 0));
    }

    private static String parameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Decompresses a gzip body, reading at most {@code maxBodyBytes + 1} bytes (a larger result is refused by the
     * caller, so a small bomb cannot inflate past the limit).
     *
     * @return the decompressed bytes (possibly one byte over the limit), or null when the stream is not valid gzip
     */
    private byte[] gunzip(ByteBuf content) {
        int limit = config.maxBodyBytes() + 1;
        byte[] out = new byte[(int) Math.min(limit, Math.max(1_024L, content.readableBytes() * 4L))];
        int length = 0;
        try (InputStream in = new GZIPInputStream(new ByteBufInputStream(content.duplicate()))) {
            while (length < limit) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
                }
                int read = in.read(out, length, out.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            return null;
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }
}
