package io.almanac.ingest.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.line.TimestampPrecision;
import io.almanac.ingest.mapping.LineMappingResult;
import io.almanac.ingest.mapping.MappingResult;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.ingest.mapping.RowError;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The configured topic mappings of the MQTT endpoint ({@link MqttTopicMapping}): finds the first whose filter matches
 * a topic and maps the payload to rows of its table. A JSON payload is reshaped into one JSON object per row keyed by
 * column (captures, mapped fields, the timestamp; for narrow, {@code metric} and {@code value}) and mapped by the
 * gateway's {@code JsonRowMapper}; a line-protocol payload goes to the gateway's {@code LineProtocolMapper} with the
 * captures as extra tags.
 *
 * <p>Allocation per message, on top of the mappers': the captures map, the payload's JSON tree and one small object
 * node per row.
 *
 * <p>Thread safety: immutable; safe from any thread (a {@link Match} is immutable too).
 */
final class MqttTopicMappings {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

    private final List<MqttTopicMapping> mappings;
    private final List<TopicFilter> filters;
    private final IngestGateway gateway;

    MqttTopicMappings(List<MqttTopicMapping> mappings, IngestGateway gateway) {
        this.mappings = mappings;
        this.gateway = gateway;
        this.filters = mappings.stream().map(MqttTopicMapping::filter).toList();
    }

    /** @return " nor matches a configured mapping (f1, f2)", or "" when none is configured; for log lines */
    String describeFilters() {
        return filters.isEmpty() ? "" : " and matches no configured topic mapping " + filters;
    }

    /**
     * The first configured mapping whose filter matches a topic, with the values the filter captured.
     *
     * @param mapping  the matching mapping
     * @param captures capture name -> topic level; not modified by mapping (safe to keep and reuse)
     */
    record Match(MqttTopicMapping mapping, Map<String, String> captures) {
    }

    /** @return the first mapping matching {@code topic}, or null when none does */
    Match match(String topic) {
        for (int i = 0; i < mappings.size(); i++) {
            Map<String, String> captures = filters.get(i).match(topic);
            if (captures != null) {
                return new Match(mappings.get(i), captures);
            }
        }
        return null;
    }

    /**
     * Maps a payload by a matched mapping.
     *
     * @param payload     holds the payload; only read during the call
     * @param offset      where the payload starts in {@code payload}
     * @param lengthBytes the payload's length, bytes
     * @return the rows, or why not
     */
    MappingResult map(Match match, byte[] payload, int offset, int lengthBytes) {
        MqttTopicMapping mapping = match.mapping();
        Map<String, String> captures = match.captures();
        Schema schema = gateway.engine().schema();
        TableMetadata table = schema.table(mapping.keyspace(), mapping.table());
        if (table == null) {
            return rejected(RejectReason.UNKNOWN_TABLE, "mapped table " + mapping.keyspace() + "." + mapping.table()
                    + " does not exist");
        }
        if (mapping.payloadFormat() == MqttTopicMapping.PayloadFormat.LINE_PROTOCOL) {
            return mapLines(mapping, schema, table, captures, payload, offset, lengthBytes);
        }
        Object tree = gateway.mapper().readTree(payload, offset, lengthBytes);
        if (tree instanceof RowError error) {
            return new MappingResult.Rejected(List.of(error), 1);
        }
        JsonNode root = (JsonNode) tree;
        List<JsonNode> objects = new ArrayList<>();
        if (root.isObject()) {
            objects.add(root);
        } else if (root.isArray()) {
            root.forEach(objects::add);
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < objects.size() || objects.isEmpty(); i++) {
            if (objects.isEmpty() || !objects.get(i).isObject()) {
                return new MappingResult.Rejected(List.of(new RowError(objects.isEmpty() ? RowError.WHOLE_PAYLOAD
                        : i, null, RejectReason.NOT_AN_OBJECT, "expected a JSON object or an array of objects")), 1);
            }
            String failure = addRows(mapping, table, captures, objects.get(i), rows);
            if (failure != null) {
                return new MappingResult.Rejected(List.of(new RowError(i, mapping.timestampField(),
                        RejectReason.INVALID_VALUE, failure)), objects.size());
            }
        }
        return gateway.mapper().mapRows(table, rows, OptionalInt.empty());
    }

    /** @return null, or why {@code object} does not give rows */
    private String addRows(MqttTopicMapping mapping, TableMetadata table, Map<String, String> captures,
                           JsonNode object, List<ObjectNode> rows) {
        ObjectNode base = NODES.objectNode();
        String failure = putTimestamp(mapping, table, object, base);
        if (failure != null) {
            return failure;
        }
        captures.forEach(base::put);
        if (mapping.rowShape() == MqttTopicMapping.RowShape.WIDE) {
            ObjectNode row = base.deepCopy();
            if (mapping.fields().isEmpty()) {
                object.properties().forEach(member -> {
                    if (!member.getKey().equals(mapping.timestampField()) && !captures.containsKey(member.getKey())) {
                        row.set(member.getKey(), member.getValue());
                    }
                });
            } else {
                mapping.fields().forEach((column, path) -> {
                    JsonNode value = object.at(pointer(path));
                    if (!value.isMissingNode()) {
                        row.set(column, value);
                    }
                });
            }
            rows.add(row);
            return null;
        }
        if (mapping.fields().isEmpty()) {
            addLeaves(base, "", object, mapping.timestampField(), rows);
        } else {
            mapping.fields().forEach((metric, path) -> {
                JsonNode value = object.at(pointer(path));
                if (!value.isMissingNode()) {
                    rows.add(base.deepCopy().put("metric", metric).set("value", value));
                }
            });
        }
        return null;
    }

