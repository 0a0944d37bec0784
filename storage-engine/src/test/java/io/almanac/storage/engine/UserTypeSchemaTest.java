package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.UserType;
import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE / ALTER / DROP TYPE in the engine: persisted, resolved on reload, rewritten into tables, guarded. */
class UserTypeSchemaTest {

    @TempDir
    Path directory;
    ManualClock clock = new ManualClock(START_MICROS);

    private static final UserType ADDRESS = new UserType("ks", "address", List.of("street", "zip"),
            List.of(NativeType.TEXT, NativeType.INT), false);
    private static final UserType SITE = new UserType("ks", "site", List.of("name", "address"),
            List.of(NativeType.TEXT, ADDRESS.withFrozen(true)), false);

    private static TableMetadata devices() {
        return new TableMetadata("ks", "devices", UUID.fromString("5a1f0e3c-0000-4000-8000-0000000000b1"), List.of(
                new ColumnMetadata("id", NativeType.INT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("home", ADDRESS.withFrozen(true), ColumnKind.REGULAR, -1, ClusteringOrder.NONE),
                new ColumnMetadata("sites", CollectionType.list(SITE.withFrozen(true), false), ColumnKind.REGULAR,
                        -1, ClusteringOrder.NONE)), TableParams.DEFAULT);
    }

    @Test
    void typesPersistAndColumnsResolveOnReload() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            assertThat(engine.createType(ADDRESS, false)).isTrue();
            assertThat(engine.createType(ADDRESS, true)).isFalse();
            assertThatThrownBy(() -> engine.createType(ADDRESS, false)).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("A user type with name 'address' already exists");
            engine.createType(SITE, false);
            engine.createTable(devices(), false);
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.schema().keyspace("ks").types()).containsKeys("address", "site");
            assertThat(engine.schema().keyspace("ks").types().get("site")).isEqualTo(SITE);
            assertThat(engine.schema().table("ks", "devices")).isEqualTo(devices());
        }
    }

    @Test
    void aTypeAlteredToUseALaterTypeReloadsAfterIt() {
        UserType first = new UserType("ks", "first", List.of("a"), List.of(NativeType.INT), false);
        UserType later = new UserType("ks", "later", List.of("b"), List.of(NativeType.TEXT), false);
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            engine.createType(first, false);
            engine.createType(later, false);
            engine.alterType(first.withField("l", later.withFrozen(true)));
            assertThat(engine.schema().keyspace("ks").types().keySet()).containsExactly("later", "first");
        }
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            assertThat(engine.schema().keyspace("ks").types().keySet()).containsExactly("later", "first");
            assertThat(engine.schema().keyspace("ks").types().get("first").fieldTypes().get(1))
                    .isEqualTo(later.withFrozen(true));
        }
    }

    @Test
    void alterRewritesUsersAndDropIsRefusedWhileUsed() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock)) {
            engine.createKeyspace(EngineFixture.keyspace(), false);
            engine.createType(ADDRESS, false);
            engine.createType(SITE, false);
            engine.createTable(devices(), false);
            UserType altered = ADDRESS.withField("country", NativeType.TEXT);
            engine.alterType(altered);
            UserType home = (UserType) engine.schema().table("ks", "devices").column("home").type();
            assertThat(home).isEqualTo(altered.withFrozen(true));
            UserType site = engine.schema().keyspace("ks").types().get("site");
            assertThat(((UserType) site.fieldTypes().get(1)).fieldNames()).contains("country");
            assertThatThrownBy(() -> engine.dropType("ks", "address", false))
                    .hasMessage("Cannot drop user type 'ks.address' as it is still used by user types site");
            assertThatThrownBy(() -> engine.dropType("ks", "site", false))
                    .hasMessage("Cannot drop user type 'ks.site' as it is still used by tables devices");
            engine.dropTable("ks", "devices", false);
            assertThat(engine.dropType("ks", "site", false)).isTrue();
            assertThat(engine.dropType("ks", "address", false)).isTrue();
            assertThat(engine.dropType("ks", "address", true)).isFalse();
            assertThatThrownBy(() -> engine.alterType(ADDRESS)).hasMessageContaining("doesn't exist");
            assertThatThrownBy(() -> engine.createType(new UserType("nope", "t", List.of(), List.of(), false),
                    false)).hasMessageContaining("Keyspace 'nope' doesn't exist");
        }
    }
}
