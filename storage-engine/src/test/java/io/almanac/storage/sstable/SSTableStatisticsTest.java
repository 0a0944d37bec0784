package io.almanac.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.compaction.TombstoneHistogram;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Row;
import io.almanac.storage.io.RealStorageFiles;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics.db's droppable-tombstone statistics (cell count, creation time, drop-time histogram) round trip. */
class SSTableStatisticsTest {

    private static final long NOW_SECONDS = 1_763_700_000L;
    private static final long NOW_MICROS = NOW_SECONDS * 1_000_000L;
    private static final TableMetadata TABLE = new TableMetadata("ks", "t", UUID.nameUUIDFromBytes(new byte[] {1}),
            List.of(new ColumnMetadata("pk", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                    new ColumnMetadata("ck", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                    new ColumnMetadata("v", NativeType.BIGINT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
            TableParams.DEFAULT);

    @TempDir
    Path directory;

    private static DecoratedKey key(String text) {
        return DecoratedKey.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Row row(long ck, Cell marker, DeletionTime deletion, Cell value) {
        return new Row(Clustering.of(NativeType.BIGINT.encode(ck)), marker, deletion, new Cell[] {value});
    }

    @Test
    void cellCountCreationTimeAndDropTimesRoundTrip() {
        TableLayout layout = TableLayout.of(TABLE);
        SSTableDescriptor descriptor = new SSTableDescriptor(directory, 1);
        List<DecoratedKey> keys = List.of(key("a"), key("b")).stream().sorted().toList();
        byte[] value = NativeType.BIGINT.encode(1L);
        try (SSTableWriter writer = new SSTableWriter(RealStorageFiles.instance(), descriptor, layout, 2, 0.01,
                NOW_SECONDS + 5)) {
            // partition deletion: 1 entry, drop time NOW
            writer.startPartition(keys.get(0), new DeletionTime(NOW_MICROS, NOW_SECONDS));
            writer.endPartition();
            writer.startPartition(keys.get(1), null);
            // live marker + live cell: 2 cells, no drop time
            writer.addRow(row(1, Cell.live(NOW_MICROS, 0, NOW_SECONDS, Row.MARKER_VALUE), null,
                    Cell.live(NOW_MICROS, 0, NOW_SECONDS, value)));
            // expiring marker + expiring cell (ttl 3600): 2 cells, drop time NOW + 3600 each
            writer.addRow(row(2, Cell.live(NOW_MICROS, 3_600, NOW_SECONDS, Row.MARKER_VALUE), null,
                    Cell.live(NOW_MICROS, 3_600, NOW_SECONDS, value)));
            // row deletion + cell tombstone: 2 entries, drop time NOW + 120
            writer.addRow(row(3, null, new DeletionTime(NOW_MICROS, NOW_SECONDS + 120),
                    Cell.tombstone(NOW_MICROS + 1, NOW_SECONDS + 120)));
            writer.endPartition();
            writer.finish();
        }

        SSTableReader reader = SSTableReader.open(RealStorageFiles.instance(), descriptor, layout, new AtomicLong());
        try {
            SSTableInfo info = reader.info();
            assertThat(info.cellCount()).isEqualTo(7);
            assertThat(info.tombstoneCount()).isEqualTo(3);
            assertThat(info.creationTimeSeconds()).isEqualTo(NOW_SECONDS + 5);
            assertThat(info.tombstoneDropTimes()).isEqualTo(TombstoneHistogram.of(
                    new long[] {NOW_SECONDS, NOW_SECONDS + 120, NOW_SECONDS + 3_600}, new long[] {1, 2, 2}));
            assertThat(info.estimatedDroppableTombstones(NOW_SECONDS + 121)).isEqualTo(3);
            assertThat(info.droppableTombstoneRatio(NOW_SECONDS + 3_601)).isEqualTo(5.0 / 7);
            assertThat(reader.statistics().tombstoneDropTimes()).isEqualTo(info.tombstoneDropTimes());
        } finally {
            reader.release();
        }
    }

    @Test
    void aHistogramOfManyDistinctTimesRoundTripsWithinMaxBins() {
        TableLayout layout = TableLayout.of(TABLE);
        SSTableDescriptor descriptor = new SSTableDescriptor(directory, 2);
        TombstoneHistogram.Builder expected = new TombstoneHistogram.Builder();
        try (SSTableWriter writer = new SSTableWriter(RealStorageFiles.instance(), descriptor, layout, 1, 0.01,
                NOW_SECONDS)) {
            writer.startPartition(key("p"), null);
            for (int i = 0; i < 5_000; i++) {
                long deletedAt = NOW_SECONDS + i * 97L;
                writer.addRow(row(i, null, null, Cell.tombstone(NOW_MICROS + i, deletedAt)));
                expected.add(deletedAt);
            }
            writer.endPartition();
            writer.finish();
        }
        SSTableReader reader = SSTableReader.open(RealStorageFiles.instance(), descriptor, layout, new AtomicLong());
        try {
            TombstoneHistogram read = reader.info().tombstoneDropTimes();
            assertThat(read.binCount()).isEqualTo(TombstoneHistogram.MAX_BINS);
            assertThat(read.totalCount()).isEqualTo(5_000);
            assertThat(read).isEqualTo(expected.build());
        } finally {
            reader.release();
        }
    }
}
