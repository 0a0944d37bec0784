package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.sstable.DataFileBlocks;
import io.almanac.storage.sstable.compress.BlockCompressor;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compression is per SSTable: an ALTER of the {@code compression} option changes new flushes and compactions, older
 * files keep reading (each block names its compressor), and compaction rewrites with the current setting.
 */
class CompressionAlterTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    private static TableMetadata withCompression(TableMetadata table, Map<String, String> compression) {
        TableParams p = table.params();
        return table.withParams(new TableParams(p.comment(), p.compaction(), compression, p.caching(),
                p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(),
                p.memtableFlushPeriodMillis(), p.speculativeRetry()));
    }

    private static void writeAndFlush(ShardedStorageEngine engine, TableMetadata table, int from, int to) {
        for (int ts = from; ts < to; ts++) {
            write(engine, insert(table, "d1", ts, ts * 0.5, START_MICROS + ts));
        }
        join(engine.flush());
    }

    @Test
    void filesWrittenBeforeAndAfterAlterReadTogetherAndCompactionRewritesWithTheCurrentSetting() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.createReadings(engine);
            writeAndFlush(engine, table, 0, 100);
            TableMetadata off = withCompression(table, Map.of("enabled", "false"));
            engine.alterTable(off);
            writeAndFlush(engine, off, 100, 200);
            TableMetadata zstd = withCompression(table, Map.of("class", "ZstdCompressor", "compression_level", "9"));
            engine.alterTable(zstd);
            writeAndFlush(engine, zstd, 200, 300);
            assertThat(DataFileBlocks.compressorIdsUnder(directory)).containsExactlyInAnyOrder(
                    List.of(BlockCompressor.LZ4_ID), List.of(BlockCompressor.NONE_ID), List.of(BlockCompressor.ZSTD_ID));
            assertAllRows(engine, zstd);

            TableMetadata deflate = withCompression(table, Map.of("class", "DeflateCompressor"));
            engine.alterTable(deflate);
            join(engine.compact(deflate, OptionalLong.empty()));
            assertThat(DataFileBlocks.compressorIdsUnder(directory))
                    .containsExactly(List.of(BlockCompressor.DEFLATE_ID));
            assertAllRows(engine, deflate);
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata reopened = engine.schema().table("ks", "readings");
            assertThat(reopened.params().compression()).containsEntry("class",
                    "org.apache.cassandra.io.compress.DeflateCompressor");
            assertAllRows(engine, reopened);
        }
    }

    private static void assertAllRows(ShardedStorageEngine engine, TableMetadata table) {
        List<Row> rows = readAll(engine, table, "d1", START_MICROS / 1_000_000);
        assertThat(rows).hasSize(300);
        assertThat(rows).extracting(EngineFixture::tsOf).startsWith(0L, 1L).endsWith(298L, 299L);
        assertThat(rows.stream().mapToLong(EngineFixture::tsOf).distinct().count()).isEqualTo(300);
    }

    @Test
    void anInvalidCompressionIsRefusedAtCreateAndAlter() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), true);
            TableMetadata bad = withCompression(EngineFixture.readings(TableParams.DEFAULT),
                    Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "3"));
            assertThatThrownBy(() -> engine.createTable(bad, false)).isInstanceOf(ConfigurationException.class)
                    .hasMessage("chunk_length_in_kb must be a power of 2");
            assertThat(engine.schema().table("ks", "readings")).isNull();
            TableMetadata table = EngineFixture.createReadings(engine);
            assertThatThrownBy(() -> engine.alterTable(withCompression(table, Map.of("class", "Lz5Compressor"))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Could not create Compression for type org.apache.cassandra.io.compress.Lz5Compressor");
            assertThat(engine.schema().table("ks", "readings")).isEqualTo(table);
        }
    }
}
