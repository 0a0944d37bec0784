package io.almanac.cql.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Columns, types and content of the virtual tables (Cassandra 4.1/5.0 layouts, reference §2.2 and §2.5). */
class SystemTablesTest {

    private final AtomicReference<Schema> schema = new AtomicReference<>(SystemTablesFixtures.iotSchema());
    private final SystemTables tables = new SystemTables(SystemTablesFixtures.node(9042), schema::get);

    /** @return column name to "kind type" in metadata order */
    private Map<String, String> columns(String keyspace, String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (ColumnMetadata column : tables.table(keyspace, table).metadata().columns()) {
            columns.put(column.name(), column.kind().schemaName() + " " + column.type().cqlName());
        }
        return columns;
    }

    /** @return the rows of a table as maps of decoded values */
    private List<Map<String, Object>> rows(String keyspace, String table) {
        VirtualTable virtual = tables.table(keyspace, table);
        List<ColumnMetadata> columns = virtual.metadata().columns();
        return virtual.rows().stream().map(row -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i).name(), row[i] == null ? null : columns.get(i).type().decode(row[i]));
            }
            return values;
        }).toList();
    }

    private Map<String, Object> row(String keyspace, String table, String... key) {
        return rows(keyspace, table).stream()
                .filter(r -> r.values().stream().limit(key.length).toList().equals(List.of((Object[]) key)))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + List.of(key)));
    }

    @Test
    void systemLocalHasCassandrasColumnsAndTypes() {
        assertThat(columns("system", "local")).containsExactly(
                Map.entry("key", "partition_key text"), Map.entry("bootstrapped", "regular text"),
                Map.entry("broadcast_address", "regular inet"), Map.entry("broadcast_port", "regular int"),
                Map.entry("cluster_name", "regular text"), Map.entry("cql_version", "regular text"),
                Map.entry("data_center", "regular text"), Map.entry("gossip_generation", "regular int"),
                Map.entry("host_id", "regular uuid"), Map.entry("listen_address", "regular inet"),
                Map.entry("listen_port", "regular int"), Map.entry("native_protocol_version", "regular text"),
                Map.entry("partitioner", "regular text"), Map.entry("rack", "regular text"),
                Map.entry("release_version", "regular text"), Map.entry("rpc_address", "regular inet"),
                Map.entry("rpc_port", "regular int"), Map.entry("schema_version", "regular uuid"),
                Map.entry("tokens", "regular set<text>"), Map.entry("truncated_at", "regular map<uuid, blob>"));
    }

    @Test
    void systemLocalDescribesThisNode() {
        List<Map<String, Object>> local = rows("system", "local");
        assertThat(local).hasSize(1);
        Map<String, Object> row = local.get(0);
        assertThat(row).containsEntry("key", "local")
                .containsEntry("bootstrapped", "COMPLETED")
                .containsEntry("cluster_name", "Almanac Test Cluster")
                .containsEntry("host_id", SystemTablesFixtures.HOST_ID)
                .containsEntry("data_center", "datacenter1")
                .containsEntry("rack", "rack1")
                .containsEntry("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner")
                .containsEntry("release_version", "5.0.2")
                .containsEntry("cql_version", "3.4.7")
                .containsEntry("native_protocol_version", "5")
                .containsEntry("rpc_address", InetAddress.getLoopbackAddress())
                .containsEntry("broadcast_address", InetAddress.getLoopbackAddress())
                .containsEntry("listen_address", InetAddress.getLoopbackAddress())
                .containsEntry("rpc_port", 9042)
                .containsEntry("listen_port", 7000)
                .containsEntry("broadcast_port", 7000)
                .containsEntry("schema_version", SystemTablesFixtures.SCHEMA_VERSION)
                .containsEntry("truncated_at", null);
        assertThat(List.copyOf((Set<?>) row.get("tokens"))).isEqualTo(List.of("-4611686018427387904", "42"));
    }

    @Test
    void peersTablesExistAndAreEmptyOnOneNode() {
        assertThat(columns("system", "peers")).containsExactly(
                Map.entry("peer", "partition_key inet"), Map.entry("data_center", "regular text"),
                Map.entry("host_id", "regular uuid"), Map.entry("preferred_ip", "regular inet"),
                Map.entry("rack", "regular text"), Map.entry("release_version", "regular text"),
                Map.entry("rpc_address", "regular inet"), Map.entry("schema_version", "regular uuid"),
                Map.entry("tokens", "regular set<text>"));
        assertThat(columns("system", "peers_v2")).containsExactly(
                Map.entry("peer", "partition_key inet"), Map.entry("peer_port", "clustering int"),
                Map.entry("data_center", "regular text"), Map.entry("host_id", "regular uuid"),
                Map.entry("native_address", "regular inet"), Map.entry("native_port", "regular int"),
                Map.entry("preferred_ip", "regular inet"), Map.entry("preferred_port", "regular int"),
                Map.entry("rack", "regular text"), Map.entry("release_version", "regular text"),
                Map.entry("schema_version", "regular uuid"), Map.entry("tokens", "regular set<text>"));
        assertThat(rows("system", "peers")).isEmpty();
        assertThat(rows("system", "peers_v2")).isEmpty();
    }

    @Test
    void keyspacesIncludeTheLocalSystemKeyspacesWithFullClassNames() {
        List<Map<String, Object>> keyspaces = rows("system_schema", "keyspaces");
        assertThat(keyspaces).extracting(r -> r.get("keyspace_name")).containsExactly("iot", "system",
                "system_schema");
        assertThat(keyspaces.get(0)).containsEntry("durable_writes", true).containsEntry("replication",
                Map.of("class", "org.apache.cassandra.locator.SimpleStrategy", "replication_factor", "1"));
        assertThat(keyspaces.get(1)).containsEntry("replication",
                Map.of("class", "org.apache.cassandra.locator.LocalStrategy"));
        assertThat(columns("system_schema", "keyspaces")).containsExactly(
                Map.entry("keyspace_name", "partition_key text"), Map.entry("durable_writes", "regular boolean"),
                Map.entry("replication", "regular frozen<map<text, text>>"));
    }

    @Test
    void tablesCarryTheOptionsDriversParse() {
        Map<String, Object> readings = row("system_schema", "tables", "iot", "readings");
        assertThat(readings)
                .containsEntry("id", SystemTablesFixtures.READINGS_ID)
                .containsEntry("flags", Set.of("compound"))
                .containsEntry("comment", "sensor readings")
                .containsEntry("compaction", Map.of(
                        "class", "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy",
                        "compaction_window_unit", "HOURS", "compaction_window_size", "1"))
                .containsEntry("compression", Map.of("chunk_length_in_kb", "16",
                        "class", "org.apache.cassandra.io.compress.LZ4Compressor"))
                .containsEntry("caching", Map.of("keys", "ALL", "rows_per_partition", "NONE"))
                .containsEntry("default_time_to_live", 86_400)
                .containsEntry("gc_grace_seconds", 864_000)
                .containsEntry("bloom_filter_fp_chance", 0.01)
                .containsEntry("crc_check_chance", 1.0)
                .containsEntry("dclocal_read_repair_chance", 0.0)
                .containsEntry("read_repair_chance", 0.0)
                .containsEntry("min_index_interval", 128)
                .containsEntry("max_index_interval", 2048)
                .containsEntry("memtable_flush_period_in_ms", 0)
                .containsEntry("speculative_retry", "99p")
                .containsEntry("additional_write_policy", "99p")
                .containsEntry("read_repair", "BLOCKING")
                .containsEntry("extensions", Map.of())
                .containsEntry("cdc", null)
                .containsEntry("memtable", null);
        assertThat(row("system_schema", "tables", "iot", "counts")).containsEntry("flags",
                Set.of("compound", "counter"));
        assertThat(columns("system_schema", "tables")).containsEntry("flags", "regular frozen<set<text>>")
                .containsEntry("extensions", "regular frozen<map<text, blob>>")
                .containsEntry("table_name", "clustering text").hasSize(25);
    }

    @Test
    void tablesDescribeTheSystemKeyspacesToo() {
        Map<String, Object> local = row("system_schema", "tables", "system", "local");
        assertThat(local).containsEntry("comment", "information about the local node")
                .containsEntry("gc_grace_seconds", 0)
                .containsEntry("memtable_flush_period_in_ms", 3_600_000)
                .containsEntry("id", java.util.UUID.nameUUIDFromBytes("systemlocal".getBytes(StandardCharsets.UTF_8)));
        assertThat(rows("system_schema", "tables")).extracting(r -> r.get("keyspace_name") + "." + r.get("table_name"))
                .containsExactly("iot.counts", "iot.readings", "system.local", "system.peers", "system.peers_v2",
                        "system_schema.aggregates", "system_schema.columns", "system_schema.dropped_columns",
                        "system_schema.functions", "system_schema.indexes", "system_schema.keyspaces",
                        "system_schema.tables", "system_schema.triggers", "system_schema.types",
                        "system_schema.views");
    }

    @Test
    void columnsDescribeKindsPositionsOrderAndTypeText() {
        assertThat(row("system_schema", "columns", "iot", "readings", "device_id"))
                .containsEntry("kind", "partition_key").containsEntry("position", 0)
                .containsEntry("clustering_order", "none").containsEntry("type", "text");
        assertThat(row("system_schema", "columns", "iot", "readings", "ts"))
                .containsEntry("kind", "clustering").containsEntry("position", 0)
                .containsEntry("clustering_order", "desc").containsEntry("type", "timestamp");
        assertThat(row("system_schema", "columns", "iot", "readings", "tags"))
                .containsEntry("kind", "regular").containsEntry("position", -1)
                .containsEntry("type", "frozen<map<text, text>>");
        Map<String, Object> unit = row("system_schema", "columns", "iot", "readings", "unit");
        assertThat(unit).containsEntry("kind", "static").containsEntry("position", -1);
        assertThat((byte[]) unit.get("column_name_bytes")).isEqualTo("unit".getBytes(StandardCharsets.UTF_8));
        assertThat(row("system_schema", "columns", "system", "local", "tokens")).containsEntry("type", "set<text>");
        assertThat(row("system_schema", "columns", "system_schema", "columns", "column_name"))
                .containsEntry("kind", "clustering").containsEntry("position", 1);
    }

    @Test
    void remainingSchemaTablesExistWithCassandrasKeys() {
        for (String table : List.of("types", "functions", "aggregates", "views", "indexes", "triggers",
                "dropped_columns")) {
            assertThat(tables.table("system_schema", table)).as(table).isNotNull();
            assertThat(rows("system_schema", table)).as(table).isEmpty();
        }
        assertThat(columns("system_schema", "functions")).containsEntry("argument_types",
                "clustering frozen<list<text>>").containsEntry("called_on_null_input", "regular boolean");
        assertThat(columns("system_schema", "types")).containsEntry("field_names", "regular frozen<list<text>>");
        assertThat(columns("system_schema", "indexes")).containsEntry("options", "regular frozen<map<text, text>>");
        assertThat(columns("system_schema", "dropped_columns")).containsEntry("dropped_time", "regular timestamp");
        assertThat(columns("system_schema", "views")).containsEntry("base_table_id", "regular uuid")
                .containsEntry("where_clause", "regular text").doesNotContainKey("flags");
    }

    @Test
    void virtualSchemaDescribesItself() {
        assertThat(rows("system_virtual_schema", "keyspaces")).extracting(r -> r.get("keyspace_name"))
                .containsExactly("system_virtual_schema");
        assertThat(rows("system_virtual_schema", "tables")).extracting(r -> r.get("table_name"))
                .containsExactly("columns", "keyspaces", "tables");
        assertThat(rows("system_virtual_schema", "columns")).hasSize(1 + 3 + 8);
        assertThat(columns("system_virtual_schema", "tables")).containsExactly(
                Map.entry("keyspace_name", "partition_key text"), Map.entry("table_name", "clustering text"),
                Map.entry("comment", "regular text"));
    }

    @Test
    void registryKnowsTheVirtualKeyspaces() {
        assertThat(tables.isVirtualKeyspace("system")).isTrue();
        assertThat(tables.isVirtualKeyspace("system_schema")).isTrue();
        assertThat(tables.isVirtualKeyspace("system_virtual_schema")).isTrue();
        assertThat(tables.isVirtualKeyspace("iot")).isFalse();
        assertThat(tables.table("system", "nope")).isNull();
        assertThat(tables.table("nope", "local")).isNull();
        assertThat(tables.all()).extracting(t -> t.metadata().toString()).hasSize(16);
    }

    @Test
    void rowsFollowTheCurrentSchema() {
        List<byte[][]> before = tables.table("system", "local").rows();
        assertThat(tables.table("system", "local").rows()).isSameAs(before);

        schema.set(Schema.EMPTY);

        assertThat(rows("system", "local").get(0)).containsEntry("schema_version", Schema.EMPTY.version());
        assertThat(rows("system_schema", "keyspaces")).extracting(r -> r.get("keyspace_name"))
                .containsExactly("system", "system_schema");
    }

    @Test
    void everyRowHasOneValuePerColumnAndKeysAreSet() {
        for (VirtualTable table : tables.all()) {
            TableMetadata metadata = table.metadata();
            for (byte[][] row : table.rows()) {
                assertThat(row.length).as(metadata.toString()).isEqualTo(metadata.columns().size());
                for (int i = 0; i < metadata.columns().size(); i++) {
                    if (metadata.columns().get(i).isPrimaryKey()) {
                        assertThat(row[i]).as(metadata + "." + metadata.columns().get(i).name()).isNotNull();
                    }
                }
            }
        }
    }
}
