package io.almanac.storage.engine;

import io.almanac.storage.io.RealStorageFiles;
import io.almanac.storage.io.StorageFiles;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The storage engine's configuration (keys after cassandra.yaml where one exists).
 *
 * @param dataDirectory            root of all node files: {@code commitlog/}, {@code data/}, {@code schema/}
 * @param shards                   write shards (ring buffer + writer thread + commit log each); default = cores
 * @param ringBufferBytes          capacity of each shard's ring buffer, bytes; a power of two
 * @param memtableFlushThresholdBytes a shard's memtable is flushed when its estimated size passes this, bytes
 * @param commitLogSync            {@code commitlog_sync}
 * @param commitLogSyncPeriodMillis {@code commitlog_sync_period} (periodic) or group window, milliseconds
 * @param compactionThroughputMebibytesPerSecond {@code compaction_throughput}, MiB/s; 0 = unthrottled
 * @param files                    the file-system seam every engine file operation goes through (default
 *                                 {@link RealStorageFiles}; tests inject faults through it)
 */
public record StorageConfig(Path dataDirectory, int shards, int ringBufferBytes, long memtableFlushThresholdBytes,
                            CommitLogSync commitLogSync, long commitLogSyncPeriodMillis,
                            int compactionThroughputMebibytesPerSecond, StorageFiles files) {

    public StorageConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(commitLogSync, "commitLogSync");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
            throw new IllegalArgumentException("ring buffer size must be a power of two >= 4096 bytes, got "
                    + ringBufferBytes);
        }
        if (memtableFlushThresholdBytes < 1024) {
            throw new IllegalArgumentException("memtable flush threshold must be at least 1024 bytes, got "
                    + memtableFlushThresholdBytes);
        }
        if (commitLogSyncPeriodMillis < 1) {
            throw new IllegalArgumentException("commit log sync period must be at least 1 ms, got "
                    + commitLogSyncPeriodMillis);
        }
        if (compactionThroughputMebibytesPerSecond < 0) {
            throw new IllegalArgumentException("compaction throughput must be >= 0 MiB/s, got "
                    + compactionThroughputMebibytesPerSecond);
        }
    }

    /** A configuration on the real file system ({@link RealStorageFiles}). */
    public StorageConfig(Path dataDirectory, int shards, int ringBufferBytes, long memtableFlushThresholdBytes,
                         CommitLogSync commitLogSync, long commitLogSyncPeriodMillis,
                         int compactionThroughputMebibytesPerSecond) {
        this(dataDirectory, shards, ringBufferBytes, memtableFlushThresholdBytes, commitLogSync,
                commitLogSyncPeriodMillis, compactionThroughputMebibytesPerSecond, RealStorageFiles.instance());
    }

    /** @return this configuration with every file operation going through {@code seam} */
    public StorageConfig withFiles(StorageFiles seam) {
        return new StorageConfig(dataDirectory, shards, ringBufferBytes, memtableFlushThresholdBytes, commitLogSync,
                commitLogSyncPeriodMillis, compactionThroughputMebibytesPerSecond, seam);
    }

    /** @return defaults for a node whose files live under {@code dataDirectory} */
    public static StorageConfig defaults(Path dataDirectory) {
        return new StorageConfig(dataDirectory, Math.max(1, Runtime.getRuntime().availableProcessors()),
                1 << 22, 64L << 20, CommitLogSync.PERIODIC, 10_000, 64);
    }
}
