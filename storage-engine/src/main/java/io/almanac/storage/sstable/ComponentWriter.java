package io.almanac.storage.sstable;

import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Writes one SSTable component to {@code <file>.tmp} through a buffer, keeping a CRC32 of everything written;
 * {@link #finish()} adds the footer, fsyncs and closes; {@link #commit()} renames it into place.
 *
 * <p>Thread safety: not thread safe; one writer.
 */
final class ComponentWriter implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path target;
    private final Path temp;
    private final StorageFiles files;
    private final StorageFiles.WritableFile out;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long position;
    private boolean closed;

    private ComponentWriter(StorageFiles files, Path target) throws IOException {
        this.target = target;
        this.temp = DurableFiles.tempOf(target);
        this.files = files;
        this.out = files.create(temp);
    }

    /** Creates {@code <target>.tmp} through {@code files} and writes the header of component {@code name}. */
    static ComponentWriter create(StorageFiles files, Path target, String name) {
        try {
            ComponentWriter writer = new ComponentWriter(files, target);
            SSTableFormat.writeHeader(writer, name);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + target, e);
        }
    }

    /** @return bytes written so far (the offset of the next byte in the file) */
    long position() {
        return position;
    }

    Path target() {
        return target;
    }

    private void ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            drain();
        }
    }

    void putByte(int value) {
        ensure(1);
        buffer.put((byte) value);
        position++;
    }

    void putShort(int value) {
        ensure(2);
        buffer.putShort((short) value);
        position += 2;
    }

    void putInt(int value) {
        ensure(4);
        buffer.putInt(value);
        position += 4;
    }

    void putLong(long value) {
        ensure(8);
        buffer.putLong(value);
        position += 8;
    }

    void putBytes(byte[] bytes, int offset, int length) {
        int written = 0;
        while (written < length) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int chunk = Math.min(buffer.remaining(), length - written);
            buffer.put(bytes, offset + written, chunk);
            written += chunk;
        }
        position += length;
    }

    private void drain() {
        buffer.flip();
        crc.update(buffer.array(), 0, buffer.limit());
        try {
            out.write(buffer.array(), 0, buffer.limit());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + temp, e);
        }
        buffer.clear();
    }

    /** Writes the footer (magic + CRC32 of all bytes before it), fsyncs and closes the temp file. */
    void finish() {
        drain();
        int checksum = (int) crc.getValue();
        putInt(SSTableFormat.FOOTER_MAGIC);
        buffer.putInt(checksum);
        position += 4;
        drain();
        try {
            out.force();
            closed = true;
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync " + temp, e);
        }
    }

    /** Renames the finished temp file to its final name (the caller fsyncs the directory). */
    void commit() throws IOException {
        files.rename(temp, target);
    }

    /** Closes and deletes the temp file. */
    @Override
    public void close() {
        try {
            if (!closed) {
                closed = true;
                out.close();
            }
            files.delete(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + temp, e);
        }
    }
}
