/**
 * The file-system seam of the storage engine.
 *
 * <p>Every file operation of the engine — SSTable components, TOC files, the schema, the commit log's flushed
 * position, commit-log cycle deletes, obsolete-SSTable logs, directory creation and fsync — goes through one
 * {@link io.almanac.storage.io.StorageFiles}, passed in {@code StorageConfig.files()} (default
 * {@link io.almanac.storage.io.RealStorageFiles}, on {@code java.nio}). The only exception is the Chronicle Queue
 * commit log's appends and msyncs, which go through its own memory maps; its directory is fsynced through the seam
 * once per cycle file.
 *
 * <p>{@link io.almanac.storage.io.DurableFiles} builds the durable steps on the seam: write {@code <file>.tmp},
 * fsync it, rename it over {@code <file>}, fsync the directory; create directories fsyncing each new one's parent.
 * A {@code *.tmp} file is garbage after a crash and is deleted at the next start.
 *
 * <p>Tests wrap the real implementation in {@code FaultInjectingStorageFiles} (src/test): it fails the n-th
 * operation of a kind, or simulates power loss — files cut back to their forced length (or their unsynced tail
 * overwritten with garbage), un-fsynced directory changes undone — and the crash tests reopen the engine after each
 * such fault at every step of flush, compaction, TRUNCATE, DROP, schema changes and replay.
 */
package io.almanac.storage.io;
