package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.OutputSplitter;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.sstable.SSTableDescriptor;
import io.almanac.storage.sstable.SSTableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One table's storage state: its layout, data directory, the live SSTable set and which of them a compaction is
 * using.
 *
 * <p>Thread safety: the live set is an immutable list swapped atomically (compare-and-set), so a reader sees a whole
 * set. Invariants: every SSTable in the live set holds one reference for the set; an SSTable leaves the set before
 * it is marked obsolete; files go when the last reader releases.
 */
final class TableStore {

    private volatile TableLayout layout;
    private final Path directory;
    private final StorageFiles files;
    private final AtomicLong nextGeneration;
    private final AtomicReference<List<SSTableReader>> live = new AtomicReference<>(List.of());
    private final Set<SSTableReader> compacting = ConcurrentHashMap.newKeySet();
    private volatile boolean dropped;
    private CompactionStrategy strategy;
    private volatile Optional<OutputSplitter> outputSplitter;

    TableStore(TableLayout layout, Path directory, StorageFiles files, List<SSTableReader> existing,
               long nextGeneration) {
        this.layout = layout;
        this.directory = directory;
        this.files = files;
        this.live.set(List.copyOf(existing));
        this.nextGeneration = new AtomicLong(nextGeneration);
    }

    TableLayout layout() {
        return layout;
    }

    /**
     * Installs the layout of an altered table: new writes decode into it, reads and compactions move older rows
     * into it by column name. Drops the cached output splitter when the compaction options changed; the caller
     * then drops the cached strategy on the compaction thread.
     *
     * @return whether the compaction options changed
     */
    boolean alter(TableLayout altered) {
        boolean compactionChanged = !altered.table().params().compaction()
                .equals(layout.table().params().compaction());
        layout = altered;
        if (compactionChanged) {
            outputSplitter = null;
        }
        return compactionChanged;
    }

    Path directory() {
        return directory;
    }

    /** @return the file-system seam of this table's files */
    StorageFiles files() {
        return files;
    }

    boolean isDropped() {
        return dropped;
    }

    /** @return a descriptor for a new generation */
    SSTableDescriptor nextDescriptor() {
        return new SSTableDescriptor(directory, nextGeneration.getAndIncrement());
    }

    /** @return the live set (no references taken; for metadata only) */
    List<SSTableReader> live() {
        return live.get();
    }

    /** @return the live set with a reference taken on each; give them back with {@link #releaseAll} */
    List<SSTableReader> acquireLive() {
        while (true) {
            List<SSTableReader> snapshot = live.get();
            List<SSTableReader> taken = new ArrayList<>(snapshot.size());
            for (SSTableReader reader : snapshot) {
                if (!reader.tryReference()) {
                    break;
                }
                taken.add(reader);
            }
            if (taken.size() == snapshot.size()) {
                return taken;
            }
            releaseAll(taken);
        }
    }

    static void releaseAll(Collection<SSTableReader> readers) {
        for (SSTableReader reader : readers) {
            reader.release();
        }
    }

    /** Adds a new SSTable to the live set; a dropped table deletes it instead. */
    void add(SSTableReader reader) {
        replace(List.of(), List.of(reader));
    }

    /**
     * Atomically removes {@code removed} from the live set and adds {@code added}; the removed ones are marked
     * obsolete. When the table was dropped meanwhile, or some of {@code removed} are no longer live (truncated),
     * {@code added} are deleted instead.
     *
     * @return false when {@code added} were discarded
     */
    boolean replace(Collection<SSTableReader> removed, List<SSTableReader> added) {
        Set<SSTableReader> gone = new HashSet<>(removed);
        synchronized (this) {
            if (dropped || !live.get().containsAll(gone)) {
                // dropped table, or inputs removed meanwhile by a truncation: the output holds removed data
                added.forEach(SSTableReader::markObsolete);
                return false;
            }
            List<SSTableReader> next = new ArrayList<>();
            for (SSTableReader reader : live.get()) {
                if (!gone.contains(reader)) {
                    next.add(reader);
                }
            }
            next.addAll(added);
            live.set(List.copyOf(next));
        }
        removed.forEach(SSTableReader::markObsolete);
        return true;
    }

