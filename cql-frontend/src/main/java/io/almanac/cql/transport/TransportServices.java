package io.almanac.cql.transport;

import io.almanac.cql.auth.Authenticator;
import io.almanac.cql.query.QueryHandler;

/**
 * What every connection of one server shares: the query handler, the event broadcaster, the LZ4 codec, the error
 * log, and the limits from {@link CqlServerConfig}.
 *
 * <p>Thread safety: immutable; every component is thread-safe.
 *
 * @param queryHandler                     executes QUERY, PREPARE, EXECUTE and BATCH
 * @param schemaChanges                    delivers SCHEMA_CHANGE events to registered connections
 * @param lz4                              the LZ4 codec for connections that negotiate {@code lz4}
 * @param errorLog                         logs unexpected errors once per distinct error
 * @param maxFrameBytes                    the largest envelope body, in bytes (also after decompression)
 * @param maxInFlightRequestsPerConnection requests executing at once before a connection stops being read
 * @param authenticator                    decides between READY and AUTHENTICATE after STARTUP
 */
record TransportServices(QueryHandler queryHandler, SchemaChangeBroadcaster schemaChanges, Lz4Codec lz4,
                         DistinctErrorLog errorLog, int maxFrameBytes, int maxInFlightRequestsPerConnection,
                         Authenticator authenticator) {
}
