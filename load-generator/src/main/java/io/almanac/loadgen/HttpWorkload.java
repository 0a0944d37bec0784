package io.almanac.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The write phase over HTTP: the {@link WriteSchedule}'s rows as InfluxDB v2 line protocol
 * ({@link LineProtocolEncoder}), {@code linesPerRequest} lines per request, with {@link java.net.http.HttpClient}
 * (HTTP/1.1, one connection per request in flight).
 *
 * <pre>
 *   POST /api/v2/write?bucket=&lt;keyspace&gt;&amp;precision=ms     Content-Type: text/plain; charset=utf-8
 *                                                      [Content-Encoding: gzip]
 *   204            written: the request's points count as rows
 *   503            back-pressure: counted as a retry "HTTP 503", sent again after Retry-After seconds (1 when absent
 *                  or not a number of seconds), at most {@value #MAX_ATTEMPTS} attempts in all
 *   other status   a failure counted as "HTTP &lt;status&gt;", with the start of the response body
 * </pre>
 *
 * A request's latency spans all its attempts (from the send, or the intended send at a fixed rate, to the 204).
 *
 * <p>Thread safety: the client is thread-safe; the request iterator is consumed by one thread.
 */
public final class HttpWorkload implements AutoCloseable {

    /** Attempts of one request (the first and its retries after 503) before it counts as failed. */
    public static final int MAX_ATTEMPTS = 100;
    /** The wait before a retry when a 503 carries no usable Retry-After, milliseconds. */
    public static final long DEFAULT_RETRY_AFTER_MILLIS = 1_000;
    private static final int MAX_ERROR_BODY_CHARS = 200;

    private final WorkloadConfig config;
    private final HttpClient client;
    private final URI writeUri;

    private HttpWorkload(WorkloadConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
        this.writeUri = writeUri(config);
    }

    /** @return a workload writing to {@code http://host:httpPort}; nothing is sent until the phase runs */
    public static HttpWorkload create(WorkloadConfig config) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.requestTimeoutMillis())).build();
        return new HttpWorkload(config, client);
    }

    /** @return {@code http://host:port/api/v2/write?bucket=<keyspace>&precision=ms} (IPv6 hosts bracketed) */
    public static URI writeUri(WorkloadConfig config) {
        String host = config.host().contains(":") && !config.host().startsWith("[")
                ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + config.ingest().httpPort() + "/api/v2/write?bucket="
                + config.keyspace() + "&precision=ms");
    }

    /** @return the write phase's requests, each carrying up to {@code linesPerRequest} points */
    public Iterator<PhaseRunner.Request> writeRequests() {
        WriteSchedule schedule = new WriteSchedule(config);
        int linesPerRequest = config.ingest().linesPerRequest();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return schedule.hasNext();
            }

            @Override
            public PhaseRunner.Request next() {
                List<SensorRow> rows = new ArrayList<>(linesPerRequest);
                while (rows.size() < linesPerRequest && schedule.hasNext()) {
                    rows.addAll(schedule.next(linesPerRequest - rows.size()));
                }
                byte[] body = LineProtocolEncoder.body(config.table(), rows);
                byte[] sent = config.ingest().gzip() ? gzip(body) : body;
                long points = rows.size();
                return PhaseRunner.Request.of(points, recorder -> send(sent, points, recorder, 1));
            }
        };
    }

    private CompletableFuture<Long> send(byte[] body, long points, PhaseRecorder recorder, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri)
                .timeout(Duration.ofMillis(config.requestTimeoutMillis()))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.ingest().gzip()) {
            request.header("Content-Encoding", "gzip");
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            int status = response.statusCode();
            if (status == 204) {
                return CompletableFuture.completedFuture(points);
            }
            if (status == 503 && attempt < MAX_ATTEMPTS) {
                recorder.recordRetry("HTTP 503");
                long waitMillis = retryAfterMillis(response.headers().firstValue("Retry-After"));
                return CompletableFuture.supplyAsync(() -> attempt + 1,
                                CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS))
                        .thenCompose(next -> send(body, points, recorder, next));
            }
            throw new RequestFailedException("HTTP " + status, abbreviate(response.body()));
        });
    }

    /**
     * @param retryAfter the Retry-After header of a 503, if any
     * @return its delay in milliseconds when it is a whole number of seconds (RFC 9110 §10.2.3, delay-seconds),
     *         else {@link #DEFAULT_RETRY_AFTER_MILLIS}; an HTTP-date is not honoured
     */
    public static long retryAfterMillis(Optional<String> retryAfter) {
        if (retryAfter.isEmpty()) {
            return DEFAULT_RETRY_AFTER_MILLIS;
        }
        String text = retryAfter.get().trim();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return DEFAULT_RETRY_AFTER_MILLIS;
        }
        return Long.parseLong(text) * 1_000L;
    }

    /**
     * @return {@code body} gzip-compressed (RFC 1952) at {@link Deflater#BEST_SPEED}: level 6 (the JDK default) costs
     *         the generator two to four times the CPU for slightly smaller line-protocol bodies
     */
    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8_192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return compressed.toByteArray();
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    /** Releases the client's connections (JDK 21+ closes the client; on 17 they time out as idle). */
    @Override
    public void close() {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the HTTP client failed", e);
            }
        }
    }
}
