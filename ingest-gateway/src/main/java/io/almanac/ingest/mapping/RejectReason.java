package io.almanac.ingest.mapping;

/**
 * Why the gateway refused a payload (an HTTP request body or an MQTT PUBLISH), or a part of one. An expected outcome,
 * so a value: it travels in {@link RowError}, answers HTTP requests and keys the per-reason counters and the
 * rate-limited rejection log.
 *
 * <p>Thread safety: immutable constants.
 */
public enum RejectReason {
    /** The payload is not well-formed JSON (also: empty, a duplicate key in an object, data after the value). */
    MALFORMED_JSON("malformed_json"),
    /** A line-protocol body has a line that does not parse (InfluxDB write endpoint). */
    MALFORMED_LINE_PROTOCOL("malformed_line_protocol"),
    /** The payload, or an element of the top-level array, is not a JSON object. */
    NOT_AN_OBJECT("not_an_object"),
    /** A row names a column the table does not have. */
    UNKNOWN_COLUMN("unknown_column"),
    /** A row lacks a partition key or clustering column. */
    MISSING_PRIMARY_KEY("missing_primary_key"),
    /** A value does not convert to its column's CQL type (or is null / empty / too long for a key column). */
    INVALID_VALUE("invalid_value"),
    /** A per-request TTL is not an integer in [0, 630720000] seconds. */
    INVALID_TTL("invalid_ttl"),
    /** The keyspace or the table does not exist. */
    UNKNOWN_TABLE("unknown_table"),
    /** An MQTT topic matches no configured topic mapping and is not {@code almanac/{keyspace}/{table}}. */
    BAD_TOPIC("bad_topic"),
    /** An MQTT packet could not be decoded or broke the protocol; that connection was closed. */
    MALFORMED_PACKET("malformed_packet"),
    /** An HTTP request is not understood (unknown query parameter, malformed request line or headers). */
    BAD_REQUEST("bad_request"),
    /** An HTTP body (decompressed, for gzip) is larger than the configured maximum, or has too many lines. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** An HTTP body's Content-Type or Content-Encoding is not one the endpoint takes. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** The storage engine refused a mutation as invalid for its table (e.g. the table changed meanwhile). */
    WRITE_REJECTED("write_rejected"),
    /** The storage engine failed to write (e.g. the commit log failed); nothing was acknowledged. */
    WRITE_FAILED("write_failed"),
    /** An MQTT 5 PUBLISH waited longer than allowed for the back-pressured write path; nothing of it was written. */
    QUOTA_EXCEEDED("quota_exceeded"),
    /**
     * Credentials were missing or refused where the node requires authentication: an MQTT CONNECT refused (CONNACK
     * 0x04/0x05, 5.0: 0x86/0x87) or an HTTP request answered 401.
     */
    BAD_CREDENTIALS("bad_credentials"),
    /** An authenticated role may not write to the table (Cassandra's MODIFY): MQTT 5 PUBACK 0x87, HTTP 403. */
    NOT_AUTHORIZED("not_authorized");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** @return the snake_case name used in JSON error bodies, metrics and log lines */
    public String code() {
        return code;
    }
}
