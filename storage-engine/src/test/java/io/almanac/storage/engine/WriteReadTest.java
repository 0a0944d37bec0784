package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.createReadings;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.tsOf;
import static io.almanac.storage.engine.EngineFixture.valueOf;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteReadTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);
    ShardedStorageEngine engine;
    TableMetadata table;
    long now = START_MICROS / 1_000_000;

    @BeforeEach
    void open() {
        engine = EngineFixture.open(EngineFixture.config(directory), clock);
        table = createReadings(engine);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writesAreReadBackFromMemtableAndSSTables(boolean flushed) {
        for (int i = 0; i < 10; i++) {
            write(engine, insert(table, "dev-1", i, i * 1.5, START_MICROS + i));
        }
        write(engine, insert(table, "dev-2", 7, 99.0, START_MICROS));
        if (flushed) {
            join(engine.flush());
            assertThat(engine.sstables(table)).isNotEmpty();
            assertThat(engine.memtableRowCount(table)).isZero();
        }
        List<Row> rows = readAll(engine, table, "dev-1", now);
        assertThat(rows).extracting(EngineFixture::tsOf).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(valueOf(rows.get(3))).isEqualTo(4.5);
        assertThat(NativeType.TEXT.decode(rows.get(3).cells()[1].value())).isEqualTo("n3");
        assertThat(rows.get(3).marker()).isNotNull();
        assertThat(readAll(engine, table, "dev-2", now)).hasSize(1);
        assertThat(readAll(engine, table, "nobody", now)).isEmpty();
    }

    @Test
    void lastWriteWinsByTimestampAcrossMemtableAndSSTables() {
        write(engine, insert(table, "d", 1, 1.0, START_MICROS + 10));
        join(engine.flush());
        write(engine, insert(table, "d", 1, 2.0, START_MICROS + 5));
        assertThat(valueOf(readAll(engine, table, "d", now).get(0))).isEqualTo(1.0);
        write(engine, insert(table, "d", 1, 3.0, START_MICROS + 11));
        join(engine.flush());
        assertThat(valueOf(readAll(engine, table, "d", now).get(0))).isEqualTo(3.0);
    }

    @Test
    void timestampTiesFollowCassandra() {
        long at = START_MICROS + 100;
        write(engine, insert(table, "d", 1, 1.0, at));
        write(engine, insert(table, "d", 1, 2.0, at));
        assertThat(valueOf(readAll(engine, table, "d", now).get(0)))
                .as("equal timestamps: the greater value wins").isEqualTo(2.0);
        Cell tombstone = Cell.tombstone(at, now);
        Row deleteValue = new Row(ts(1), null, null, new Cell[] {tombstone, null});
        write(engine, Mutation.of(table, key("d"), List.of(deleteValue)));
        Row row = readAll(engine, table, "d", now).get(0);
        assertThat(row.cells()[0]).as("a tombstone wins a timestamp tie").isNull();
        write(engine, EngineFixture.deleteRow(table, "d", 1, at));
        assertThat(readAll(engine, table, "d", now)).as("a row deletion covers its own timestamp").isEmpty();
    }

    @Test
    void partitionDeletionShadowsOlderRowsOnly() {
        write(engine, insert(table, "d", 1, 1.0, START_MICROS + 1), insert(table, "d", 2, 2.0, START_MICROS + 3));
        join(engine.flush());
        write(engine, EngineFixture.deletePartition(table, "d", START_MICROS + 2));
        assertThat(readAll(engine, table, "d", now)).extracting(EngineFixture::tsOf).containsExactly(2L);
        join(engine.flush());
        assertThat(readAll(engine, table, "d", now)).extracting(EngineFixture::tsOf).containsExactly(2L);
    }

    @Test
    void ttlExpiresWithTheClock() {
        write(engine, insert(table, "d", 1, 1.0, "short", START_MICROS, 60, now));
        write(engine, insert(table, "d", 2, 2.0, "forever", START_MICROS, 0, now));
        assertThat(readAll(engine, table, "d", now + 59)).hasSize(2);
        assertThat(readAll(engine, table, "d", now + 60)).extracting(EngineFixture::tsOf).containsExactly(2L);
        join(engine.flush());
        assertThat(readAll(engine, table, "d", now + 59)).hasSize(2);
        assertThat(readAll(engine, table, "d", now + 61)).extracting(EngineFixture::tsOf).containsExactly(2L);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void slicesReversedAndLimit(boolean flushed) {
        List<Mutation> mutations = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            mutations.add(insert(table, "d", i, i, START_MICROS));
        }
        join(engine.write(mutations));
        if (flushed) {
            join(engine.flush());
        }
        Slice range = new Slice(Bound.inclusive(ts(10)), Bound.exclusive(ts(20)));
        assertThat(read(range, false, 100)).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(read(range, true, 3)).containsExactly(19L, 18L, 17L);
        Slice open = new Slice(Bound.exclusive(ts(95)), Bound.UNBOUNDED);
        assertThat(read(open, false, 100)).containsExactly(96L, 97L, 98L, 99L);
        assertThat(read(new Slice(Bound.UNBOUNDED, Bound.inclusive(ts(2))), true, 100)).containsExactly(2L, 1L, 0L);
        assertThat(read(Slice.prefix(ts(42)), false, 100)).containsExactly(42L);
        assertThat(read(Slice.ALL, true, 2)).containsExactly(99L, 98L);
    }

    private List<Long> read(Slice slice, boolean reversed, int limit) {
        return engine.read(new ReadCommand(table, key("d"), slice, reversed, limit, now)).stream()
                .map(EngineFixture::tsOf).toList();
    }

    @Test
    void writesOfManyPartitionsFromManyThreadsAreAllVisible() throws Exception {
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 500; i++) {
                    join(engine.write(List.of(insert(table, "dev-" + (i % 50), thread * 1000L + i, i,
                            START_MICROS))));
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
        long total = 0;
        for (int d = 0; d < 50; d++) {
            total += readAll(engine, table, "dev-" + d, now).size();
        }
        assertThat(total).isEqualTo(2000);
    }

    @Test
    void invalidMutationsAreRefusedWithClearErrors() {
        Row noClustering = new Row(io.almanac.storage.data.Clustering.EMPTY, null, null, new Cell[2]);
        assertThatThrownBy(() -> engine.offer(Mutation.of(table, key("d"), List.of(noClustering)), null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("clustering");
        Row badTtl = new Row(ts(1), new Cell(1, -1, 0, Row.MARKER_VALUE), null, new Cell[2]);
        assertThatThrownBy(() -> engine.offer(Mutation.of(table, key("d"), List.of(badTtl)), null))
                .hasMessage("A TTL must be greater or equal to 0, but was -1");
        Row huge = new Row(ts(1), null, null, new Cell[] {null, Cell.live(1, 0, 0, new byte[20_000])});
        assertThatThrownBy(() -> engine.offer(Mutation.of(table, key("d"), List.of(huge)), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("Mutation of \\d+ bytes is too large for the maximum size of 8192");
        engine.dropTable("ks", "readings", false);
        assertThatThrownBy(() -> engine.offer(insert(table, "d", 1, 1, START_MICROS), null))
                .hasMessage("table readings does not exist");
        assertThatThrownBy(() -> readAll(engine, table, "d", now)).hasMessage("table readings does not exist");
    }
}
