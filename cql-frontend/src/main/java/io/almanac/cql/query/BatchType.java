package io.almanac.cql.query;

/** The BATCH type byte, native_protocol_v4.spec §4.1.7. */
public enum BatchType {
    LOGGED, UNLOGGED, COUNTER
}
