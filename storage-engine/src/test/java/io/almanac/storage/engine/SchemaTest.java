package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static io.almanac.storage.engine.EngineFixture.insert;
import static io.almanac.storage.engine.EngineFixture.join;
import static io.almanac.storage.engine.EngineFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.schema.AlreadyExistsException;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    @Test
    void ddlPersistsAndVersionsAreDeterministic() {
        TableMetadata table = EngineFixture.readings(TableParams.DEFAULT);
        UUID afterCreate;
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            UUID empty = engine.schema().version();
            assertThat(engine.createKeyspace(EngineFixture.keyspace(), false)).isTrue();
            UUID withKeyspace = engine.schema().version();
            assertThat(engine.createTable(table, false)).isTrue();
            afterCreate = engine.schema().version();
            assertThat(new java.util.HashSet<>(java.util.List.of(empty, withKeyspace, afterCreate))).hasSize(3);
            assertThat(engine.createKeyspace(EngineFixture.keyspace(), true)).isFalse();
            assertThat(engine.createTable(table, true)).isFalse();
            assertThat(engine.schema().version()).isEqualTo(afterCreate);
        }
        assertThat(directory.resolve("schema/schema.json")).exists();
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.schema().version()).isEqualTo(afterCreate);
            assertThat(engine.schema().table("ks", "readings")).isEqualTo(table);
            assertThat(engine.schema().keyspace("ks").replication())
                    .containsEntry("class", "org.apache.cassandra.locator.SimpleStrategy");
        }
        Path other = directory.resolve("other");
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(other), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            engine.createTable(table, false);
            assertThat(engine.schema().version()).as("same content, same version").isEqualTo(afterCreate);
        }
    }

    @Test
    void ddlErrorsUseCassandrasMessages() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.readings(TableParams.DEFAULT);
            assertThatThrownBy(() -> engine.createTable(table, false)).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("Keyspace 'ks' doesn't exist");
            engine.createKeyspace(EngineFixture.keyspace(), false);
            assertThatThrownBy(() -> engine.createKeyspace(EngineFixture.keyspace(), false))
                    .isInstanceOf(AlreadyExistsException.class).hasMessage("Cannot add existing keyspace \"ks\"");
            engine.createTable(table, false);
            assertThatThrownBy(() -> engine.createTable(table, false)).isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> engine.dropTable("ks", "nope", false)).hasMessage("table nope does not exist");
            assertThatThrownBy(() -> engine.dropKeyspace("nope", false)).hasMessage("Keyspace 'nope' doesn't exist");
            assertThat(engine.dropTable("ks", "nope", true)).isFalse();
            assertThat(engine.dropKeyspace("nope", true)).isFalse();
            TableMetadata unknown = new TableMetadata("ks", "t2", UUID.randomUUID(), table.columns(),
                    TableParams.DEFAULT.withCompaction(Map.of("class", "com.example.NoSuchStrategy")));
            assertThatThrownBy(() -> engine.createTable(unknown, false)).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Unable to find compaction strategy class 'com.example.NoSuchStrategy'");
            TableMetadata badOption = new TableMetadata("ks", "t3", UUID.randomUUID(), table.columns(),
                    TableParams.DEFAULT.withCompaction(Map.of("class", "SizeTieredCompactionStrategy", "foo", "1")));
            assertThatThrownBy(() -> engine.createTable(badOption, false)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[foo]");
            assertThat(engine.schema().table("ks", "t2")).isNull();
        }
    }

    @Test
    void droppingRemovesMemtableDataAndTheSSTableDirectory() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            TableMetadata table = EngineFixture.createReadings(engine);
            write(engine, insert(table, "d", 1, 1, START_MICROS));
            join(engine.flush());
            write(engine, insert(table, "d", 2, 2, START_MICROS));
            Path tableDirectory = directory.resolve("data/ks/readings-" + table.id().toString().replace("-", ""));
            assertThat(tableDirectory).isDirectory();
            assertThat(engine.dropKeyspace("ks", false)).isTrue();
            assertThat(Files.exists(tableDirectory)).isFalse();
            assertThat(engine.memtableRowCount(table)).isZero();
            engine.createKeyspace(EngineFixture.keyspace(), false);
            TableMetadata again = new TableMetadata("ks", "readings", UUID.randomUUID(), table.columns(),
                    table.params());
            engine.createTable(again, false);
            assertThat(EngineFixture.readAll(engine, again, "d", clock.nowSeconds())).isEmpty();
            assertThat(engine.schema().keyspace("ks")).isInstanceOf(KeyspaceMetadata.class);
        }
    }
}
