package io.almanac.cql.statements;

import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * TEST FIXTURE: the real storage engine ({@link ShardedStorageEngine}) on a temporary directory with small sizes,
 * a {@link ManualClock}, and a {@link QueryProcessor} over it. Futures are awaited with a bounded deadline (a hung
 * future fails the test instead of blocking the build); time only moves through the clock.
 */
final class EngineFixture implements AutoCloseable {

    /** 2023-11-14T22:13:20Z in microseconds. */
    static final long START_MICROS = 1_700_000_000_000_000L;
    private static final long AWAIT_SECONDS = 60;

    final ManualClock clock = new ManualClock(START_MICROS);
    final ShardedStorageEngine engine;
    final QueryProcessor processor;
    final ClientState state = new ClientState();
    final List<ResultMessage.SchemaChange> events = new CopyOnWriteArrayList<>();

    /** @return a fixture with keyspace {@code ks} (SimpleStrategy, RF 1) created and in use */
    static EngineFixture withKeyspace(Path directory) {
        EngineFixture fixture = new EngineFixture(directory);
        fixture.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        fixture.execute("USE ks");
        return fixture;
    }

    EngineFixture(Path directory) {
        this(directory, new TestVirtualTables(10));
    }

    EngineFixture(Path directory, VirtualTables virtualTables) {
        this(directory, virtualTables, null);
    }

    /** @param authorizers makes the processor's authorizer for the engine; null for AllowAllAuthorizer */
    EngineFixture(Path directory, VirtualTables virtualTables,
                  java.util.function.Function<ShardedStorageEngine, Authorizer> authorizers) {
        StorageConfig config = new StorageConfig(directory, 2, 1 << 20, 1L << 22, CommitLogSync.PERIODIC, 1000, 0);
        this.engine = ShardedStorageEngine.open(config, clock, NoCompactionStrategies.all());
        this.processor = authorizers == null ? new QueryProcessor(engine, virtualTables, clock)
                : new QueryProcessor(engine, virtualTables, authorizers.apply(engine), clock);
        processor.addSchemaChangeListener(events::add);
    }

    /** Runs a query without values and waits for it. */
    ResultMessage execute(String query) {
        return await(processor.query(state, query, QueryOptions.defaults(4)));
    }

    /** Runs a query with positional values and waits for it. */
    ResultMessage execute(String query, byte[]... values) {
        return await(processor.query(state, query, options(Arrays.asList(values), null, -1, null)));
    }

    ResultMessage.Rows rows(String query, byte[]... values) {
        return (ResultMessage.Rows) execute(query, values);
    }

    ResultMessage.Prepared prepare(String query) {
        return await(processor.prepare(state, query, null));
    }

    ResultMessage executePrepared(ResultMessage.Prepared prepared, QueryOptions options) {
        return await(processor.execute(state, prepared.id(), prepared.resultMetadataId(), options));
    }

    ResultMessage batch(BatchType type, List<BatchEntry> entries) {
        return await(processor.batch(state, type, entries, QueryOptions.defaults(4)));
    }

    static QueryOptions options(List<byte[]> values, List<String> names, int pageSize, byte[] pagingState) {
        return new QueryOptions(1, values, names, false, pageSize, pagingState, -1, Long.MIN_VALUE, null,
                Integer.MIN_VALUE, 4);
    }

    static QueryOptions withTimestamp(long defaultTimestampMicros) {
        return new QueryOptions(1, List.of(), null, false, -1, null, -1, defaultTimestampMicros, null,
                Integer.MIN_VALUE, 4);
    }

    /**
     * Waits for a future with a bounded deadline.
     *
     * @throws RuntimeException the future's failure, unwrapped (so tests can assert on CqlException codes)
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + AWAIT_SECONDS + " s", e);
        }
    }

    void flush() {
        await(engine.flush());
    }

    @Override
    public void close() {
        processor.close();
        engine.close();
    }
}
