package io.almanac.storage.sstable.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.xerial.snappy.Snappy;

/**
 * The {@link BlockCompressor}s: none, LZ4 (lz4-java), deflate ({@code java.util.zip}), Snappy (snappy-java) and
 * Zstandard (zstd-jni), the algorithms of Cassandra 5.0's {@code NoopCompressor}, {@code LZ4Compressor},
 * {@code DeflateCompressor}, {@code SnappyCompressor} and {@code ZstdCompressor}.
 *
 * <p>Thread safety: every compressor is immutable; each call makes its own native stream state (deflate), or uses
 * thread-safe static codecs (LZ4, Snappy, Zstandard).
 */
public final class BlockCompressors {

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    /** Stores blocks as they are. */
    public static final BlockCompressor NONE = new None();
    /** LZ4 with the fast compressor (Cassandra's default {@code lz4_compressor_type: fast}). */
    public static final BlockCompressor LZ4_FAST = new Lz4(-1);
    /** Deflate at the default level. */
    public static final BlockCompressor DEFLATE = new Deflate();
    public static final BlockCompressor SNAPPY = new SnappyBlocks();
    /** Zstandard at level 3 (Cassandra's {@code ZstdCompressor.DEFAULT_COMPRESSION_LEVEL}). */
    public static final BlockCompressor ZSTD_DEFAULT = new ZstdBlocks(3);

    private BlockCompressors() {
    }

    /**
     * @return a compressor able to decompress blocks written with {@code id} (its compression level is then
     *         irrelevant), or null when the id is unknown
     */
    public static BlockCompressor forId(int id) {
        return switch (id) {
            case BlockCompressor.NONE_ID -> NONE;
            case BlockCompressor.LZ4_ID -> LZ4_FAST;
            case BlockCompressor.DEFLATE_ID -> DEFLATE;
            case BlockCompressor.SNAPPY_ID -> SNAPPY;
            case BlockCompressor.ZSTD_ID -> ZSTD_DEFAULT;
            default -> null;
        };
    }

    /** @return LZ4 with the high compressor at {@code level} (1 to 17) */
    public static BlockCompressor lz4High(int level) {
        return new Lz4(level);
    }

    /** @return Zstandard at {@code level} ({@link Zstd#minCompressionLevel()} to {@link Zstd#maxCompressionLevel()}) */
    public static BlockCompressor zstd(int level) {
        return new ZstdBlocks(level);
    }

    private static final class None implements BlockCompressor {
        @Override
        public int id() {
            return NONE_ID;
        }

        @Override
        public int maxCompressedLength(int length) {
            return length;
        }

        @Override
        public int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
            System.arraycopy(source, sourceOffset, target, targetOffset, length);
            return length;
        }

