package io.almanac.storage.sstable.compress;

import java.util.zip.DataFormatException;

/**
 * Compresses and decompresses whole Data.db blocks ({@link io.almanac.storage.sstable.SSTableFormat}). Each block
 * records the {@link #id()} of the compressor that wrote it, so a reader never guesses and a table's
 * {@code compression} option may change between SSTables (or between blocks, see
 * {@link SSTableCompression#minCompressRatio()}).
 *
 * <p>Ids are part of the on-disk format and never reused: 0 none (the bytes as they are), 1 LZ4 block format,
 * 2 deflate (zlib stream, RFC 1950), 3 Snappy raw format, 4 Zstandard frame.
 *
 * <p>Thread safety: implementations are immutable and safe from any thread.
 */
public interface BlockCompressor {

    int NONE_ID = 0;
    int LZ4_ID = 1;
    int DEFLATE_ID = 2;
    int SNAPPY_ID = 3;
    int ZSTD_ID = 4;

    /** @return the id stored in each block this compressor writes */
    int id();

    /** @return the largest output, bytes, {@link #compress} may produce for {@code length} input bytes */
    int maxCompressedLength(int length);

    /**
     * Compresses {@code length} bytes of {@code source} from {@code sourceOffset} into {@code target} at
     * {@code targetOffset}, which has at least {@link #maxCompressedLength(int)} bytes of room.
     *
     * @return the compressed length, bytes
     */
    int compress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset);

    /**
     * Decompresses {@code length} bytes of {@code source} from {@code sourceOffset} into exactly
     * {@code uncompressedLength} bytes of {@code target} at {@code targetOffset}.
     *
     * @throws DataFormatException when the input is not a valid stream of this compressor or does not decompress
     *                             to exactly {@code uncompressedLength} bytes (never writes outside that range)
     */
    void decompress(byte[] source, int sourceOffset, int length, byte[] target, int targetOffset,
                    int uncompressedLength) throws DataFormatException;
}
