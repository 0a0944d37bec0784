package io.almanac.ingest.http;

import java.util.Objects;

/**
 * The HTTP ingest server's configuration. The server module fills it from {@code http_port},
 * {@code http_max_body_size_mb}, {@code http_max_lines_per_request} and {@code ingest.auto_create_tables}.
 *
 * @param host               the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port               the TCP port; 0 picks a free ephemeral port (tests), see
 *                           {@link HttpIngestServer#boundPort()}
 * @param maxBodyBytes       the largest request body accepted, bytes; for a gzip body both the compressed and the
 *                           decompressed size count against it; larger bodies are answered 413
 * @param maxLinesPerRequest the most line-protocol points (non-blank, non-comment lines) one InfluxDB write request
 *                           may hold; more are answered 413 and nothing is written
 * @param autoCreateTables   whether an InfluxDB write creates a measurement's missing table from its first line (tags
 *                           as the text partition key, {@code time timestamp} clustering DESC, fields typed from the
 *                           line, TWCS in 1-day windows); the bucket (keyspace) must exist either way
 */
public record HttpIngestConfig(String host, int port, int maxBodyBytes, int maxLinesPerRequest,
                               boolean autoCreateTables) {

    /** Default {@link #maxLinesPerRequest()}: 100,000 points. */
    public static final int DEFAULT_MAX_LINES_PER_REQUEST = 100_000;

    /**
     * @throws IllegalArgumentException naming the key, the value and the rule when a value is invalid
     */
    public HttpIngestConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1 byte, got " + maxBodyBytes);
        }
        if (maxLinesPerRequest < 1) {
            throw new IllegalArgumentException("maxLinesPerRequest must be at least 1 line, got "
                    + maxLinesPerRequest);
        }
    }

    /**
     * A configuration with {@link #DEFAULT_MAX_LINES_PER_REQUEST} and without auto-created tables.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule when a value is invalid
     */
    public HttpIngestConfig(String host, int port, int maxBodyBytes) {
        this(host, port, maxBodyBytes, DEFAULT_MAX_LINES_PER_REQUEST, false);
    }
}
