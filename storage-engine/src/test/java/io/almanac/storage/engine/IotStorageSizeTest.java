package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's size target: the reference IoT table, {@code PRIMARY KEY ((device_id, day), ts, metric)} with a double
 * value and one-second samples of four metrics, takes at most 4 bytes per row on disk after compaction (all
 * components of the SSTable: Data, Index, Filter, Statistics, TOC). A size assertion, not a timing one.
 */
class IotStorageSizeTest {

    private static final String[] METRICS = {"counter", "humidity", "pressure", "temperature"};
    private static final int SECONDS_PER_DAY = 86_400;
    private static final long DAY_START_MILLIS = START_MICROS / 1000 / 86_400_000L * 86_400_000L;

    @TempDir
    Path directory;
    private final ManualClock clock = new ManualClock(START_MICROS);

    static TableMetadata iotTable() {
        return new TableMetadata("ks", "iot", UUID.fromString("5a1f0e3c-0000-4000-8000-000000000004"), List.of(
                new ColumnMetadata("device_id", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("day", NativeType.DATE, ColumnKind.PARTITION_KEY, 1, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.ASC),
                new ColumnMetadata("metric", NativeType.TEXT, ColumnKind.CLUSTERING, 1, ClusteringOrder.ASC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT);
    }

    /** Realistic sensor series: random walks with one or two decimals and an integer-valued counter. */
    private static final class Sensors {
        private final Random random = new Random(20261121L);
        long temperatureTenths = 213;
        long humidityTenths = 452;
        long pressureHundredths = 101_325;
        long counter = 1_000_000;

        double[] next() {
            temperatureTenths += random.nextInt(5) == 0 ? random.nextInt(3) - 1 : 0;
            humidityTenths = Math.max(0, Math.min(1000, humidityTenths + random.nextInt(3) - 1));
            pressureHundredths += random.nextInt(5) - 2;
            counter += random.nextInt(4);
            return new double[] {counter, humidityTenths / 10.0, pressureHundredths / 100.0,
                temperatureTenths / 10.0};
        }
    }

    private static Mutation second(TableMetadata table, DecoratedKey key, int second, double[] values) {
        long tsMillis = DAY_START_MILLIS + second * 1000L;
        long timestampMicros = tsMillis * 1000;
        List<Row> rows = new ArrayList<>(METRICS.length);
        for (int m = 0; m < METRICS.length; m++) {
            Clustering clustering = Clustering.of(NativeType.TIMESTAMP.encode(tsMillis),
                    NativeType.TEXT.encode(METRICS[m]));
            Cell marker = Cell.live(timestampMicros, 0, 0, Row.MARKER_VALUE);
            Cell value = Cell.live(timestampMicros, 0, 0, NativeType.DOUBLE.encode(values[m]));
            rows.add(new Row(clustering, marker, null, new Cell[] {value}));
        }
        return Mutation.of(table, key, rows);
    }

    @Test
    void oneDeviceDayTakesAtMostFourBytesPerRowAfterCompaction() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 22, 24L << 20, CommitLogSync.PERIODIC, 10_000,
                0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            TableMetadata table = iotTable();
            engine.createKeyspace(EngineFixture.keyspace(), true);
            engine.createTable(table, true);
            DecoratedKey key = DecoratedKey.of(PartitionKeys.compose(NativeType.TEXT.encode("device-0042"),
                    NativeType.DATE.encode(LocalDate.ofEpochDay(DAY_START_MILLIS / 86_400_000L))));
            Sensors sensors = new Sensors();
            List<Mutation> batch = new ArrayList<>();
            for (int second = 0; second < SECONDS_PER_DAY; second++) {
                batch.add(second(table, key, second, sensors.next()));
                if (batch.size() == 1000 || second == SECONDS_PER_DAY - 1) {
                    join(engine.write(batch));
                    batch = new ArrayList<>();
                }
                if (second % 30_000 == 29_999) {
                    join(engine.flush());
                }
            }
            join(engine.flush());
            assertThat(engine.sstables(table).size()).isGreaterThan(1);
            join(engine.compact(table, OptionalLong.empty()));
            List<SSTableInfo> sstables = engine.sstables(table);
            assertThat(sstables).hasSize(1);
            long rows = sstables.get(0).rowCount();
            long bytes = sstables.get(0).sizeBytes();
            double bytesPerRow = (double) bytes / rows;
            System.out.printf("IoT reference table: %d rows, %d bytes on disk after compaction, %.3f bytes/row%n",
                    rows, bytes, bytesPerRow);
            for (Path file : engine.sstableFiles(table, sstables.get(0).generation())) {
                System.out.printf("  %s: %d bytes%n", file.getFileName(), file.toFile().length());
            }
            assertThat(rows).isEqualTo((long) SECONDS_PER_DAY * METRICS.length);
            assertThat(bytesPerRow).isLessThanOrEqualTo(4.0);
            Sensors replay = new Sensors();
            for (int second = 0; second < 3600; second++) {
                replay.next();
            }
            double[] expected = replay.next();
            long tsMillis = DAY_START_MILLIS + 3600 * 1000L;
            Slice oneSecond = Slice.prefix(Clustering.of(NativeType.TIMESTAMP.encode(tsMillis)));
            List<Row> read = engine.read(new ReadCommand(table, key, oneSecond, false, 10, clock.nowSeconds()));
            assertThat(read).extracting(row -> (Double) NativeType.DOUBLE.decode(row.cells()[0].value()))
                    .containsExactly(expected[0], expected[1], expected[2], expected[3]);
        }
    }
}