    /** Removes the SSTables of these generations that are live and not compacting; @return those removed */
    List<SSTableReader> drop(Collection<Long> generations) {
        List<SSTableReader> removed = new ArrayList<>();
        synchronized (this) {
            for (SSTableReader reader : live.get()) {
                if (generations.contains(reader.info().generation()) && !compacting.contains(reader)) {
                    removed.add(reader);
                }
            }
            replace(removed, List.of());
        }
        return removed;
    }

    /** Marks the table dropped and every live SSTable obsolete. */
    void dropAll() {
        List<SSTableReader> all;
        synchronized (this) {
            dropped = true;
            all = live.getAndSet(List.of());
        }
        all.forEach(SSTableReader::markObsolete);
    }

    /**
     * Removes every live SSTable (TRUNCATE); each is deleted once no reader holds it. A compaction running on some
     * of them finishes without installing its output.
     *
     * @return the SSTables removed
     */
    List<SSTableReader> truncate() {
        List<SSTableReader> all;
        synchronized (this) {
            all = live.get();
            if (!all.isEmpty()) {
                recordObsolete(all);
            }
            live.set(List.of());
        }
        all.forEach(SSTableReader::markObsolete);
        return all;
    }

    /**
     * Durably records that {@code readers} are obsolete ({@link ObsoleteSSTablesLog}) before any of them is deleted,
     * so that a crash midway through their deletion cannot leave some of them behind.
     *
     * @throws ObsoleteSSTablesLog.RecordFailedException if the record cannot be written (it is then withdrawn if
     *                                                    possible)
     */
    void recordObsolete(Collection<SSTableReader> readers) {
        long id = nextGeneration.getAndIncrement();
        List<Long> generations = readers.stream().map(reader -> reader.info().generation()).toList();
        try {
            ObsoleteSSTablesLog.sweep(files, directory);
            ObsoleteSSTablesLog.record(files, directory, id, generations);
        } catch (RuntimeException e) {
            boolean mayBeOnDisk = !ObsoleteSSTablesLog.retract(files, directory, id);
            throw new ObsoleteSSTablesLog.RecordFailedException("Cannot record SSTables " + generations + " of "
                    + directory + " obsolete", e, mayBeOnDisk);
        }
    }

    /** Closes the live SSTables without deleting them (engine close). */
    void closeAll() {
        List<SSTableReader> all;
        synchronized (this) {
            all = live.getAndSet(List.of());
        }
        releaseAll(all);
    }

    /** @return whether all {@code readers} were free and are now marked compacting */
    synchronized boolean markCompacting(Collection<SSTableReader> readers) {
        for (SSTableReader reader : readers) {
            if (compacting.contains(reader) || !live.get().contains(reader)) {
                return false;
            }
        }
        compacting.addAll(readers);
        return true;
    }

    void unmarkCompacting(Collection<SSTableReader> readers) {
        compacting.removeAll(readers);
    }

    /** @return live SSTables no compaction is using */
    synchronized List<SSTableReader> notCompacting() {
        List<SSTableReader> free = new ArrayList<>();
        for (SSTableReader reader : live.get()) {
            if (!compacting.contains(reader)) {
                free.add(reader);
            }
        }
        return free;
    }

    /** @return the cached strategy (compaction thread only), or null before the first use */
    CompactionStrategy strategy() {
        return strategy;
    }

    void strategy(CompactionStrategy created) {
        this.strategy = created;
    }

    /** @return the cached output splitter (any thread), or null before the first use */
    Optional<OutputSplitter> outputSplitter() {
        return outputSplitter;
    }

    void outputSplitter(Optional<OutputSplitter> splitter) {
        this.outputSplitter = splitter;
    }
}
