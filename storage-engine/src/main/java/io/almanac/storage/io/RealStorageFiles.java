package io.almanac.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link StorageFiles} on {@code java.nio}: {@link FileChannel} for data, {@code Files.move(ATOMIC_MOVE)} for
 * renames, a read-only channel's {@code force} for directory fsync (a no-op where the OS refuses it, as on Windows).
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
public final class RealStorageFiles implements StorageFiles {

    private static final RealStorageFiles INSTANCE = new RealStorageFiles();

    private RealStorageFiles() {
    }

    /** @return the shared stateless instance */
    public static RealStorageFiles instance() {
        return INSTANCE;
    }

    @Override
    public WritableFile create(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new ChannelWritableFile(channel);
    }

    @Override
    public ReadableFile openForRead(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new ReadableFile() {
            @Override
            public int read(byte[] bytes, int offset, int length, long positionBytes) throws IOException {
                return channel.read(ByteBuffer.wrap(bytes, offset, length), positionBytes);
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }

    @Override
    public boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    /** A write handle over a {@link FileChannel}. */
    private static final class ChannelWritableFile implements WritableFile {
        private final FileChannel channel;
        private long size;

        ChannelWritableFile(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += length;
        }

        @Override
        public void force() throws IOException {
            channel.force(true);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