    /** Narrow rows for every leaf of {@code node}, named by their dot-joined path (the timestamp field skipped). */
    private static void addLeaves(ObjectNode base, String prefix, JsonNode node, String timestampField,
                                  List<ObjectNode> rows) {
        node.properties().forEach(member -> {
            String name = prefix + member.getKey();
            if (member.getValue().isObject()) {
                addLeaves(base, name + ".", member.getValue(), timestampField, rows);
            } else if (!name.equals(timestampField)) {
                rows.add(base.deepCopy().put("metric", name).set("value", member.getValue()));
            }
        });
    }

    /** Sets the time column from the timestamp field (or the arrival time); @return null, or why it cannot */
    private String putTimestamp(MqttTopicMapping mapping, TableMetadata table, JsonNode object, ObjectNode row) {
        ColumnMetadata column = timeColumn(mapping, table);
        if (column == null) {
            return mapping.timestampField() == null && mapping.timestampColumn() == null ? null
                    : "table " + table + " has no timestamp column "
                    + (mapping.timestampColumn() == null ? "for the time" : "\"" + mapping.timestampColumn() + "\"");
        }
        if (mapping.timestampField() == null) {
            row.put(column.name(), Math.floorDiv(gateway.clock().nowMicros(), 1_000L));
            return null;
        }
        JsonNode value = object.at(pointer(mapping.timestampField()));
        if (value.isMissingNode() || value.isNull()) {
            return "missing timestamp field \"" + mapping.timestampField() + "\"";
        }
        if (value.isTextual() && !value.asText().matches("[+-]?[0-9]+(\\.[0-9]*)?")) {
            row.set(column.name(), value); // ISO-8601, parsed by the column's converter
            return null;
        }
        if (!value.isNumber() && !value.isTextual()) {
            return "timestamp field \"" + mapping.timestampField() + "\" must be a number or an ISO-8601 string";
        }
        BigDecimal nanos = new BigDecimal(value.asText())
                .multiply(BigDecimal.valueOf(mapping.timestampUnit().factorToNanos()));
        try {
            row.put(column.name(), nanos.divide(NANOS_PER_MILLI, 0, RoundingMode.FLOOR).longValueExact());
        } catch (ArithmeticException e) {
            return "timestamp " + value.asText() + " " + mapping.timestampUnit().name().toLowerCase(Locale.ROOT)
                    + " is out of range";
        }
        return null;
    }

    private static ColumnMetadata timeColumn(MqttTopicMapping mapping, TableMetadata table) {
        if (mapping.timestampColumn() != null) {
            ColumnMetadata named = table.column(mapping.timestampColumn());
            return named != null && named.type() == NativeType.TIMESTAMP ? named : null;
        }
        for (ColumnMetadata column : table.clusteringColumns()) {
            if (column.type() == NativeType.TIMESTAMP) {
                return column;
            }
        }
        ColumnMetadata time = table.column("time");
        return time != null && time.type() == NativeType.TIMESTAMP ? time : null;
    }

    private MappingResult mapLines(MqttTopicMapping mapping, Schema schema, TableMetadata table,
                                   Map<String, String> captures, byte[] payload, int offset, int lengthBytes) {
        byte[] body = offset == 0 ? payload : Arrays.copyOfRange(payload, offset, offset + lengthBytes);
        TimestampPrecision precision = switch (mapping.timestampUnit()) {
            case S -> TimestampPrecision.SECONDS;
            case MS -> TimestampPrecision.MILLISECONDS;
            case US -> TimestampPrecision.MICROSECONDS;
            case NS -> TimestampPrecision.NANOSECONDS;
        };
        LineMappingResult result = gateway.lineProtocolMapper().map(schema, mapping.keyspace(), body, lengthBytes,
                precision, Integer.MAX_VALUE, (s, keyspace, measurement, point) -> table, captures);
        if (result instanceof LineMappingResult.Mapped mapped) {
            return new MappingResult.Mapped(mapped.mutations());
        }
        LineMappingResult.Refused refused = (LineMappingResult.Refused) result;
        RejectReason kind = refused.column() > 0 ? RejectReason.MALFORMED_LINE_PROTOCOL : RejectReason.INVALID_VALUE;
        return new MappingResult.Rejected(List.of(new RowError(Math.max(0, refused.line() - 1), null, kind,
                refused.message())), Math.max(1, refused.line()));
    }

    private static String pointer(String path) {
        return "/" + path.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    private static MappingResult rejected(RejectReason reason, String why) {
        return new MappingResult.Rejected(List.of(RowError.ofPayload(reason, why)), 1);
    }
}
