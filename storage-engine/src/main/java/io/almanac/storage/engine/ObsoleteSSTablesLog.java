package io.almanac.storage.engine;

import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.sstable.SSTableDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Makes the removal of several SSTables atomic across crashes: before the first of them is deleted, a log naming
 * them all is written durably in the table directory; the next start deletes whatever it names before it opens the
 * table. Without it a crash midway through deleting the inputs of a compaction whose output purged a tombstone
 * together with the data it shadowed (or through a TRUNCATE) could leave the shadowed data without its tombstone:
 * resurrected data.
 *
 * <pre>
 * &lt;table dir&gt;/obsolete-&lt;id&gt;.log, ASCII lines (written as .tmp, fsynced, renamed, directory fsynced):
 *   generation &lt;g&gt;          SSTable generation g is obsolete (a compaction input, a truncated SSTable)
 * </pre>
 * A log is deleted once none of the SSTables it names is on disk (at start, or by {@link #sweep} at run time).
 *
 * <p>Thread safety: stateless; {@link #record}/{@link #sweep} run on the compaction thread, {@link #apply} at open.
 */
final class ObsoleteSSTablesLog {

    static final String PREFIX = "obsolete-";
    static final String SUFFIX = ".log";

    private ObsoleteSSTablesLog() {
    }

    /** A log could not be written; {@link #mayBeOnDisk()} tells whether the next start may still apply it. */
    static final class RecordFailedException extends RuntimeException {
        private final boolean mayBeOnDisk;

        RecordFailedException(String message, Throwable cause, boolean mayBeOnDisk) {
            super(message + (mayBeOnDisk ? " (the log may be on disk)" : ""), cause);
            this.mayBeOnDisk = mayBeOnDisk;
        }

        boolean mayBeOnDisk() {
            return mayBeOnDisk;
        }
    }

    /**
     * Durably records that {@code generations} are obsolete (call once the SSTables replacing them are durable,
     * before the first of them is deleted).
     *
     * @param id a number unique in the table directory (a fresh generation number)
     * @throws UncheckedIOException if the log cannot be written (nothing may be deleted then)
     */
    static void record(StorageFiles files, Path directory, long id, Collection<Long> generations) {
        StringBuilder content = new StringBuilder();
        generations.forEach(generation -> content.append("generation ").append(generation).append('\n'));
        write(files, directory, id, content.toString());
    }

    /**
     * Withdraws the log {@code id} after {@link #record} failed (it may or may not be on disk), so the SSTables it
     * names stay.
     *
     * @return true if the log is durably gone; false if that is unknown (the caller must then keep the SSTables
     *         that replace those named, since the next start may still delete them)
     */
    static boolean retract(StorageFiles files, Path directory, long id) {
        try {
            files.delete(directory.resolve(PREFIX + id + SUFFIX));
            files.syncDirectory(directory);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void write(StorageFiles files, Path directory, long id, String content) {
        new DurableFiles(files).writeAtomically(directory.resolve(PREFIX + id + SUFFIX),
                content.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * At open, before the table's SSTables are listed: deletes every SSTable a log names, then the logs.
     *
     * @throws UncheckedIOException if a file cannot be read or deleted
     */
    static void apply(StorageFiles files, Path directory) {
        if (!files.isDirectory(directory)) {
            return;
        }
        try {
            List<Path> logs = logs(files, directory);
            if (logs.isEmpty()) {
                return;
            }
            List<Long> onDisk = generationsOnDisk(files, directory);
            for (Path log : logs) {
                for (long generation : named(files, log, onDisk)) {
                    new SSTableDescriptor(directory, generation).delete(files);
                }
            }
            files.syncDirectory(directory);
            for (Path log : logs) {
                files.delete(log);
            }
            files.syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot apply the obsolete-SSTable logs of " + directory, e);
        }
    }

    /** At run time: deletes the logs none of whose SSTables is still on disk (their deletion is complete). */
    static void sweep(StorageFiles files, Path directory) {
        if (!files.isDirectory(directory)) {
            return;
        }
        try {
            List<Path> logs = logs(files, directory);
            if (logs.isEmpty()) {
                return;
            }
            List<Long> onDisk = generationsOnDisk(files, directory);
            for (Path log : logs) {
                if (named(files, log, onDisk).isEmpty()) {
                    files.delete(log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sweep the obsolete-SSTable logs of " + directory, e);
        }
    }

    private static List<Path> logs(StorageFiles files, Path directory) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path file : files.list(directory)) {
            String name = file.getFileName().toString();
            if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                logs.add(file);
            }
        }
        return logs;
    }

    /** @return the generations that have a file in {@code directory} (TOC or component) */
    private static List<Long> generationsOnDisk(StorageFiles files, Path directory) throws IOException {
        List<Long> generations = new ArrayList<>();
        for (Path file : files.list(directory)) {
            String name = file.getFileName().toString();
            int dash = name.indexOf('-');
            if (dash > 0 && Character.isDigit(name.charAt(0))) {
                try {
                    Long generation = Long.parseLong(name.substring(0, dash));
                    if (!generations.contains(generation)) {
                        generations.add(generation);
                    }
                } catch (NumberFormatException e) {
                    continue;
                }
            }
        }
        return generations;
    }

    /** @return the generations of {@code onDisk} that {@code log} names */
    private static List<Long> named(StorageFiles files, Path log, List<Long> onDisk) throws IOException {
        List<Long> named = new ArrayList<>();
        String content = new String(files.readAll(log), StandardCharsets.US_ASCII);
        for (String line : content.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2 || !parts[0].equals("generation")) {
                continue;
            }
            long generation;
            try {
                generation = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Malformed line '" + line + "' in " + log, e);
            }
            if (onDisk.contains(generation) && !named.contains(generation)) {
                named.add(generation);
            }
        }
        return named;
    }
}
