package io.almanac.storage.sstable.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

    private static final long BASE_MICROS = 1_763_700_000_000_000L;

    static TableMetadata table() {
        return new TableMetadata("ks", "mixed", UUID.fromString("00000000-0000-4000-8000-000000000002"), List.of(
                new ColumnMetadata("device", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                new ColumnMetadata("metric", NativeType.TEXT, ColumnKind.CLUSTERING, 1, ClusteringOrder.ASC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                new ColumnMetadata("count", NativeType.INT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                new ColumnMetadata("note", NativeType.TEXT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT);
    }

    private static Row[] roundTrip(TableLayout layout, List<Row> rows) {
        byte[] block = encode(layout, rows);
        DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(block), 0, block.length);
        return BlockDecoder.decode(in, layout.identityMapping(), layout.columnCount());
    }

    private static byte[] encode(TableLayout layout, List<Row> rows) {
        BlockEncoder encoder = new BlockEncoder(layout);
        for (Row row : rows) {
            encoder.add(row);
        }
        EncodeBuffer out = new EncodeBuffer(64);
        encoder.encode(out);
        assertThat(encoder.rowCount()).isZero();
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Rows with every kind of content: markers or not, TTL cells, tombstones, row deletions, absent cells. */
    static List<Row> randomRows(Random random, int count) {
        List<Row> rows = new ArrayList<>();
        String[] metrics = {"", "humidity", "pressure", "temperature"};
        for (int i = 0; i < count; i++) {
            long timestampMicros = random.nextInt(10) == 0 ? random.nextLong() : BASE_MICROS + i * 1_000_000L;
            long nowSeconds = Math.floorDiv(timestampMicros, 1_000_000L) + random.nextInt(3);
            Cell marker = random.nextInt(3) == 0 ? null
                    : Cell.live(timestampMicros, random.nextInt(4) == 0 ? 3600 : 0, nowSeconds, Row.MARKER_VALUE);
            DeletionTime deletion = random.nextInt(8) == 0
                    ? new DeletionTime(timestampMicros - 1, random.nextBoolean() ? nowSeconds : random.nextLong())
                    : null;
            Cell[] cells = new Cell[3];
            cells[0] = cell(random, timestampMicros, nowSeconds, randomDouble(random, i));
            byte[] number = ByteBuffer.allocate(4).putInt(random.nextInt()).array();
            cells[1] = cell(random, timestampMicros, nowSeconds, number);
            cells[2] = cell(random, timestampMicros, nowSeconds, ("note " + random.nextInt(3))
                    .getBytes(StandardCharsets.UTF_8));
            rows.add(new Row(Clustering.of(ByteBuffer.allocate(8).putLong(i / 4 * 1000L).array(),
                    metrics[i % 4].getBytes(StandardCharsets.UTF_8)), marker, deletion, cells));
        }
        return rows;
    }

    private static byte[] randomDouble(Random random, int i) {
        double[] edges = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE};
        double value = random.nextInt(10) == 0 ? edges[random.nextInt(edges.length)] : 20 + (i % 50) / 10.0;
        return random.nextInt(30) == 0 ? new byte[0] : ByteBuffer.allocate(8).putDouble(value).array();
    }

    private static Cell cell(Random random, long timestampMicros, long nowSeconds, byte[] value) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> Cell.tombstone(timestampMicros, nowSeconds);
            case 2 -> Cell.live(timestampMicros, 1 + random.nextInt(100_000), nowSeconds, value);
            case 3 -> new Cell(random.nextLong(), random.nextInt(Integer.MAX_VALUE), random.nextLong(), value);
            case 4 -> new Cell(timestampMicros, 0, random.nextLong(), null);
            default -> Cell.live(timestampMicros, 0, nowSeconds, value);
        };
    }

    @Test
    void randomBlocksWithEveryKindOfRowRoundTrip() {
        TableLayout layout = TableLayout.of(table());
        Random random = new Random(20261121L);
        for (int iteration = 0; iteration < 150; iteration++) {
            List<Row> rows = randomRows(random, 1 + random.nextInt(400));
            assertThat(roundTrip(layout, rows)).as("iteration %d", iteration).containsExactlyElementsOf(rows);
        }
    }

    @Test
    void clusteringsOfDifferentSizesAndRowsWithoutAnythingRoundTrip() {
        TableLayout layout = TableLayout.of(table());
        List<Row> rows = List.of(
                new Row(Clustering.EMPTY, null, null, new Cell[3]),
                new Row(Clustering.of(new byte[0]), null, null, new Cell[3]),
                new Row(Clustering.of(new byte[8], new byte[0], "extra".getBytes(StandardCharsets.UTF_8)), null,
                        new DeletionTime(Long.MIN_VALUE, Long.MAX_VALUE), new Cell[3]),
                new Row(Clustering.of(new byte[8], "m".getBytes(StandardCharsets.UTF_8)),
                        new Cell(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, new byte[0]), null,
                        new Cell[] {null, null, new Cell(Long.MIN_VALUE, 0, Long.MAX_VALUE, new byte[0])}));
        assertThat(roundTrip(layout, rows)).containsExactlyElementsOf(rows);
    }

    @Test
    void aDroppedColumnIsSkippedAndTheOthersMapToTheirNewPlaces() {
        TableLayout layout = TableLayout.of(table());
        List<Row> rows = randomRows(new Random(1L), 100);
        byte[] block = encode(layout, rows);
        int[] mapping = {1, -1, 0};
        Row[] decoded = BlockDecoder.decode(new DecodeCursor().wrap(new UnsafeBuffer(block), 0, block.length),
                mapping, 2);
        for (int i = 0; i < rows.size(); i++) {
            Cell[] original = rows.get(i).cells();
            assertThat(decoded[i].cells()).containsExactly(original[2], original[0]);
            assertThat(decoded[i].clustering()).isEqualTo(rows.get(i).clustering());
        }
    }

    @Test
    void everyTruncationAndRandomByteFlipIsMalformedOrStillARowArrayNeverAnotherFailure() {
        TableLayout layout = TableLayout.of(table());
        Random random = new Random(77L);
        byte[] block = encode(layout, randomRows(random, 60));
        for (int length = 0; length < block.length; length++) {
            DecodeCursor in = new DecodeCursor().wrap(new UnsafeBuffer(block), 0, length);
            assertThatThrownBy(() -> BlockDecoder.decode(in, layout.identityMapping(), layout.columnCount()))
                    .as("truncated to %d bytes", length).isInstanceOf(MalformedDataException.class);
        }
        int malformed = 0;
        for (int iteration = 0; iteration < 3000; iteration++) {
            byte[] corrupt = block.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                Row[] rows = BlockDecoder.decode(new DecodeCursor().wrap(new UnsafeBuffer(corrupt), 0, corrupt.length),
                        layout.identityMapping(), layout.columnCount());
                assertThat(rows).doesNotContainNull();
            } catch (MalformedDataException expected) {
                malformed++;
            }
        }
        assertThat(malformed).as("most flips break the layout").isGreaterThan(1000);
    }

    @Test
    void trailingBytesAndARowCountAboveTheLimitAreMalformed() {
        TableLayout layout = TableLayout.of(table());
        byte[] block = encode(layout, randomRows(new Random(2L), 10));
        byte[] longer = Arrays.copyOf(block, block.length + 1);
        assertThatThrownBy(() -> BlockDecoder.decode(new DecodeCursor().wrap(new UnsafeBuffer(longer), 0,
                longer.length), layout.identityMapping(), layout.columnCount()))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("trailing");
        EncodeBuffer huge = new EncodeBuffer(16);
        huge.putVarLong(BlockEncoder.MAX_ROWS + 1L);
        assertThatThrownBy(() -> BlockDecoder.decode(new DecodeCursor().wrap(new UnsafeBuffer(huge.array()), 0,
                huge.position()), layout.identityMapping(), layout.columnCount()))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("row count");
    }
}
