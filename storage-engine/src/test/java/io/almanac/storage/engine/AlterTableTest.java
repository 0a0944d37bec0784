package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.key;
import static io.almanac.storage.engine.EngineFixture.readAll;
import static io.almanac.storage.engine.EngineFixture.ts;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.DroppedColumn;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALTER TABLE / ALTER KEYSPACE in the engine: data read by column name, dropped columns stay dropped. */
class AlterTableTest {

    private static final ColumnMetadata EXTRA =
            new ColumnMetadata("extra", NativeType.INT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE);

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    @Test
    void addedColumnIsReadFromOldAndNewData() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.createReadings(engine);
            write(engine, insert(table, "d1", 1, 1.5, START_MICROS));
            join(engine.flush());
            write(engine, insert(table, "d1", 2, 2.5, START_MICROS + 1));
            TableMetadata altered = withColumns(table, add(table.columns(), EXTRA), Map.of());
            engine.alterTable(altered);
            assertThat(engine.schema().table("ks", "readings")).isEqualTo(altered);
            write(engine, Mutation.of(altered, key("d1"), List.of(new Row(ts(3), marker(START_MICROS + 2), null,
                    new Cell[] {null, null, cell(START_MICROS + 2, NativeType.INT.encode(7))}))));
            List<Row> rows = readAll(engine, altered, "d1", START_MICROS / 1_000_000);
            assertThat(rows).hasSize(3);
            assertThat(rows).allSatisfy(row -> assertThat(row.cells()).hasSize(3));
            assertThat(NativeType.DOUBLE.decode(rows.get(0).cells()[0].value())).isEqualTo(1.5);
            assertThat(NativeType.INT.decode(rows.get(2).cells()[2].value())).isEqualTo(7);
            assertThat(rows.get(1).cells()[2]).isNull();
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata reopened = engine.schema().table("ks", "readings");
            assertThat(reopened.column("extra")).isEqualTo(EXTRA);
            assertThat(readAll(engine, reopened, "d1", START_MICROS / 1_000_000)).hasSize(3);
        }
    }

    @Test
    void droppedColumnDataDoesNotComeBackWhenReAdded() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.createReadings(engine);
            write(engine, insert(table, "d1", 1, 1.5, START_MICROS));
            join(engine.flush());
            write(engine, insert(table, "d1", 2, 2.5, START_MICROS + 10));
            ColumnMetadata note = table.column("note");
            long droppedAt = START_MICROS + 20;
            List<ColumnMetadata> withoutNote = new ArrayList<>(table.columns());
            withoutNote.remove(note);
            Map<String, DroppedColumn> dropped =
                    Map.of("note", new DroppedColumn("note", note.type(), note.kind(), droppedAt));
            TableMetadata afterDrop = withColumns(table, withoutNote, dropped);
            engine.alterTable(afterDrop);
            assertThat(readAll(engine, afterDrop, "d1", 0)).allSatisfy(row -> assertThat(row.cells()).hasSize(1));
            TableMetadata reAdded = withColumns(table, add(withoutNote, note), dropped);
            engine.alterTable(reAdded);
            List<Row> rows = readAll(engine, reAdded, "d1", 0);
            assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row.cells()[1]).isNull());
            write(engine, insert(reAdded, "d1", 3, 3.5, "new", droppedAt + 1, 0, 0));
            join(engine.compact(reAdded, OptionalLong.empty()));
            rows = readAll(engine, reAdded, "d1", 0);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).cells()[1]).isNull();
            assertThat(NativeType.TEXT.decode(rows.get(2).cells()[1].value())).isEqualTo("new");
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata reopened = engine.schema().table("ks", "readings");
            assertThat(reopened.droppedColumns()).containsKey("note");
            List<Row> rows = readAll(engine, reopened, "d1", 0);
            assertThat(rows.get(1).cells()[1]).isNull();
            assertThat(NativeType.TEXT.decode(rows.get(2).cells()[1].value())).isEqualTo("new");
        }
    }

    @Test
    void optionsAndKeyspaceAreAlteredAndValidated() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.createReadings(engine);
            TableParams params = new TableParams("readings", TableParams.DEFAULT.compaction(),
                    TableParams.DEFAULT.compression(), TableParams.DEFAULT.caching(), 3600, 100, 0.01, 1.0, 0, "99p");
            engine.alterTable(table.withParams(params));
            assertThat(engine.schema().table("ks", "readings").params().defaultTimeToLiveSeconds()).isEqualTo(3600);
            TableMetadata badOption = table.withParams(TableParams.DEFAULT.withCompaction(
                    Map.of("class", "SizeTieredCompactionStrategy", "foo", "1")));
            assertThatThrownBy(() -> engine.alterTable(badOption)).isInstanceOf(ConfigurationException.class);
            List<ColumnMetadata> noClustering = table.columns().stream()
                    .filter(c -> c.kind() != ColumnKind.CLUSTERING).toList();
            assertThatThrownBy(() -> engine.alterTable(withColumns(table, noClustering, Map.of())))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("The primary key of ks.readings cannot be altered");
            engine.alterKeyspace(new KeyspaceMetadata("ks", Map.of("class", "NetworkTopologyStrategy", "dc1", "1"),
                    false, Map.of()));
            KeyspaceMetadata keyspace = engine.schema().keyspace("ks");
            assertThat(keyspace.durableWrites()).isFalse();
            assertThat(keyspace.replication()).containsEntry("dc1", "1");
            assertThat(keyspace.tables()).containsKey("readings");
            assertThatThrownBy(() -> engine.alterKeyspace(new KeyspaceMetadata("nope", Map.of("class",
                    "SimpleStrategy"), true, Map.of()))).hasMessage("Keyspace 'nope' doesn't exist");
        }
    }

    private static TableMetadata withColumns(TableMetadata table, List<ColumnMetadata> columns,
                                             Map<String, DroppedColumn> dropped) {
        return new TableMetadata(table.keyspace(), table.name(), table.id(), columns, table.params(), dropped);
    }

    private static List<ColumnMetadata> add(List<ColumnMetadata> columns, ColumnMetadata column) {
        List<ColumnMetadata> copy = new ArrayList<>(columns);
        copy.add(column);
        return copy;
    }

    private static Cell marker(long timestampMicros) {
        return cell(timestampMicros, Row.MARKER_VALUE);
    }

    private static Cell cell(long timestampMicros, byte[] value) {
        return Cell.live(timestampMicros, 0, timestampMicros / 1_000_000, value);
    }
}
