package io.almanac.cql.query;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Executes CQL for the native-protocol transport: the seam between the wire (framing, codecs, connection state) and
 * the language (parsing, preparing, executing against the storage engine and the system tables).
 *
 * <p>Errors: futures fail with {@link CqlException} (and its subclasses) or with the storage engine's
 * {@code InvalidRequestException} family and {@code OverloadedException}; the transport maps each to its error code.
 *
 * <p>Thread safety: all methods may be called concurrently from any event loop.
 */
public interface QueryHandler {

    /** QUERY (opcode 0x07): parse and execute {@code query}. */
    CompletableFuture<ResultMessage> query(ClientState state, String query, QueryOptions options);

    /**
     * PREPARE (opcode 0x09).
     *
     * @param keyspace the v5 PREPARE keyspace, or null to use the connection's
     */
    CompletableFuture<ResultMessage.Prepared> prepare(ClientState state, String query, String keyspace);

    /**
     * EXECUTE (opcode 0x0A).
     *
     * @param resultMetadataId the v5 result metadata id the client holds, or null (v4)
     * @throws UnpreparedException (in the future) for an unknown id
     */
    CompletableFuture<ResultMessage> execute(ClientState state, byte[] id, byte[] resultMetadataId,
                                             QueryOptions options);

    /** BATCH (opcode 0x0D): every statement must be an INSERT, UPDATE or DELETE. */
    CompletableFuture<ResultMessage> batch(ClientState state, BatchType type, List<BatchEntry> statements,
                                           QueryOptions options);

    /**
     * Registers a listener for schema changes made by any connection; the transport turns them into SCHEMA_CHANGE
     * events for connections that REGISTERed for them.
     */
    void addSchemaChangeListener(Consumer<ResultMessage.SchemaChange> listener);
}
