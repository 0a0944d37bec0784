package io.almanac.cql.statements;

import io.almanac.cql.auth.AllowAllAuthorizer;
import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.parser.ParsedQuery;
import io.almanac.cql.parser.StatementParser;
import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.cql.query.UnpreparedException;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Executes CQL against the storage engine and the virtual tables: parses ({@link StatementParser}), prepares
 * against the current schema, caches prepared statements by Cassandra's id (MD5 of keyspace + query), binds
 * values (positional or named) and executes. Reads and schema changes run on an executor this processor owns
 * ({@link #close()} stops it); writes go through {@link StorageEngine#write}.
 *
 * <p>Permissions: every statement (simple, prepared, and each statement of a BATCH message) is checked against the
 * {@link Authorizer} for the connection's role before it executes (0x2100 when refused).
 *
 * <p>Every consistency level is accepted: on one node all of them are satisfied by the one replica.
 *
 * <p>Errors: every method returns a future; it fails with {@link CqlException} (syntax 0x2000, invalid 0x2200,
 * unauthorized 0x2100, config 0x2300, unprepared 0x2500, protocol 0x000A for a bad paging state) or with the
 * engine's InvalidRequestException family and OverloadedException, which the transport maps to their codes.
 *
 * <p>Thread safety: safe from any thread; all methods may be called concurrently from any event loop.
 */
public final class QueryProcessor implements QueryHandler, AutoCloseable {

    private static final int MAX_PREPARED_STATEMENTS = 10_000;

    private final ExecutionContext context;
    private final PreparedStatements prepared = new PreparedStatements(MAX_PREPARED_STATEMENTS);

    /**
     * A processor with {@link AllowAllAuthorizer}: every statement is allowed, GRANT/REVOKE/LIST PERMISSIONS fail.
     *
     * @param engine       the storage engine (schema, writes, reads)
     * @param systemTables the virtual keyspaces ({@code system}, {@code system_schema}, ...)
     * @param clock        the node's clock: server write timestamps (µs) and "now" for TTL (s)
     */
    public QueryProcessor(StorageEngine engine, VirtualTables systemTables, Clock clock) {
        this(engine, systemTables, new AllowAllAuthorizer(), clock);
    }

    /**
     * @param engine       the storage engine (schema, writes, reads)
     * @param systemTables the virtual keyspaces ({@code system}, {@code system_schema}, ...)
     * @param authorizer   checks every statement before it executes and keeps the grants ({@code authorizer:}
     *                     AllowAllAuthorizer or a {@link io.almanac.cql.auth.CassandraAuthorizer}, started after
     *                     this processor exists)
     * @param clock        the node's clock: server write timestamps (µs) and "now" for TTL (s)
     */
    public QueryProcessor(StorageEngine engine, VirtualTables systemTables, Authorizer authorizer, Clock clock) {
        int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        this.context = new ExecutionContext(engine, systemTables, Objects.requireNonNull(authorizer, "authorizer"),
                clock, threads);
    }

    @Override
    public CompletableFuture<ResultMessage> query(ClientState state, String query, QueryOptions options) {
        return guarded(() -> {
            String keyspace = options.keyspace() != null ? options.keyspace() : state.keyspace();
            CqlStatement statement = prepareStatement(query, keyspace);
            return statement.execute(context, state, BoundValues.inMarkerOrder(statement.bindVariables(), options));
        });
    }

    @Override
    public CompletableFuture<ResultMessage.Prepared> prepare(ClientState state, String query, String keyspace) {
        return guarded(() -> {
            String effectiveKeyspace = keyspace != null ? keyspace : state.keyspace();
            byte[] id = Digests.preparedId(effectiveKeyspace, query);
            PreparedStatements.Entry cached = prepared.get(id);
            if (cached != null && cached.statement().isValid(context.engine().schema())) {
                return CompletableFuture.completedFuture(cached.prepared());
            }
            CqlStatement statement = prepareStatement(query, effectiveKeyspace);
            ResultMetadata resultMetadata = statement.resultMetadata();
            ResultMessage.Prepared answer = new ResultMessage.Prepared(id, Digests.resultMetadataId(resultMetadata),
                    new ResultMetadata(statement.bindVariables()), statement.partitionKeyBindIndexes(),
                    resultMetadata);
            prepared.put(id, new PreparedStatements.Entry(statement, answer));
            return CompletableFuture.completedFuture(answer);
        });
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ClientState state, byte[] id, byte[] resultMetadataId,
                                                    QueryOptions options) {
        return guarded(() -> {
            CqlStatement statement = preparedStatement(id);
            return statement.execute(context, state, BoundValues.inMarkerOrder(statement.bindVariables(), options));
        });
    }

    @Override
    public CompletableFuture<ResultMessage> batch(ClientState state, BatchType type, List<BatchEntry> statements,
                                                  QueryOptions options) {
        return guarded(() -> {
            if (options.names() != null) {
                throw CqlException.invalid("Named values are not supported in BATCH");
            }
            String keyspace = options.keyspace() != null ? options.keyspace() : state.keyspace();
            List<BatchStatement.Entry> entries = new ArrayList<>(statements.size());
            for (BatchEntry entry : statements) {
                CqlStatement statement = entry.query() != null ? prepareStatement(entry.query(), keyspace)
                        : preparedStatement(entry.preparedId());
                if (statement instanceof AccessCheckedStatement checked) {
                    checked.checkAccess(context, state);
                    statement = checked.statement();
                }
                if (!(statement instanceof ModificationStatement modification)) {
                    throw CqlException.invalid("Invalid statement in batch: only UPDATE, INSERT and DELETE"
                            + " statements are allowed.");
                }
                List<byte[]> values = entry.values() == null ? List.of() : entry.values();
                BoundValues.checkCount(statement.bindVariables().size(), values.size());
                entries.add(new BatchStatement.Entry(modification, values));
            }
            BatchStatement.validate(type, entries.stream().map(BatchStatement.Entry::statement).toList(), false);
            if (BatchStatement.needsCurrentRows(entries)) {
                return ReadModifyWrites.execute(context.engine(), entries, true, null);
            }
            return BatchStatement.write(context.engine(), entries, context.defaultTimestampMicros(options),
                    context.nowSeconds(options));
        });
    }

    @Override
    public void addSchemaChangeListener(Consumer<ResultMessage.SchemaChange> listener) {
        context.addSchemaChangeListener(listener);
    }

    /** Stops the read executor after the queued reads and schema changes finish (waits up to 10 s). */
    @Override
    public void close() {
        context.close();
    }

    private CqlStatement prepareStatement(String query, String keyspace) {
        ParsedQuery parsed = StatementParser.parse(query);
        return StatementPreparer.prepare(parsed, keyspace, context.engine().schema(), context.systemTables(),
                context.functions());
    }

    /** @throws UnpreparedException for an unknown id, or one prepared against a table since dropped */
    private CqlStatement preparedStatement(byte[] id) {
        PreparedStatements.Entry entry = prepared.get(id);
        if (entry == null) {
            throw new UnpreparedException(id);
        }
        if (!entry.statement().isValid(context.engine().schema())) {
            prepared.remove(id);
            throw new UnpreparedException(id);
        }
        return entry.statement();
    }

    /** Turns anything thrown while starting the work into a failed future. */
    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
