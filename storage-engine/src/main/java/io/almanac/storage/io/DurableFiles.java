package io.almanac.storage.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The few file operations durability rests on, over a {@link StorageFiles} seam: write a temp file, fsync it, rename
 * it over the target, fsync the directory. A crash at any step leaves either the old or the new content, never a
 * torn file; a leftover {@code *.tmp} is garbage the next start deletes.
 *
 * <p>Thread safety: stateless apart from the seam; callers serialize writes to the same path.
 */
public final class DurableFiles {

    /** Suffix of files being written; a file with it is garbage after a crash. */
    public static final String TEMP_SUFFIX = ".tmp";

    private final StorageFiles files;

    public DurableFiles(StorageFiles files) {
        this.files = files;
    }

    /** @return the seam these operations go through */
    public StorageFiles files() {
        return files;
    }

    /** @return {@code <target>.tmp} */
    public static Path tempOf(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Replaces {@code target} with {@code content} atomically and durably: {@code <target>.tmp} written and fsynced,
     * renamed over {@code target}, the directory fsynced.
     *
     * @throws UncheckedIOException if a step fails (the old content is then still in place; the temp file is
     *                              removed when possible)
     */
    public void writeAtomically(Path target, byte[] content) {
        Path temp = tempOf(target);
        try {
            try (StorageFiles.WritableFile out = files.create(temp)) {
                out.write(content, 0, content.length);
                out.force();
            }
            moveAtomically(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    /** Renames {@code source} to {@code target} atomically and fsyncs the target's directory. */
    public void moveAtomically(Path source, Path target) throws IOException {
        files.rename(source, target);
        files.syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Creates {@code directory} and its missing parents, fsyncing the parent of each one created, so the directory
     * survives power loss once this returns.
     */
    public void createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        files.createDirectories(absolute);
        if (parent != null) {
            files.syncDirectory(parent);
        }
    }

    /** Forces a directory's entries (new, renamed, deleted files) to disk. */
    public void fsyncDirectory(Path directory) throws IOException {
        files.syncDirectory(directory);
    }

    /**
     * Deletes a directory tree, children first, then fsyncs the parent of {@code root}; a missing directory is fine.
     *
     * @throws UncheckedIOException if something cannot be deleted
     */
    public void deleteRecursively(Path root) {
        try {
            if (!files.exists(root)) {
                return;
            }
            deleteTree(root);
            files.syncDirectory(root.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private void deleteTree(Path path) throws IOException {
        if (files.isDirectory(path)) {
            for (Path child : files.list(path)) {
                deleteTree(child);
            }
        }
        files.delete(path);
    }

    private void deleteQuietly(Path file, IOException cause) {
        try {
            files.delete(file);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
