package io.almanac.cql.statements;

import io.almanac.cql.auth.Authorizer;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.time.Clock;
import io.almanac.storage.write.OverloadedException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What executing statements needs: the storage engine, the virtual tables, the authorizer, "now", server timestamps,
 * the executor that runs disk reads and schema changes off the caller's (event loop) thread, and the schema change
 * listeners.
 *
 * <p>The executor has a fixed number of threads and a bounded queue; when the queue is full a read fails with
 * {@link OverloadedException} (answered 0x1001) rather than queueing without bound.
 *
 * <p>Thread safety: safe from any thread.
 */
final class ExecutionContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionContext.class);
    private static final int QUEUED_TASKS_PER_THREAD = 1024;

    private final StorageEngine engine;
    private final VirtualTables systemTables;
    private final Authorizer authorizer;
    private final Clock clock;
    private final TimestampSource timestamps;
    private final NativeFunctions functions;
    private final ThreadPoolExecutor executor;
    private final List<Consumer<ResultMessage.SchemaChange>> schemaListeners = new CopyOnWriteArrayList<>();

    ExecutionContext(StorageEngine engine, VirtualTables systemTables, Authorizer authorizer, Clock clock,
                     int threads) {
        this.engine = engine;
        this.systemTables = systemTables;
        this.authorizer = authorizer;
        this.clock = clock;
        this.timestamps = new TimestampSource(clock);
        this.functions = new NativeFunctions(clock);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(threads * QUEUED_TASKS_PER_THREAD), new DaemonThreads("almanac-cql-read-"));
    }

    StorageEngine engine() {
        return engine;
    }

    VirtualTables systemTables() {
        return systemTables;
    }

    /** @return the node's authorizer (grants, permission checks) */
    Authorizer authorizer() {
        return authorizer;
    }

    /** @return the native functions' context: now(), currentTimestamp() and the others read this context's clock */
    NativeFunctions functions() {
        return functions;
    }

    /** @return "now" in seconds since the epoch: the v5 NOW_IN_SECONDS if the client sent one, else the clock */
    long nowSeconds(QueryOptions options) {
        return options.nowInSeconds() != Integer.MIN_VALUE ? options.nowInSeconds() : clock.nowSeconds();
    }

    /** @return the client's DEFAULT_TIMESTAMP if it sent one, else a strictly increasing server timestamp (µs) */
    long defaultTimestampMicros(QueryOptions options) {
        return options.defaultTimestampMicros() != Long.MIN_VALUE ? options.defaultTimestampMicros()
                : timestamps.nextMicros();
    }

    /**
     * Runs {@code task} on the read executor.
     *
     * @return its result; fails with OverloadedException when the executor's queue is full
     */
    <T> CompletableFuture<T> submit(Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OverloadedException(
                    "Too many pending reads and schema changes on this node (" + executor.getQueue().size() + ")"));
        }
    }

    /**
     * Runs a schema change on the executor (it persists the schema) and, when it changed something, tells the
     * listeners.
     *
     * @param change applies the change; returns false when IF [NOT] EXISTS made it a no-op
     * @param event  the event describing the change
     * @return the event, or Void when nothing changed
     */
    CompletableFuture<ResultMessage> changeSchema(BooleanSupplier change, ResultMessage.SchemaChange event) {
        return submit(() -> {
            if (!change.getAsBoolean()) {
                return ResultMessage.Void.INSTANCE;
            }
            announce(event);
            return event;
        });
    }

    void addSchemaChangeListener(Consumer<ResultMessage.SchemaChange> listener) {
        schemaListeners.add(listener);
    }

    /** Tells every listener about a schema change; a failing listener does not stop the others. */
    void announce(ResultMessage.SchemaChange change) {
        for (Consumer<ResultMessage.SchemaChange> listener : schemaListeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("schema change listener failed on {}", change, e);
            }
        }
    }

    /** Stops the executor, letting queued tasks finish for up to 10 seconds. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Names the executor's threads and makes them daemons, so a forgotten close does not keep the JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
