package io.almanac.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.almanac.ingest.mapping.RowError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the HTTP ingest API's responses. Every error has a JSON body; the InfluxDB write endpoints answer as
 * InfluxDB does ({@code {"code": "invalid", "message": "line 3: unable to parse ...", "line": 3}}, see
 * {@link #influxError}); so do 401 and 403 on every API ({@code {"code": "unauthorized" | "forbidden", "message":
 * "..."}}, see {@link HttpIngestHandler}); the rest:
 *
 * <pre>
 *   400 rows refused   {"kind": "invalid_value", "row": 3, "column": "ts", "reason": "expected ...",
 *                       "errors": [{"row": 3, "column": "ts", "kind": "invalid_value", "reason": "..."}, ...]}
 *                      (the first error at the top, all of them, up to 100, in "errors"; row -1 and column null
 *                      when the error is about the whole payload)
 *   other errors       {"error": "human-readable message"}
 *   GET /v1/health     {"status": "ok"}
 * </pre>
 *
 * <p>Thread safety: immutable; safe from any thread.
 */
final class JsonResponses {

    private final JsonFactory jsonFactory = new JsonFactory();

    /** @return a response with a JSON body {@code {"error": message}} */
    FullHttpResponse error(ByteBufAllocator allocator, HttpResponseStatus status, String message) {
        ByteBuf body = allocator.buffer();
        try (JsonGenerator json = generator(body)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        return withBody(status, body);
    }

    /**
     * An error as InfluxDB's API v2 answers it: {@code {"code": code, "message": message[, "line": N[, "column": C]]}}.
     *
     * @param code   InfluxDB's error code: {@code invalid}, {@code not found}, {@code request too large},
     *               {@code unsupported media type}, {@code unavailable}, {@code internal error}, {@code method not
     *               allowed}
     * @param line   the 1-based line the error is about, or 0 for none
     * @param column the 1-based column (byte within the line) of a syntax error, or 0 for none
     */
    FullHttpResponse influxError(ByteBufAllocator allocator, HttpResponseStatus status, String code, String message,
                                 int line, int column) {
        ByteBuf body = allocator.buffer();
        try (JsonGenerator json = generator(body)) {
            json.writeStartObject();
            json.writeStringField("code", code);
            json.writeStringField("message", message);
            if (line > 0) {
                json.writeNumberField("line", line);
            }
            if (column > 0) {
                json.writeNumberField("column", column);
            }
            json.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        return withBody(status, body);
    }

    /** @return a 400 response naming the refused rows, columns and reasons */
    FullHttpResponse rowsRefused(ByteBufAllocator allocator, List<RowError> errors) {
        ByteBuf body = allocator.buffer();
        try (JsonGenerator json = generator(body)) {
            RowError first = errors.get(0);
            json.writeStartObject();
            json.writeStringField("kind", first.kind().code());
            writeLocation(json, first);
            json.writeArrayFieldStart("errors");
            for (RowError error : errors) {
                json.writeStartObject();
                writeLocation(json, error);
                json.writeStringField("kind", error.kind().code());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        return withBody(HttpResponseStatus.BAD_REQUEST, body);
    }

    /** @return 200 {@code {"status": "ok"}} */
    FullHttpResponse healthy(ByteBufAllocator allocator) {
        ByteBuf body = allocator.buffer();
        body.writeCharSequence("{\"status\":\"ok\"}", java.nio.charset.StandardCharsets.UTF_8);
        return withBody(HttpResponseStatus.OK, body);
    }

    /** @return 204 No Content: no body and, as RFC 9110 §8.6 requires, no Content-Length */
    FullHttpResponse noContent() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    }

    private static void writeLocation(JsonGenerator json, RowError error) throws IOException {
        json.writeNumberField("row", error.row());
        if (error.column() == null) {
            json.writeNullField("column");
        } else {
            json.writeStringField("column", error.column());
        }
        json.writeStringField("reason", error.reason());
    }

    private JsonGenerator generator(ByteBuf body) throws IOException {
        return jsonFactory.createGenerator((java.io.OutputStream) new ByteBufOutputStream(body));
    }

    private static FullHttpResponse withBody(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
