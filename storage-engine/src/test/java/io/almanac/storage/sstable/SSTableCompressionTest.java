package io.almanac.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.io.RealStorageFiles;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.sstable.compress.BlockCompressor;
import io.almanac.storage.sstable.compress.SSTableCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data.db blocks under every {@code compression} setting: each compressor round-trips, disabled compression stores
 * blocks as they are, min_compress_ratio falls back per block, version-3 files (always lz4) still read, and damage
 * is a corruption naming the file and the block's offset.
 */
class SSTableCompressionTest {

    private static final long BASE_MICROS = 1_763_700_000_000_000L;

    @TempDir
    Path directory;
    private final RealStorageFiles files = RealStorageFiles.instance();
    private final AtomicLong blocks = new AtomicLong();

    /** Each setting with the compressor id its blocks must carry. */
    static List<Object[]> settings() {
        return List.of(
                new Object[] {Map.of("class", "LZ4Compressor"), BlockCompressor.LZ4_ID},
                new Object[] {Map.of("class", "LZ4Compressor", "lz4_compressor_type", "high",
                        "lz4_high_compressor_level", "12"), BlockCompressor.LZ4_ID},
                new Object[] {Map.of("class", "org.apache.cassandra.io.compress.DeflateCompressor"),
                    BlockCompressor.DEFLATE_ID},
                new Object[] {Map.of("class", "SnappyCompressor", "chunk_length_in_kb", "64"),
                    BlockCompressor.SNAPPY_ID},
                new Object[] {Map.of("class", "ZstdCompressor"), BlockCompressor.ZSTD_ID},
                new Object[] {Map.of("class", "ZstdCompressor", "compression_level", "-5"), BlockCompressor.ZSTD_ID},
                new Object[] {Map.of("enabled", "false"), BlockCompressor.NONE_ID},
                new Object[] {Map.of(), BlockCompressor.NONE_ID},
                new Object[] {Map.of("class", "NoopCompressor"), BlockCompressor.NONE_ID});
    }

    @ParameterizedTest
    @MethodSource("settings")
    void everySettingRoundTripsAndMarksItsBlocks(Map<String, String> options, int compressorId) {
        TableLayout layout = TableLayout.of(fixtureTable());
        TreeMap<DecoratedKey, List<Row>> partitions = randomPartitions(new Random(options.hashCode()));
        SSTableDescriptor descriptor = write(layout, partitions, SSTableCompression.fromOptions(options));
        List<DataFileBlocks.Block> written = DataFileBlocks.of(descriptor.component(SSTableFormat.DATA));
        assertThat(written).hasSizeGreaterThan(1).allSatisfy(block -> {
            assertThat(block.compressorId()).isEqualTo(compressorId);
            if (compressorId == BlockCompressor.NONE_ID) {
                assertThat(block.compressedLength()).isEqualTo(block.uncompressedLength());
            }
        });
        long compressed = written.stream().mapToLong(DataFileBlocks.Block::compressedLength).sum();
        long uncompressed = written.stream().mapToLong(DataFileBlocks.Block::uncompressedLength).sum();
        if (compressorId != BlockCompressor.NONE_ID) {
            assertThat(compressed).isLessThan(uncompressed * 95 / 100);
        }
        assertReadsBack(descriptor, layout, partitions);
    }

    @Test
    void aBlockThatCompressesWorseThanMinCompressRatioIsStoredUncompressed() {
        TableLayout layout = TableLayout.of(fixtureTable());
        TreeMap<DecoratedKey, List<Row>> partitions = randomPartitions(new Random(7L));
        SSTableCompression strict = SSTableCompression.fromOptions(Map.of("class", "LZ4Compressor",
                "min_compress_ratio", "1000"));
        SSTableDescriptor descriptor = write(layout, partitions, strict);
        assertThat(DataFileBlocks.of(descriptor.component(SSTableFormat.DATA)))
                .allSatisfy(block -> assertThat(block.compressorId()).isEqualTo(BlockCompressor.NONE_ID));
        assertReadsBack(descriptor, layout, partitions);
    }

