package io.almanac.cql.transport;

import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * TEST FIXTURE, not a query processor: a {@link QueryHandler} whose QUERY futures stay pending until the test
 * completes them, to observe asynchronous completion, response ordering and back-pressure in the transport. A query
 * text of {@code THROW} makes {@code query} throw instead of returning a future.
 */
final class PendingQueryFixture implements QueryHandler {

    /** A received QUERY and the future the transport waits on. */
    record Pending(String query, QueryOptions options, CompletableFuture<ResultMessage> future) {
    }

    final List<Pending> pending = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ResultMessage> query(ClientState state, String query, QueryOptions options) {
        if (query.equals("THROW")) {
            throw new IllegalStateException("query handler bug");
        }
        CompletableFuture<ResultMessage> future = new CompletableFuture<>();
        pending.add(new Pending(query, options, future));
        return future;
    }

    @Override
    public CompletableFuture<ResultMessage.Prepared> prepare(ClientState state, String query, String keyspace) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ClientState state, byte[] id, byte[] resultMetadataId,
                                                    QueryOptions options) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<ResultMessage> batch(ClientState state, BatchType type, List<BatchEntry> statements,
                                                  QueryOptions options) {
        return new CompletableFuture<>();
    }

    @Override
    public void addSchemaChangeListener(Consumer<ResultMessage.SchemaChange> listener) {
    }
}
