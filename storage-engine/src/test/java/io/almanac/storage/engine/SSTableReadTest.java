package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.sstable.CorruptSSTableException;
import io.almanac.storage.sstable.SSTableDescriptor;
import io.almanac.storage.time.ManualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SSTableReadTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    long now = START_MICROS / 1_000_000;

    @Test
    void rangeReadOfALargePartitionDecompressesOnlyTheBlocksItOverlaps() {
        StorageConfig config = new StorageConfig(directory, 1, 1 << 22, 1L << 30, io.almanac.storage.engine
                .CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, clock)) {
            TableMetadata table = createReadings(engine);
            List<Mutation> batch = new ArrayList<>();
            for (long i = 0; i < 100_000; i++) {
                batch.add(insert(table, "big", i, i, START_MICROS));
                if (batch.size() == 2_000) {
                    join(engine.write(batch));
                    batch = new ArrayList<>();
                }
            }
            join(engine.flush());
            assertThat(engine.sstables(table)).hasSize(1);
            long blocksBefore = engine.blocksDecompressed();
            Slice slice = new Slice(Bound.inclusive(ts(50_000)), Bound.inclusive(ts(50_099)));
            List<Row> rows = engine.read(new ReadCommand(table, key("big"), slice, false, 1000, now));
            assertThat(rows).hasSize(100);
            assertThat(EngineFixture.tsOf(rows.get(0))).isEqualTo(50_000);
            long touched = engine.blocksDecompressed() - blocksBefore;
            assertThat(touched).as("a 100-row range touches one or two ~64 KiB blocks").isBetween(1L, 2L);
            blocksBefore = engine.blocksDecompressed();
            List<Row> last = engine.read(new ReadCommand(table, key("big"), Slice.ALL, true, 5, now));
            assertThat(last).extracting(EngineFixture::tsOf).containsExactly(99_999L, 99_998L, 99_997L, 99_996L,
                    99_995L);
            assertThat(engine.blocksDecompressed() - blocksBefore).as("limit stops early").isEqualTo(1);
            blocksBefore = engine.blocksDecompressed();
            assertThat(readAll(engine, table, "big", now)).hasSize(100_000);
            assertThat(engine.blocksDecompressed() - blocksBefore).isGreaterThan(20);
        }
    }

    @Test
    void aFlippedByteInDataDbIsACorruptionNamingTheFile() throws IOException {
        TableMetadata table;
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            table = createReadings(engine);
            for (int i = 0; i < 50; i++) {
                EngineFixture.write(engine, insert(table, "d", i, i, START_MICROS));
            }
        }
        Path data = find("-Data.db");
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x5A);
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThatThrownBy(() -> readAll(engine, table, "d", now))
                    .isInstanceOf(CorruptSSTableException.class)
                    .hasMessageContaining(data.toString())
                    .hasMessageContaining("checksum");
        }
    }

    @Test
    void aCorruptIndexIsRefusedAtOpenAndGenerationsWithoutTocAreRemoved() throws IOException {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = createReadings(engine);
            EngineFixture.write(engine, insert(table, "d", 1, 1, START_MICROS));
        }
        Path toc = find("-TOC.txt");
        SSTableDescriptor descriptor = new SSTableDescriptor(toc.getParent(), 1);
        Path orphan = toc.getParent().resolve("77-Data.db");
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.write(toc.getParent().resolve("78-Index.db.tmp"), new byte[] {1});
        Path index = descriptor.component("Index");
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> EngineFixture.open(EngineFixture.config(directory), clock))
                .isInstanceOf(CorruptSSTableException.class).hasMessageContaining(index.toString());
        assertThat(orphan).doesNotExist();
        assertThat(toc.getParent().resolve("78-Index.db.tmp")).doesNotExist();
    }

    private Path find(String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }
}
