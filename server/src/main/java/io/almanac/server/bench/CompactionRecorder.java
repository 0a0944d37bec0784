package io.almanac.server.bench;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.schema.TableMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Watches the background compactions of one table from outside the engine, which counts the bytes compactions write
 * ({@code StorageEngine.compactionBytesWritten}) but neither the bytes they read, nor their duration, nor the bytes
 * flushes write. A {@link #wrap wrapped} strategy provider hands out exactly the tasks of the real strategy and
 * records each task's inputs (generation and size) and the {@code System.nanoTime} when it was handed out. A task
 * ends at whichever comes first: the strategy being asked again (the compaction thread does that right after a
 * merge, or at the start of the next round), or {@link #poll} seeing the engine's completed-compaction count pass
 * the count at hand-out.
 *
 * <p>Every SSTable the engine ever made is either still live, dropped by the TTL sweeper, an input of a background
 * compaction (seen here) or of a major compaction (listed by the caller), so the bytes flushes wrote are the bytes
 * of all those SSTables minus the bytes compactions wrote.
 *
 * <p>Thread safety: the wrapped strategy runs on the engine's compaction thread, {@link #poll} and the getters on the
 * caller's; all state is guarded by this.
 */
final class CompactionRecorder {

    private final String keyspace;
    private final String table;
    private LongSupplier completedCompactions = () -> 0;
    private final Map<Long, Long> inputSizeBytesByGeneration = new HashMap<>();
    private long tasks;
    private long bytesRead;
    private long nanos;
    private long openStartNanos = -1;
    private long openCompletedAtStart;

    CompactionRecorder(String keyspace, String table) {
        this.keyspace = keyspace;
        this.table = table;
    }

    /** @param counter the engine's completed compactions, read by {@link #poll} and at each hand-out */
    synchronized void completedCompactions(LongSupplier counter) {
        this.completedCompactions = counter;
    }

    /** @return {@code provider} handing out the same tasks, recorded here for the one table watched */
    CompactionStrategyProvider wrap(CompactionStrategyProvider provider) {
        return new CompactionStrategyProvider() {
            @Override
            public String className() {
                return provider.className();
            }

            @Override
            public void validateOptions(Map<String, String> options) {
                provider.validateOptions(options);
            }

            @Override
            public CompactionStrategy create(TableMetadata metadata) {
                CompactionStrategy strategy = provider.create(metadata);
                boolean watched = metadata.keyspace().equals(keyspace) && metadata.name().equals(table);
                return watched ? new RecordingStrategy(strategy) : strategy;
            }
        };
    }

    /** Ends the running task if the engine has completed a compaction since it was handed out. */
    synchronized void poll() {
        if (openStartNanos >= 0 && completedCompactions.getAsLong() > openCompletedAtStart) {
            closeOpenTask(System.nanoTime());
        }
    }

    private synchronized void onAsked(long nowNanos) {
        if (openStartNanos >= 0) {
            closeOpenTask(nowNanos);
        }
    }

    private synchronized void onTask(CompactionTask task, long nowNanos) {
        tasks++;
        for (SSTableInfo input : task.inputs()) {
            inputSizeBytesByGeneration.put(input.generation(), input.sizeBytes());
            bytesRead += input.sizeBytes();
        }
        openStartNanos = nowNanos;
        openCompletedAtStart = completedCompactions.getAsLong();
    }

    private void closeOpenTask(long nowNanos) {
        nanos += nowNanos - openStartNanos;
        openStartNanos = -1;
    }

    /** @return background compaction tasks handed out */
    synchronized long tasks() {
        return tasks;
    }

    /** @return bytes of all components of the tasks' inputs */
    synchronized long bytesRead() {
        return bytesRead;
    }

    /** @return the summed duration of the finished tasks, nanoseconds */
    synchronized long nanos() {
        return nanos;
    }

    /** @return size in bytes of every SSTable that was an input of a background compaction, by generation */
    synchronized Map<Long, Long> inputSizes() {
        return Map.copyOf(inputSizeBytesByGeneration);
    }

    /** The real strategy, with its hand-outs recorded. */
    private final class RecordingStrategy implements CompactionStrategy {
        private final CompactionStrategy delegate;

        RecordingStrategy(CompactionStrategy delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<CompactionTask> nextBackgroundTask(List<SSTableInfo> liveSSTables, long nowSeconds) {
            onAsked(System.nanoTime());
            Optional<CompactionTask> task = delegate.nextBackgroundTask(liveSSTables, nowSeconds);
            task.ifPresent(t -> onTask(t, System.nanoTime()));
            return task;
        }

        @Override
        public Optional<OutputSplitter> outputSplitter() {
            return delegate.outputSplitter();
        }
    }
}