        @Override
        public void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                               int uncompressedLength) throws DataFormatException {
            if (length != uncompressedLength) {
                throw new DataFormatException("uncompressed block of " + length + " bytes, expected "
                        + uncompressedLength);
            }
            System.arraycopy(source, sourceOffset, target, targetOffset, length);
        }
    }

    /** @param highLevel the LZ4 HC level, or -1 for the fast compressor */
    private record Lz4(int highLevel) implements BlockCompressor {
        @Override
        public int id() {
            return LZ4_ID;
        }

        private net.jpountz.lz4.LZ4Compressor compressor() {
            return highLevel < 0 ? LZ4.fastCompressor() : LZ4.highCompressor(highLevel);
        }

        @Override
        public int maxCompressedLength(int length) {
            return compressor().maxCompressedLength(length);
        }

        @Override
        public int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
            return compressor().compress(source, sourceOffset, length, target, targetOffset,
                    maxCompressedLength(length));
        }

        @Override
        public void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                               int uncompressedLength) throws DataFormatException {
            LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
            int produced;
            try {
                produced = decompressor.decompress(source, sourceOffset, length, target, targetOffset,
                        uncompressedLength);
            } catch (LZ4Exception e) {
                throw new DataFormatException("lz4: " + e.getMessage());
            }
            if (produced != uncompressedLength) {
                throw new DataFormatException("lz4 block decompressed to " + produced + " bytes, expected "
                        + uncompressedLength);
            }
        }
    }

    private static final class Deflate implements BlockCompressor {
        @Override
        public int id() {
            return DEFLATE_ID;
        }

        /** zlib's deflateBound() for the default parameters, plus room for the zlib header and trailer. */
        @Override
        public int maxCompressedLength(int length) {
            return length + (length >> 12) + (length >> 14) + (length >> 25) + 64;
        }

        @Override
        public int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
            try {
                deflater.setInput(source, sourceOffset, length);
                deflater.finish();
                int capacity = maxCompressedLength(length);
                int written = 0;
                while (!deflater.finished()) {
                    if (written == capacity) {
                        throw new IllegalStateException("deflate output exceeds " + capacity + " bytes");
                    }
                    written += deflater.deflate(target, targetOffset + written, capacity - written);
                }
                return written;
            } finally {
                deflater.end();
            }
        }

        @Override
        public void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                               int uncompressedLength) throws DataFormatException {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(source, sourceOffset, length);
                int produced = 0;
                while (!inflater.finished()) {
                    int read = inflater.inflate(target, targetOffset + produced, uncompressedLength - produced);
                    if (read == 0 && !inflater.finished()) {
                        throw new DataFormatException(produced == uncompressedLength
                                ? "deflate stream longer than " + uncompressedLength + " bytes"
                                : "truncated deflate stream after " + produced + " bytes");
                    }
                    produced += read;
                }
                if (produced != uncompressedLength || inflater.getRemaining() != 0) {
                    throw new DataFormatException("deflate stream of " + produced + " bytes (" + inflater.getRemaining()
                            + " input bytes left), expected " + uncompressedLength);
                }
            } finally {
                inflater.end();
            }
        }
    }

    private static final class SnappyBlocks implements BlockCompressor {
        @Override
        public int id() {
            return SNAPPY_ID;
        }

        @Override
        public int maxCompressedLength(int length) {
            return Snappy.maxCompressedLength(length);
        }

        @Override
        public int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
            try {
                return Snappy.compress(source, sourceOffset, length, target, targetOffset);
            } catch (IOException e) {
                throw new UncheckedIOException("snappy compression failed", e);
            }
        }

        @Override
        public void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                               int uncompressedLength) throws DataFormatException {
            try {
                if (!Snappy.isValidCompressedBuffer(source, sourceOffset, length)) {
                    throw new DataFormatException("not a valid snappy block");
                }
                int declared = Snappy.uncompressedLength(source, sourceOffset, length);
                if (declared != uncompressedLength) {
                    throw new DataFormatException("snappy block of " + declared + " bytes, expected "
                            + uncompressedLength);
                }
                Snappy.uncompress(source, sourceOffset, length, target, targetOffset);
            } catch (IOException e) {
                throw new DataFormatException("snappy: " + e.getMessage());
            }
        }
    }

    /** @param level the Zstandard compression level */
    private record ZstdBlocks(int level) implements BlockCompressor {
        @Override
        public int id() {
            return ZSTD_ID;
        }

        @Override
        public int maxCompressedLength(int length) {
            return Math.toIntExact(Zstd.compressBound(length));
        }

        @Override
        public int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset) {
            long written = Zstd.compressByteArray(target, targetOffset, maxCompressedLength(length), source,
                    sourceOffset, length, level);
            if (Zstd.isError(written)) {
                throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
            }
            return (int) written;
        }

        @Override
        public void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                               int uncompressedLength) throws DataFormatException {
            long produced;
            try {
                produced = Zstd.decompressByteArray(target, targetOffset, uncompressedLength, source, sourceOffset,
                        length);
            } catch (ZstdException e) {
                throw new DataFormatException("zstd: " + e.getMessage());
            }
            if (Zstd.isError(produced)) {
                throw new DataFormatException("zstd: " + Zstd.getErrorName(produced));
            }
            if (produced != uncompressedLength) {
                throw new DataFormatException("zstd frame decompressed to " + produced + " bytes, expected "
                        + uncompressedLength);
            }
        }
    }
}
