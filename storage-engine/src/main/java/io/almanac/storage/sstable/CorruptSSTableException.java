package io.almanac.storage.sstable;

import java.nio.file.Path;

/**
 * An SSTable component failed its checks (bad magic, version or checksum, truncated data). Always names the file and
 * the byte offset; a read that meets it fails rather than return wrong data.
 */
public final class CorruptSSTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;

    public CorruptSSTableException(Path file, long offset, String reason) {
        super("Corrupt SSTable " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** @return the byte offset in {@link #file()} where the problem was found */
    public long offset() {
        return offset;
    }
}
