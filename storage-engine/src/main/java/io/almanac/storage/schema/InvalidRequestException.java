package io.almanac.storage.schema;

/**
 * A request that is well-formed but not valid against the schema or the data model: an unknown table, a value of
 * the wrong type, a TTL out of range. The CQL frontend answers it with error code 0x2200 (Invalid); HTTP and MQTT
 * ingest answer it as a 4xx / a reason code.
 */
public class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
