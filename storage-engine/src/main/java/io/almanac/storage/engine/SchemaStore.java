package io.almanac.storage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.DroppedColumn;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.UserType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Persists the schema as canonical JSON in {@code <data>/schema/schema.json} (temp file, fsync, atomic rename,
 * directory fsync). The {@code schema_version} is {@code UUID.nameUUIDFromBytes} of that canonical content, so equal
 * schemas have equal versions and every DDL gives a new one.
 *
 * <pre>
 * {"keyspaces": [ {"name", "replication": {..}, "durable_writes",
 *   "types": [ {"name", "field_names": [..], "field_types": [..]} ]       (only when the keyspace has types;
 *                                                                        in creation order, types as CQL text)
 *   "tables": [ {"name", "id", "columns": [ {"name", "type", "kind", "position", "clustering_order"} ],
 *                "params": {"comment", "compaction": {..}, "compression": {..}, "caching": {..},
 *                           "default_time_to_live", "gc_grace_seconds", "bloom_filter_fp_chance",
 *                           "crc_check_chance", "memtable_flush_period_in_ms", "speculative_retry"},
 *                "dropped_columns": [ {"name", "type", "kind", "dropped_time"} ] } ] } ] }
 * </pre>
 * Keyspaces and tables are sorted by name, option maps by key, columns in declaration order. {@code dropped_columns}
 * (sorted by name, {@code dropped_time} in microseconds since the epoch) is written only when a column was dropped.
 *
 * <p>Thread safety: callers serialize {@link #persist} (the engine's DDL lock).
 */
final class SchemaStore {

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final DurableFiles durable;

    SchemaStore(StorageFiles files, Path dataDirectory) {
        this.file = dataDirectory.resolve("schema").resolve("schema.json");
        this.durable = new DurableFiles(files);
    }

    /**
     * Deletes a {@code schema.json.tmp} left by a crash during {@link #persist} (the old schema is still in place).
     *
     * @return the persisted schema, or {@link Schema#EMPTY} when none was written yet
     */
    Schema load() {
        try {
            durable.files().delete(DurableFiles.tempOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + DurableFiles.tempOf(file), e);
        }
        if (!durable.files().exists(file)) {
            return Schema.EMPTY;
        }
        try {
            Map<String, KeyspaceMetadata> keyspaces = fromJson(json.readTree(durable.files().readAll(file)));
            return new Schema(keyspaces, UUID.nameUUIDFromBytes(canonical(keyspaces)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + file, e);
        }
    }

    /** Writes {@code keyspaces} durably; @return the new schema snapshot with its version */
    Schema persist(Map<String, KeyspaceMetadata> keyspaces) {
        byte[] content = canonical(keyspaces);
        try {
            durable.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.getParent(), e);
        }
        durable.writeAtomically(file, content);
        return new Schema(keyspaces, UUID.nameUUIDFromBytes(content));
    }

    /** @return the canonical serialized form (the file content and the version digest input) */
    byte[] canonical(Map<String, KeyspaceMetadata> keyspaces) {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("keyspaces");
        for (KeyspaceMetadata keyspace : new TreeMap<>(keyspaces).values()) {
            ObjectNode node = list.addObject();
            node.put("name", keyspace.name());
            putMap(node.putObject("replication"), keyspace.replication());
            node.put("durable_writes", keyspace.durableWrites());
            if (!keyspace.types().isEmpty()) {
                ArrayNode types = node.putArray("types");
                for (UserType type : keyspace.types().values()) {
                    ObjectNode t = types.addObject();
                    t.put("name", type.name());
                    type.fieldNames().forEach(t.putArray("field_names")::add);
                    ArrayNode fieldTypes = t.putArray("field_types");
                    type.fieldTypes().forEach(f -> fieldTypes.add(f.cqlName()));
                }
            }
            ArrayNode tables = node.putArray("tables");
            for (TableMetadata table : keyspace.tables().values()) {
                tables.add(tableJson(table));
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize schema", e);
        }
    }

    private ObjectNode tableJson(TableMetadata table) {
        ObjectNode node = json.createObjectNode();
        node.put("name", table.name());
        node.put("id", table.id().toString());
        ArrayNode columns = node.putArray("columns");
        for (ColumnMetadata column : table.columns()) {
            ObjectNode c = columns.addObject();
            c.put("name", column.name());
            c.put("type", column.type().cqlName());
            c.put("kind", column.kind().schemaName());
            c.put("position", column.position());
            c.put("clustering_order", column.order().schemaName());
        }
        TableParams params = table.params();
        ObjectNode p = node.putObject("params");
        p.put("comment", params.comment());
        putMap(p.putObject("compaction"), params.compaction());
        putMap(p.putObject("compression"), params.compression());
        putMap(p.putObject("caching"), params.caching());
        p.put("default_time_to_live", params.defaultTimeToLiveSeconds());
        p.put("gc_grace_seconds", params.gcGraceSeconds());
        p.put("bloom_filter_fp_chance", params.bloomFilterFpChance());
        p.put("crc_check_chance", params.crcCheckChance());
        p.put("memtable_flush_period_in_ms", params.memtableFlushPeriodMillis());
        p.put("speculative_retry", params.speculativeRetry());
        if (!table.droppedColumns().isEmpty()) {
            ArrayNode dropped = node.putArray("dropped_columns");
            for (DroppedColumn column : table.droppedColumns().values()) {
                ObjectNode d = dropped.addObject();
                d.put("name", column.name());
                d.put("type", column.type().cqlName());
                d.put("kind", column.kind().schemaName());
                d.put("dropped_time", column.droppedTimeMicros());
            }
        }
        return node;
    }

    private static void putMap(ObjectNode node, Map<String, String> map) {
        new TreeMap<>(map).forEach(node::put);
    }

    private Map<String, KeyspaceMetadata> fromJson(JsonNode root) {
        Map<String, KeyspaceMetadata> keyspaces = new LinkedHashMap<>();
        for (JsonNode node : root.path("keyspaces")) {
            String name = node.path("name").asText();
            Map<String, JsonNode> typeNodes = new LinkedHashMap<>();
            node.path("types").forEach(type -> typeNodes.put(type.path("name").asText(), type));
            Map<String, UserType> types = new LinkedHashMap<>();
            typeNodes.keySet().forEach(type -> typeFromJson(name, type, typeNodes, types));
            Map<String, TableMetadata> tables = new LinkedHashMap<>();
            for (JsonNode table : node.path("tables")) {
                TableMetadata metadata = tableFromJson(name, table, types);
                tables.put(metadata.name(), metadata);
            }
            KeyspaceMetadata keyspace = new KeyspaceMetadata(name, readMap(node.path("replication")),
                    node.path("durable_writes").asBoolean(true), tables, types);
            keyspaces.put(keyspace.name(), keyspace);
        }
        return keyspaces;
    }

    /**
     * Parses type {@code typeName} after the types its fields use (ALTER TYPE ADD may make a type use one created
     * after it), into {@code parsed}.
     *
     * @return the type, or null when {@code typeNodes} has none of that name
     */
    private static UserType typeFromJson(String keyspace, String typeName, Map<String, JsonNode> typeNodes,
                                         Map<String, UserType> parsed) {
        JsonNode type = typeNodes.get(typeName);
        if (parsed.containsKey(typeName) || type == null) {
            return parsed.get(typeName);
        }
        parsed.put(typeName, null); // a cycle resolves to "Unknown type", never to endless recursion
        List<String> fieldNames = new ArrayList<>();
        type.path("field_names").forEach(f -> fieldNames.add(f.asText()));
        List<CqlType> fieldTypes = new ArrayList<>();
        type.path("field_types").forEach(f -> fieldTypes.add(CqlTypes.parse(f.asText(),
                used -> typeFromJson(keyspace, used, typeNodes, parsed))));
        UserType result = new UserType(keyspace, typeName, fieldNames, fieldTypes, false);
        parsed.put(typeName, result);
        return result;
    }

    private static TableMetadata tableFromJson(String keyspace, JsonNode node, Map<String, UserType> types) {
        List<ColumnMetadata> columns = new ArrayList<>();
        for (JsonNode c : node.path("columns")) {
            columns.add(new ColumnMetadata(c.path("name").asText(), CqlTypes.parse(c.path("type").asText(),
                    types::get),
                    kind(c.path("kind").asText()), c.path("position").asInt(), order(c.path("clustering_order")
                    .asText())));
        }
        JsonNode p = node.path("params");
        TableParams params = new TableParams(p.path("comment").asText(), readMap(p.path("compaction")),
                readMap(p.path("compression")), readMap(p.path("caching")), p.path("default_time_to_live").asInt(),
                p.path("gc_grace_seconds").asInt(), p.path("bloom_filter_fp_chance").asDouble(),
                p.path("crc_check_chance").asDouble(), p.path("memtable_flush_period_in_ms").asInt(),
                p.path("speculative_retry").asText());
        Map<String, DroppedColumn> dropped = new TreeMap<>();
        for (JsonNode d : node.path("dropped_columns")) {
            dropped.put(d.path("name").asText(), new DroppedColumn(d.path("name").asText(),
                    CqlTypes.parse(d.path("type").asText()), kind(d.path("kind").asText()),
                    d.path("dropped_time").asLong()));
        }
        return new TableMetadata(keyspace, node.path("name").asText(), UUID.fromString(node.path("id").asText()),
                columns, params, dropped);
    }

    private static Map<String, String> readMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }

    private static ColumnKind kind(String name) {
        for (ColumnKind kind : ColumnKind.values()) {
            if (kind.schemaName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalStateException("Unknown column kind '" + name + "' in the persisted schema");
    }

    private static ClusteringOrder order(String name) {
        for (ClusteringOrder order : ClusteringOrder.values()) {
            if (order.schemaName().equals(name)) {
                return order;
            }
        }
        throw new IllegalStateException("Unknown clustering order '" + name + "' in the persisted schema");
    }
}
