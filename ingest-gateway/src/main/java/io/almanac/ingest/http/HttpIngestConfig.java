package io.almanac.ingest.http;

import java.util.Objects;

/**
 * The HTTP ingest server's configuration. The server module fills it from {@code http_port} and
 * {@code http_max_body_size_mb}.
 *
 * @param host         the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port         the TCP port; 0 picks a free ephemeral port (tests), see {@link HttpIngestServer#boundPort()}
 * @param maxBodyBytes the largest request body accepted, bytes; larger bodies are answered 413
 */
public record HttpIngestConfig(String host, int port, int maxBodyBytes) {

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
    }
}