    @Test
    void aVersion3FileStillReads() throws IOException {
        Path table = directory.resolve("format3");
        Files.createDirectories(table);
        for (String name : List.of("1-Data.db", "1-Index.db", "1-Filter.db", "1-Statistics.db", "1-TOC.txt")) {
            try (InputStream in = getClass().getResourceAsStream("format3/" + name)) {
                Files.copy(in, table.resolve(name));
            }
        }
        byte[] data = Files.readAllBytes(table.resolve("1-Data.db"));
        assertThat(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN)
                .getShort(SSTableFormat.headerBytes(SSTableFormat.DATA) - 2)).isEqualTo((short) 3);
        TableLayout layout = TableLayout.of(fixtureTable());
        assertReadsBack(new SSTableDescriptor(table, 1), layout, fixturePartitions());
    }

    /**
     * For every compressor: a flipped payload byte is a checksum mismatch at the block's offset; with the checksum
     * fixed up, reading either fails with a corruption at that offset or returns rows, never another exception.
     */
    @ParameterizedTest
    @MethodSource("settings")
    void aDamagedBlockIsACorruptionNamingTheFileAndOffset(Map<String, String> options, int compressorId)
            throws IOException {
        TableLayout layout = TableLayout.of(fixtureTable());
        TreeMap<DecoratedKey, List<Row>> partitions = randomPartitions(new Random(11L));
        SSTableDescriptor descriptor = write(layout, partitions, SSTableCompression.fromOptions(options));
        Path data = descriptor.component(SSTableFormat.DATA);
        DataFileBlocks.Block first = DataFileBlocks.of(data).get(0);
        DecoratedKey key = partitions.firstKey();
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            byte[] block = new byte[SSTableFormat.BLOCK_HEADER_BYTES + first.compressedLength()];
            file.seek(first.offset());
            file.readFully(block);
            byte[] damaged = block.clone();
            damaged[damaged.length / 2] ^= 0x21;
            file.seek(first.offset());
            file.write(damaged);
            assertCorruptAt(descriptor, layout, key, first.offset(), "block checksum mismatch");
            int corruptions = 0;
            for (int position = SSTableFormat.BLOCK_HEADER_BYTES; position < block.length; position += 7) {
                damaged = block.clone();
                damaged[position] ^= 0x5A;
                writeWithCrc(file, first.offset(), damaged);
                corruptions += readOrCorruptAt(descriptor, layout, key, first.offset()) ? 0 : 1;
            }
            if (compressorId != BlockCompressor.NONE_ID) {
                assertThat(corruptions).isGreaterThan(0);
            }
            damaged = block.clone();
            damaged[12] = 9;
            writeWithCrc(file, first.offset(), damaged);
            assertCorruptAt(descriptor, layout, key, first.offset(), "unknown block compressor id 9");
            file.seek(first.offset());
            file.write(block);
        }
        assertReadsBack(descriptor, layout, partitions);
    }

    private static void writeWithCrc(RandomAccessFile file, long offset, byte[] block) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(block, 0, 8);
        crc.update(block, 12, block.length - 12);
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        file.seek(offset);
        file.write(block);
    }

    private void assertCorruptAt(SSTableDescriptor descriptor, TableLayout layout, DecoratedKey key, long offset,
                                 String reason) {
        SSTableReader reader = SSTableReader.open(files, descriptor, layout, blocks);
        try {
            assertThatThrownBy(() -> rows(reader.find(key), Slice.ALL, layout))
                    .isInstanceOf(CorruptSSTableException.class).hasMessageContaining(reason)
                    .satisfies(e -> {
                        CorruptSSTableException corrupt = (CorruptSSTableException) e;
                        assertThat(corrupt.file()).isEqualTo(descriptor.component(SSTableFormat.DATA));
                        assertThat(corrupt.offset()).isEqualTo(offset);
                    });
        } finally {
            reader.release();
        }
    }

    /** @return true when the rows came back, false on a corruption at {@code offset} (anything else fails) */
    private boolean readOrCorruptAt(SSTableDescriptor descriptor, TableLayout layout, DecoratedKey key,
                                    long offset) {
        SSTableReader reader = SSTableReader.open(files, descriptor, layout, blocks);
        try {
            rows(reader.find(key), Slice.ALL, layout);
            return true;
        } catch (CorruptSSTableException expected) {
            assertThat(expected.file()).isEqualTo(descriptor.component(SSTableFormat.DATA));
            assertThat(expected.offset()).isEqualTo(offset);
            return false;
        } finally {
            reader.release();
        }
    }

    private SSTableDescriptor write(TableLayout layout, TreeMap<DecoratedKey, List<Row>> partitions,
                                    SSTableCompression compression) {
        SSTableDescriptor descriptor = new SSTableDescriptor(directory.resolve("t"), 1);
        try (SSTableWriter writer = new SSTableWriter(files, descriptor, layout, partitions.size(), 0.01,
                1_700_000_000L, compression)) {
            for (var partition : partitions.entrySet()) {
                writer.startPartition(partition.getKey(), null);
                partition.getValue().forEach(writer::addRow);
                writer.endPartition();
            }
            writer.finish();
        }
        return descriptor;
    }

    private void assertReadsBack(SSTableDescriptor descriptor, TableLayout layout,
                                 TreeMap<DecoratedKey, List<Row>> partitions) {
        SSTableReader reader = SSTableReader.open(files, descriptor, layout, blocks);
        try {
            assertThat(reader.partitionCount()).isEqualTo(partitions.size());
            for (var partition : partitions.entrySet()) {
                List<Row> expected = partition.getValue();
                SSTablePartition found = reader.find(partition.getKey());
                assertThat(rows(found, Slice.ALL, layout)).containsExactlyElementsOf(expected);
                Clustering from = expected.get(expected.size() / 3).clustering();
                Clustering to = expected.get(expected.size() / 2).clustering();
                assertThat(rows(found, new Slice(Bound.inclusive(from), Bound.inclusive(to)), layout))
                        .containsExactlyElementsOf(expected.subList(expected.size() / 3, expected.size() / 2 + 1));
            }
        } finally {
            reader.release();
        }
    }

    private static List<Row> rows(SSTablePartition partition, Slice slice, TableLayout layout) {
        List<Row> rows = new ArrayList<>();
        Iterator<Row> iterator = partition.rows(slice, false, layout.comparator());
        iterator.forEachRemaining(rows::add);
        return rows;
    }

    /** Two partitions of noisy readings with repeated notes: several blocks, compressible but not trivially. */
    private static TreeMap<DecoratedKey, List<Row>> randomPartitions(Random random) {
        TreeMap<DecoratedKey, List<Row>> partitions = new TreeMap<>();
        for (int p = 0; p < 2; p++) {
            List<Row> rows = new ArrayList<>();
            long ck = 0;
            for (int i = 0; i < (p == 0 ? 5000 : 300); i++) {
                ck += 1 + random.nextInt(1000);
                long timestampMicros = BASE_MICROS + ck * 1000;
                Cell[] cells = {Cell.live(timestampMicros, 0, 0, NativeType.DOUBLE.encode(random.nextGaussian())),
                    Cell.live(timestampMicros, 0, 0, NativeType.TEXT.encode("reading from the north field, sensor "
                            + random.nextInt(40) + " status " + (random.nextInt(10) == 0 ? "late" : "ok")))};
                rows.add(new Row(Clustering.of(NativeType.BIGINT.encode(ck)),
                        Cell.live(timestampMicros, 0, 0, Row.MARKER_VALUE), null, cells));
            }
            partitions.put(DecoratedKey.of(NativeType.TEXT.encode("random-" + p)), rows);
        }
        return partitions;
    }

    /** The table of the version-3 fixture in src/test/resources (written by the format-3 writer). */
    static TableMetadata fixtureTable() {
        return new TableMetadata("ks", "readings", UUID.nameUUIDFromBytes("readings".getBytes(StandardCharsets.UTF_8)),
                List.of(new ColumnMetadata("pk", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                        new ColumnMetadata("ck", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                        new ColumnMetadata("v", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                        new ColumnMetadata("w", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT);
    }

    /** The fixture's rows: device "sensor-0" with 3,000 rows (several blocks), "sensor-1" with 40. */
    static TreeMap<DecoratedKey, List<Row>> fixturePartitions() {
        TreeMap<DecoratedKey, List<Row>> partitions = new TreeMap<>();
        for (int p = 0; p < 2; p++) {
            List<Row> rows = new ArrayList<>();
            int count = p == 0 ? 3000 : 40;
            for (int i = 0; i < count; i++) {
                long timestampMicros = BASE_MICROS + i * 1_000_000L;
                Cell[] cells = {Cell.live(timestampMicros, 0, 0, NativeType.DOUBLE.encode(20.0 + (i % 97) * 0.25)),
                    Cell.live(timestampMicros, 0, 0, NativeType.TEXT.encode("note " + (i % 7) + " of " + p))};
                rows.add(new Row(Clustering.of(NativeType.BIGINT.encode((long) i * 1000)),
                        Cell.live(timestampMicros, 0, 0, Row.MARKER_VALUE), null, cells));
            }
            partitions.put(DecoratedKey.of(NativeType.TEXT.encode("sensor-" + p)), rows);
        }
        return partitions;
    }
}
