package io.almanac.storage.commitlog;

import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One shard's commit log: a Chronicle Queue in {@code <data>/commitlog/<shard>/} holding one document per mutation
 * (the {@link io.almanac.storage.codec.MutationCodec} bytes, unchanged), rolled hourly by the node's clock, plus the
 * "flushed up to" position in {@code <data>/commitlog/<shard>-flushed-position} (the highest index whose mutation is
 * in a durable SSTable; written atomically).
 *
 * <p>Thread safety: {@link #replay} runs before the writer starts, on the opening thread. After
 * {@link #startAppending()} every append/sync/trim call comes from the shard writer thread, which owns the single
 * {@link ExcerptAppender} (Chronicle appenders are single-threaded). {@link #writeFlushedPosition} is called by the
 * flush executor (one flush at a time per shard).
 */
public final class CommitLog implements AutoCloseable {

    /** Hourly cycles: a cycle file is deleted once a flush covers all of it. */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;
    private static final String CYCLE_SUFFIX = ".cq4";

    private final Path directory;
    private final Path flushedPositionFile;
    private final DurableFiles durable;
    private final SingleChronicleQueue queue;
    private final DateTimeFormatter cycleNames;
    private ExcerptAppender appender;
    private byte[] scratch = new byte[4096];
    private long lastIndex;
    private int directorySyncedCycle = Integer.MIN_VALUE;

    /**
     * Opens (or creates) the queue of shard {@code shard} under {@code commitLogDirectory}.
     *
     * @param files the seam for the position file, cycle deletes and directories (the queue's own appends go
     *              through Chronicle's memory maps)
     * @throws UncheckedIOException if the directory cannot be created or a leftover temp file not deleted
     */
    public CommitLog(StorageFiles files, Path commitLogDirectory, int shard, Clock clock) {
        this.directory = commitLogDirectory.resolve(Integer.toString(shard));
        this.flushedPositionFile = commitLogDirectory.resolve(shard + "-flushed-position");
        this.durable = new DurableFiles(files);
        try {
            durable.createDirectories(directory);
            files.delete(DurableFiles.tempOf(flushedPositionFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create commit log directory " + directory, e);
        }
        this.queue = SingleChronicleQueueBuilder.single(directory.toFile()).rollCycle(ROLL_CYCLE)
                .timeProvider(new ClockTimeProvider(clock)).build();
        this.cycleNames = DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);
        this.lastIndex = queue.lastIndex();
    }

    /** @return the directory holding the queue's cycle files */
    public Path directory() {
        return directory;
    }

    /** @return the highest index appended or found on disk, or -1 (no entry yet) */
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * Reads every entry with an index above {@code afterIndex}, in order.
     *
     * @return the number of entries passed to {@code handler}
     */
    public long replay(long afterIndex, CommitLogEntryHandler handler) {
        long entries = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex >= 0 && !tailer.moveToIndex(afterIndex)) {
                tailer.toStart();
            }
            UnsafeBuffer view = new UnsafeBuffer(scratch);
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    long index = document.index();
                    if (document.isMetaData() || index <= afterIndex) {
                        continue;
                    }
                    Bytes<?> bytes = document.wire().bytes();
                    int length = (int) bytes.readRemaining();
                    ensureScratch(length);
                    view.wrap(scratch);
                    bytes.read(scratch, 0, length);
                    handler.onEntry(view, 0, length, index);
                    lastIndex = Math.max(lastIndex, index);
                    entries++;
                }
            }
        }
        return entries;
    }

    /** Creates the appender on the calling thread, which from now on owns it (the shard writer). */
    public void startAppending() {
        appender = queue.createAppender();
    }

    /**
     * Appends one entry to the memory-mapped queue (writer thread). Once this returns the entry survives a process
     * crash; it survives power loss after the next {@link #sync()}. When the clock has moved into a new cycle, the
     * cycle being left is synced first (a later {@link #sync()} only covers the current cycle).
     *
     * @return the entry's index
     */
    public long append(DirectBuffer buffer, int offset, int length) {
        ensureScratch(length);
        buffer.getBytes(offset, scratch, 0, length);
        if (lastIndex >= 0 && ROLL_CYCLE.toCycle(lastIndex) != queue.cycle()) {
            appender.sync();
        }
        try (DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(scratch, 0, length);
        }
        lastIndex = appender.lastIndexAppended();
        return lastIndex;
    }

    /**
     * Forces the appended entries of the current cycle to disk (msync; writer thread), and the queue directory the
     * first time for each cycle, so that a new cycle file's directory entry survives power loss too.
     *
     * @throws UncheckedIOException if the directory cannot be fsynced
     */
    public void sync() {
        if (appender != null) {
            appender.sync();
            int cycle = queue.cycle();
            if (cycle != directorySyncedCycle) {
                try {
                    durable.fsyncDirectory(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot sync commit log directory " + directory, e);
                }
                directorySyncedCycle = cycle;
            }
        }
    }

    /**
     * Deletes cycle files every entry of which is at or below {@code flushedIndex}: cycles before the one holding
     * {@code flushedIndex}, never the cycle being written (writer thread).
     *
     * @return the number of files deleted
     */
    public int deleteCyclesFlushedUpTo(long flushedIndex) {
        if (flushedIndex < 0) {
            return 0;
        }
        String firstKept = cycleName(ROLL_CYCLE.toCycle(flushedIndex));
        int deleted = 0;
        try {
            for (Path file : durable.files().list(directory)) {
                String name = file.getFileName().toString();
                if (!name.endsWith(CYCLE_SUFFIX)) {
                    continue;
                }
                String cycle = name.substring(0, name.length() - CYCLE_SUFFIX.length());
                if (cycle.length() == firstKept.length() && cycle.compareTo(firstKept) < 0) {
                    durable.files().delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot trim commit log " + directory, e);
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /** @return the file name (without suffix) Chronicle gives cycle {@code cycle} */
    String cycleName(int cycle) {
        return cycleNames.format(Instant.ofEpochMilli((long) cycle * ROLL_CYCLE.lengthInMillis()));
    }

    /** @return the highest index known to be in durable SSTables, or -1 */
    public long readFlushedPosition() {
        if (!durable.files().exists(flushedPositionFile)) {
            return -1;
        }
        try {
            return Long.parseLong(new String(durable.files().readAll(flushedPositionFile),
                    StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Unreadable commit log position " + flushedPositionFile, e);
        }
    }

    /** Records durably that every entry up to {@code index} is in durable SSTables. */
    public void writeFlushedPosition(long index) {
        durable.writeAtomically(flushedPositionFile, (index + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void ensureScratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
    }

    /** Closes the appender (call on the writer thread when it stops). */
    public void closeAppender() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
