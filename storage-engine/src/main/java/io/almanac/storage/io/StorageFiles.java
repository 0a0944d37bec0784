package io.almanac.storage.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam every storage-engine file operation goes through (SSTables, the schema, the commit log's position
 * file, cycle-file deletes and directories), so that tests can inject faults: drop unsynced bytes, fail a write,
 * fsync or rename at a chosen step. {@link RealStorageFiles} is the production implementation; the Chronicle Queue
 * commit log appends through its own memory maps and cannot go through it.
 *
 * <p>Durability contract (POSIX): bytes written to a {@link WritableFile} survive power loss only after
 * {@link WritableFile#force()}; a created, renamed or deleted directory entry survives power loss only after
 * {@link #syncDirectory} of its parent. A process crash loses neither.
 *
 * <p>Thread safety: implementations are safe for use from any thread; one handle is used by one thread at a time.
 */
public interface StorageFiles {

    /**
     * Creates {@code file} (or truncates it to 0 bytes) and opens it for appending.
     *
     * @throws IOException if the file cannot be created (e.g. its directory is missing)
     */
    WritableFile create(Path file) throws IOException;

    /** Opens an existing file for positional reads. @throws IOException if it is missing or unreadable */
    ReadableFile openForRead(Path file) throws IOException;

    /** @return the whole content of {@code file} @throws IOException if it is missing or unreadable */
    byte[] readAll(Path file) throws IOException;

    /**
     * Renames {@code source} to {@code target} atomically, replacing {@code target} if it exists. Durable only after
     * {@link #syncDirectory} of the target's directory.
     *
     * @throws IOException if the rename fails (nothing changed then)
     */
    void rename(Path source, Path target) throws IOException;

    /** Forces a directory's entries (created, renamed, deleted files) to disk. @throws IOException on failure */
    void syncDirectory(Path directory) throws IOException;

    /**
     * Deletes a file or an empty directory; durable only after {@link #syncDirectory} of its parent.
     *
     * @return false if it did not exist
     * @throws IOException if it exists and cannot be deleted (e.g. a non-empty directory)
     */
    boolean delete(Path file) throws IOException;

    /** @return the entries of {@code directory}, sorted by name @throws IOException if it cannot be listed */
    List<Path> list(Path directory) throws IOException;

    /** Creates {@code directory} and any missing parents. @throws IOException on failure */
    void createDirectories(Path directory) throws IOException;

    /** @return whether {@code path} exists (file or directory) */
    boolean exists(Path path);

    /** @return whether {@code path} is an existing directory */
    boolean isDirectory(Path path);

    /** @return the length of {@code file}, bytes @throws IOException if it is missing */
    long size(Path file) throws IOException;

    /**
     * A file being written, appended to sequentially.
     *
     * <p>Thread safety: not thread safe; one writer.
     */
    interface WritableFile extends AutoCloseable {

        /** Appends {@code length} bytes of {@code bytes} from {@code offset}. @throws IOException on failure */
        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Forces the bytes written so far to disk (fsync). @throws IOException on failure */
        void force() throws IOException;

        /** @return bytes written so far */
        long size();

        /** Closes the handle (without forcing). @throws IOException on failure */
        @Override
        void close() throws IOException;
    }

    /**
     * An open file read at explicit positions.
     *
     * <p>Thread safety: {@link #read} may be called from several threads at once (positional reads).
     */
    interface ReadableFile extends AutoCloseable {

        /**
         * Reads up to {@code length} bytes at {@code positionBytes} into {@code bytes} from {@code offset}.
         *
         * @return the number of bytes read, or -1 at end of file
         * @throws IOException on failure
         */
        int read(byte[] bytes, int offset, int length, long positionBytes) throws IOException;

        /** @return the file's length, bytes @throws IOException on failure */
        long size() throws IOException;

        @Override
        void close() throws IOException;
    }
}
