package io.almanac.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
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
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole SSTables through {@link SSTableWriter} and {@link SSTableReader}, for tables of every native type. */
class SSTableEncodingRoundTripTest {

    private static final long BASE_MICROS = 1_763_700_000_000_000L;

    @TempDir
    Path directory;
    private final RealStorageFiles files = RealStorageFiles.instance();
    private final AtomicLong blocks = new AtomicLong();

    private static TableMetadata table(NativeType type) {
        NativeType clustering = type == NativeType.DURATION || type == NativeType.COUNTER ? NativeType.BIGINT : type;
        return new TableMetadata("ks", "t_" + type.cqlName(), UUID.nameUUIDFromBytes(type.cqlName().getBytes()),
                List.of(new ColumnMetadata("pk", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                        new ColumnMetadata("ck", clustering, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                        new ColumnMetadata("v", type, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                        new ColumnMetadata("w", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT);
    }

    /** A valid serialized value of {@code type}. */
    static byte[] randomValue(NativeType type, Random random) {
        return switch (type) {
            case ASCII -> NativeType.ASCII.encode(random.nextInt(5) == 0 ? "" : "a" + random.nextInt(50));
            case TEXT -> NativeType.TEXT.encode(random.nextInt(5) == 0 ? "" : "t\u00e9" + random.nextInt(50));
            case BIGINT, COUNTER, TIMESTAMP -> type.encode(random.nextInt(4) == 0
                    ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : random.nextLong());
            case TIME -> type.encode(Math.floorMod(random.nextLong(), 86_400_000_000_000L));
            case INT -> type.encode(random.nextInt());
            case SMALLINT -> type.encode((short) random.nextInt());
            case TINYINT -> type.encode((byte) random.nextInt());
            case BOOLEAN -> type.encode(random.nextBoolean());
            case FLOAT -> type.encode(random.nextInt(6) == 0 ? Float.NaN : random.nextInt(2000) / 10f);
            case DOUBLE -> type.encode(random.nextInt(6) == 0 ? -0.0 : random.nextInt(20000) / 100.0);
            case DATE -> ByteBuffer.allocate(4).putInt(random.nextInt()).array();
            case UUID -> type.encode(new UUID(random.nextLong(), random.nextLong()));
            case TIMEUUID -> type.encode(new UUID((random.nextLong() & ~0xF000L) | 0x1000L, random.nextLong()));
            case BLOB, DURATION -> {
                byte[] bytes = new byte[random.nextInt(20)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case INET -> {
                byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
                random.nextBytes(bytes);
                yield bytes;
            }
            case VARINT -> type.encode(BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(70)));
            case DECIMAL -> type.encode(BigDecimal.valueOf(random.nextLong(), random.nextInt(20) - 10));
        };
    }

    private static Cell randomCell(Random random, long timestampMicros, byte[] value) {
        long nowSeconds = timestampMicros / 1_000_000;
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> Cell.tombstone(timestampMicros, nowSeconds);
            case 2 -> Cell.live(timestampMicros, 86_400, nowSeconds, value);
            case 3 -> Cell.live(timestampMicros, 0, nowSeconds, new byte[0]);
            default -> Cell.live(timestampMicros, 0, nowSeconds, value);
        };
    }

    /** Rows of one partition in clustering order. */
    private static List<Row> randomPartition(TableLayout layout, NativeType type, Random random, int rows) {
        NativeType clusteringType = (NativeType) layout.table().clusteringColumns().get(0).type();
        TreeMap<Clustering, Row> sorted = new TreeMap<>(layout.comparator());
        for (int i = 0; i < rows; i++) {
            long timestampMicros = BASE_MICROS + i * 1_000_000L;
            Clustering clustering = Clustering.of(randomValue(clusteringType, random));
            Cell marker = random.nextInt(4) == 0 ? null : Cell.live(timestampMicros, 0, 0, Row.MARKER_VALUE);
            DeletionTime deletion = random.nextInt(10) == 0
                    ? new DeletionTime(timestampMicros - 1, timestampMicros / 1_000_000) : null;
            Cell[] cells = {randomCell(random, timestampMicros, randomValue(type, random)),
                randomCell(random, timestampMicros, NativeType.TEXT.encode("note" + random.nextInt(3)))};
            sorted.put(clustering, new Row(clustering, marker, deletion, cells));
        }
        return new ArrayList<>(sorted.values());
    }

    private SSTableDescriptor write(TableLayout layout, TreeMap<DecoratedKey, List<Row>> partitions, long generation) {
        SSTableDescriptor descriptor = new SSTableDescriptor(directory.resolve(layout.table().name()), generation);
        try (SSTableWriter writer = new SSTableWriter(files, descriptor, layout, partitions.size(), 0.01,
                1_700_000_000L)) {
            for (var partition : partitions.entrySet()) {
                writer.startPartition(partition.getKey(), null);
                partition.getValue().forEach(writer::addRow);
                writer.endPartition();
            }
            writer.finish();
        }
        return descriptor;
    }

    private static List<Row> rows(SSTablePartition partition, Slice slice, boolean reversed, TableLayout layout) {
        List<Row> rows = new ArrayList<>();
        Iterator<Row> iterator = partition.rows(slice, reversed, layout.comparator());
        iterator.forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void tablesOfEveryNativeTypeRoundTripThroughWriterAndReader() {
        Random random = new Random(20261121L);
        long generation = 1;
        for (NativeType type : NativeType.values()) {
            TableLayout layout = TableLayout.of(table(type));
            TreeMap<DecoratedKey, List<Row>> partitions = new TreeMap<>();
            for (int p = 0; p < 4; p++) {
                partitions.put(DecoratedKey.of(NativeType.TEXT.encode("device-" + p)),
                        randomPartition(layout, type, random, p == 0 ? 3000 : 1 + random.nextInt(50)));
            }
            SSTableReader reader = SSTableReader.open(files, write(layout, partitions, generation++), layout, blocks);
            try {
                assertThat(reader.partitionCount()).isEqualTo(partitions.size());
                for (var partition : partitions.entrySet()) {
                    SSTablePartition found = reader.find(partition.getKey());
                    assertThat(found).as(type.cqlName()).isNotNull();
                    List<Row> expected = partition.getValue();
                    assertThat(rows(found, Slice.ALL, false, layout)).as(type.cqlName())
                            .containsExactlyElementsOf(expected);
                    List<Row> reversed = rows(found, Slice.ALL, true, layout);
                    assertThat(reversed).hasSize(expected.size()).first().isEqualTo(expected.get(expected.size() - 1));
                    Clustering from = expected.get(expected.size() / 3).clustering();
                    Clustering to = expected.get(expected.size() * 2 / 3).clustering();
                    assertThat(rows(found, new Slice(Bound.inclusive(from), Bound.inclusive(to)), false, layout))
                            .as(type.cqlName()).containsExactlyElementsOf(expected.subList(expected.size() / 3,
                                    expected.size() * 2 / 3 + 1));
                }
            } finally {
                reader.release();
            }
        }
    }

    @Test
    void aDataFileOfAnotherVersionIsRefused() throws IOException {
        TableLayout layout = TableLayout.of(table(NativeType.DOUBLE));
        TreeMap<DecoratedKey, List<Row>> partitions = new TreeMap<>();
        partitions.put(DecoratedKey.of(NativeType.TEXT.encode("d")), randomPartition(layout, NativeType.DOUBLE,
                new Random(1L), 10));
        SSTableDescriptor descriptor = write(layout, partitions, 1);
        Path data = descriptor.component(SSTableFormat.DATA);
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.seek(SSTableFormat.headerBytes(SSTableFormat.DATA) - 2);
            file.write(new byte[] {1, 0});
        }
        assertThatThrownBy(() -> SSTableReader.open(files, descriptor, layout, blocks))
                .isInstanceOf(CorruptSSTableException.class).hasMessageContaining("unsupported version 1")
                .hasMessageContaining(data.toString());
    }

    /**
     * Flips one byte of the lz4 payload at a time and fixes the block checksum, so the damage reaches the block
     * decoder (lz4 copies literals verbatim, so many flips land in encoded bytes): every read either fails with a
     * corruption naming the file or returns rows, never another exception.
     */
    @Test
    void aCorruptedByteInsideAnEncodedBlockIsACorruptionNamingTheFile() throws IOException {
        TableLayout layout = TableLayout.of(table(NativeType.DOUBLE));
        DecoratedKey key = DecoratedKey.of(NativeType.TEXT.encode("d"));
        TreeMap<DecoratedKey, List<Row>> partitions = new TreeMap<>();
        partitions.put(key, randomPartition(layout, NativeType.DOUBLE, new Random(4L), 200));
        SSTableDescriptor descriptor = write(layout, partitions, 1);
        Path data = descriptor.component(SSTableFormat.DATA);
        int blockAt = SSTableFormat.headerBytes(SSTableFormat.DATA);
        int corruptions = 0;
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            byte[] header = new byte[SSTableFormat.BLOCK_HEADER_BYTES];
            file.seek(blockAt);
            file.readFully(header);
            int compressedLength = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
            byte[] payload = new byte[compressedLength];
            file.readFully(payload);
            for (int position = 0; position < compressedLength; position += 3) {
                payload[position] ^= 0x5A;
                writeBlock(file, blockAt, header, payload);
                SSTableReader reader = SSTableReader.open(files, descriptor, layout, blocks);
                try {
                    rows(reader.find(key), Slice.ALL, false, layout);
                } catch (CorruptSSTableException expected) {
                    assertThat(expected.file()).isEqualTo(data);
                    assertThat(expected.offset()).isEqualTo(blockAt);
                    corruptions++;
                } finally {
                    reader.release();
                }
                payload[position] ^= 0x5A;
            }
            writeBlock(file, blockAt, header, payload);
        }
        assertThat(corruptions).isGreaterThan(0);
        SSTableReader reader = SSTableReader.open(files, descriptor, layout, blocks);
        try {
            assertThat(rows(reader.find(key), Slice.ALL, false, layout)).containsExactlyElementsOf(partitions.get(key));
        } finally {
            reader.release();
        }
    }

    private static void writeBlock(RandomAccessFile file, int blockAt, byte[] header, byte[] payload)
            throws IOException {
        CRC32 crc = new CRC32();
        crc.update(header, 0, 8);
        crc.update(header, 12, header.length - 12);
        crc.update(payload);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        file.seek(blockAt);
        file.write(header);
        file.write(payload);
    }
}
