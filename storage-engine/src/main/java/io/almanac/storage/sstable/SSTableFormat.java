package io.almanac.storage.sstable;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.io.StorageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Almanac's SSTable format, version 4. One SSTable is one generation {@code <gen>} of one table, five files in
 * {@code <data>/data/<keyspace>/<table>-<table id without dashes>/}. All integers are little-endian; {@code u8/u16}
 * are unsigned. Data.db blocks hold rows column by column ({@link io.almanac.storage.sstable.encoding.BlockEncoder});
 * Index.db clusterings and deletions use {@link io.almanac.storage.codec.RowCodec}'s layout. Version 3 is still read:
 * it differs only in Data.db's Block, which has no compressor byte (12-byte header, always lz4). A component of any
 * other version is refused ("unsupported version N"): version 1 (RowCodec rows in Data.db) and version 2
 * (Statistics.db without cellCount, creation time and tombstone histogram) were never released.
 *
 * <pre>
 * Every binary component:
 *   Component   := Header Body Footer
 *   Header      := magic:u32 (0x414D4C41, "ALMA") nameLength:u8 name:ASCII{nameLength} version:u16 (4; 3 read)
 *   Footer      := footerMagic:u32 (0x544F4F46, "FOOT") crc32:u32      (CRC32 of Header and Body)
 *
 * &lt;gen&gt;-Data.db, Body := Block*
 *   Block       := uncompressedLength:i32 compressedLength:i32 blockCrc32:u32 compressor:u8
 *                  payload:byte{compressedLength}
 *                  (version 3: no compressor byte, the payload is always lz4)
 *
 *                   0        4        8        12  13
 *                  +--------+--------+--------+---+------------------------------+
 *                  | uncLen | cmpLen | crc32  |id | payload (cmpLen bytes)        |
 *                  +--------+--------+--------+---+------------------------------+
 *                  blockCrc32 covers every byte of the block but itself (the lengths, the compressor id and the
 *                  payload). compressor ({@link io.almanac.storage.sstable.compress.BlockCompressor} ids, the
 *                  table's {@code compression} option when written): 0 none (payload = the encoded block,
 *                  cmpLen = uncLen), 1 lz4 block, 2 deflate (zlib), 3 snappy, 4 zstd; any other id is a corruption.
 *                  A block that compresses worse than the option's min_compress_ratio is stored with id 0.
 *                  The payload decompresses to one encoded Block,
 *                  see {@link io.almanac.storage.sstable.encoding.BlockEncoder}: the rows, at most 65,536 and
 *                  about 64 KiB in RowCodec's layout, of one or more partitions in token order, each partition's
 *                  rows in clustering order, stored column by column - delta / delta-of-delta varints, ALP or
 *                  Gorilla doubles, block dictionaries; a large partition continues over several blocks).
 *                  A partition's static row (the cells of its STATIC columns) is its first row, marked by the
 *                  clustering size 65535 (Clustering.STATIC); Entry first/last may then be that marker too
 *   The Data footer's CRC covers the whole file; reads check each block's own CRC instead.
 *
 * &lt;gen&gt;-Index.db, Body := partitionCount:i64 Partition{partitionCount}     (token, then key-byte order)
 *   Partition   := token:i64 keyLength:i32 key:byte{keyLength} flags:u8 [Deletion] [RangeTombstones]
 *                  entryCount:i32 Entry{entryCount}
 *                  flags: 0x01 HAS_PARTITION_DELETION, 0x02 HAS_RANGE_TOMBSTONES
 *   Deletion    := markedForDeleteAtMicros:i64 localDeletionTimeSeconds:i64
 *   RangeTombstones := count:i32 RangeTombstone{count}   (only with HAS_RANGE_TOMBSTONES; in any order)
 *   RangeTombstone  := boundFlags:u8 start:Clustering end:Clustering Deletion
 *                  boundFlags: 0x01 START_INCLUSIVE, 0x02 END_INCLUSIVE; a bound of 0 values is unbounded
 *                  (the partition's range tombstones live in the index, not in Data.db, so a read takes them
 *                  whatever blocks its slice touches; they may overlap: the latest deletion wins)
 *   Entry       := blockOffset:i64 blockLength:i32 rowStart:i32 rowCount:i32 first:Clustering last:Clustering
 *                  (the partition's rowCount rows from row ordinal rowStart of the block at
 *                  blockOffset of Data.db, blockLength bytes including the block header; first/last are their
 *                  clusterings, so a slice read decompresses only the blocks it overlaps)
 *   Clustering  := count:u16 (valueLength:i32 value:byte{valueLength}){count}   (count 0xFFFF: the static row)
 *
 * &lt;gen&gt;-Filter.db, Body := hashCount:i32 bitCount:i64 wordCount:i32 word:i64{wordCount}
 *   A bloom filter on partition keys: bit i of the filter is word[i / 64] bit (i % 64). Key k sets bits
 *   (h1 + j * h2) mod bitCount for j in [0, hashCount), h1 = Murmur3 token of k, h2 = fmix64(h1) | 1.
 *
 * &lt;gen&gt;-Statistics.db, Body :=
 *   tableIdMsb:i64 tableIdLsb:i64 partitionCount:i64 rowCount:i64 minTimestampMicros:i64 maxTimestampMicros:i64
 *   maxLocalDeletionTimeSeconds:i64 minToken:i64 maxToken:i64 tombstoneCount:i64 dataLength:i64 blockCount:i32
 *   (timestamps, maxLocalDeletionTime and tombstoneCount include partition deletions and range tombstones)
 *   hasClusteringBounds:u8 [minClustering:Clustering maxClustering:Clustering]     (static rows excluded)
 *   clusteringColumnCount:u16 columnCount:u16 (nameLength:u16 name:UTF-8 typeLength:u16 cqlType:UTF-8){columnCount}
 *   (the column-name table: a row cell's column u16 indexes it, so files map cells onto a later schema by name)
 *   cellCount:i64 creationTimeSeconds:i64 dropTimeBinCount:u16 (pointSeconds:i64 count:i64){dropTimeBinCount}
 *   (cellCount: cells, row markers, row and partition deletions; creationTimeSeconds: the node clock when written;
 *   the bins: {@link io.almanac.storage.compaction.TombstoneHistogram} of the local deletion seconds of tombstones
 *   and expiring cells, points strictly ascending, at most 100 bins)
 *
 * &lt;gen&gt;-TOC.txt: the component file names, one per line, written last. A generation without it is garbage.
 * </pre>
 *
 * <p>Every component is written as {@code <file>.tmp}, fsynced, renamed, the directory fsynced; TOC.txt goes last
 * (itself as {@code .tmp}, fsynced, renamed, directory fsynced). All of it goes through the
 * {@link io.almanac.storage.io.StorageFiles} seam. An SSTable is deleted TOC first, then the directory is fsynced,
 * then the components; SSTables removed together (compaction inputs, TRUNCATE) are first named in a durable
 * {@code obsolete-<id>.log} in the table directory, which the next start applies, so a crash midway never leaves a
 * tombstone's SSTable deleted while the data it shadows stays. A reader verifies magic, name, version and CRC
 * before trusting a component; any mismatch or truncation is a {@link CorruptSSTableException} naming the file and
 * offset.
 *
 * <p>Thread safety: stateless.
 */
public final class SSTableFormat {

    public static final int MAGIC = 0x414D4C41;
    public static final int FOOTER_MAGIC = 0x544F4F46;
    public static final int VERSION = 4;
    /** The oldest version still read (Data.db blocks without the compressor byte, always lz4). */
    public static final int VERSION_3 = 3;
    public static final int FOOTER_BYTES = 8;
    /** Bytes before a Data.db block's payload: the two lengths, the CRC and the compressor id. */
    public static final int BLOCK_HEADER_BYTES = 13;
    /** Bytes before a version-3 Data.db block's payload (no compressor id). */
    public static final int VERSION_3_BLOCK_HEADER_BYTES = 12;
    /** Target bytes per Data.db block, measured as the rows' size in RowCodec's layout (before encoding). */
    public static final int TARGET_BLOCK_BYTES = 64 * 1024;
    public static final int HAS_PARTITION_DELETION = 0x01;
    public static final int HAS_RANGE_TOMBSTONES = 0x02;

    public static final String DATA = "Data";
    public static final String INDEX = "Index";
    public static final String FILTER = "Filter";
    public static final String STATISTICS = "Statistics";

    private SSTableFormat() {
    }

    /** @return the header length of component {@code name}, bytes */
    public static int headerBytes(String name) {
        return 4 + 1 + name.length() + 2;
    }

    /** Writes the header of component {@code name} into {@code out}. */
    static void writeHeader(ComponentWriter out, String name) {
        out.putInt(MAGIC);
        out.putByte(name.length());
        out.putBytes(name.getBytes(StandardCharsets.US_ASCII), 0, name.length());
        out.putShort(VERSION);
    }

    /**
     * Checks the header of component {@code name} at the start of {@code bytes}.
     *
     * @return the component's version ({@link #VERSION} or {@link #VERSION_3})
     * @throws CorruptSSTableException naming {@code file} if the magic, name or version is wrong
     */
    static int checkHeader(Path file, byte[] bytes, String name) {
        if (bytes.length < headerBytes(name)) {
            throw new CorruptSSTableException(file, bytes.length, "truncated header");
        }
        DecodeCursor cursor = new DecodeCursor().wrap(new UnsafeBuffer(bytes), 0, headerBytes(name));
        if (cursor.readInt() != MAGIC) {
            throw new CorruptSSTableException(file, 0, "bad magic");
        }
        int nameLength = cursor.readByte() & 0xFF;
        String stored = new String(bytes, 5, Math.min(nameLength, name.length()), StandardCharsets.US_ASCII);
        if (nameLength != name.length() || !stored.equals(name)) {
            throw new CorruptSSTableException(file, 4, "not a " + name + " component");
        }
        cursor.skip(nameLength);
        int version = cursor.readUnsignedShort();
        if (version != VERSION && version != VERSION_3) {
            throw new CorruptSSTableException(file, cursor.offset() - 2, "unsupported version " + version);
        }
        return version;
    }

    /**
     * Reads a whole component, verifying header and footer CRC.
     *
     * @return a cursor over the body
     * @throws CorruptSSTableException on any mismatch
     */
    static DecodeCursor readComponent(StorageFiles files, Path file, String name) {
        byte[] bytes;
        try {
            bytes = files.readAll(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        checkHeader(file, bytes, name);
        int footerAt = bytes.length - FOOTER_BYTES;
        if (footerAt < headerBytes(name)) {
            throw new CorruptSSTableException(file, bytes.length, "truncated: no footer");
        }
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (buffer.getInt(footerAt, DecodeCursor.ORDER) != FOOTER_MAGIC) {
            throw new CorruptSSTableException(file, footerAt, "bad footer magic (truncated?)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, footerAt);
        if ((int) crc.getValue() != buffer.getInt(footerAt + 4, DecodeCursor.ORDER)) {
            throw new CorruptSSTableException(file, footerAt + 4, "checksum mismatch");
        }
        return new DecodeCursor().wrap(buffer, headerBytes(name), footerAt - headerBytes(name));
    }

    /** @return a corruption error for a decoding failure inside {@code file} at body offset {@code e.offset()} */
    static CorruptSSTableException corrupt(Path file, MalformedDataException e) {
        return new CorruptSSTableException(file, e.offset(), e.getMessage());
    }
}
