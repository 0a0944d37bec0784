package io.almanac.ingest.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One configured MQTT topic mapping: PUBLISHes whose topic matches {@link #topic()} become rows of one table. The
 * server loads a list of them from its YAML configuration, under {@code mqtt_topic_mappings}, tried in order (the
 * first match wins) before the default {@code almanac/{keyspace}/{table}} topic:
 *
 * <pre>
 * mqtt_topic_mappings:
 *   - topic: devices/{device_id}/telemetry   # MQTT filter: literal levels, '+', '#' (last), {column} captures
 *     table: iot.sensor_data                 # keyspace.table (must exist when a message arrives)
 *     payload_format: json                   # json (default) | line_protocol
 *     row_shape: wide                        # wide (default): fields -> columns
 *                                            # narrow: one row per field, columns "metric" (text) and "value"
 *     fields:                                # optional; column (wide) or metric name (narrow) -> JSON field path
 *       temperature: sensors.temp            #   dots walk into nested objects
 *       humidity: sensors.hum                # absent: every top-level member (wide: by column name; narrow:
 *                                            #   every leaf, nested names joined with '.')
 *     timestamp_field: ts                    # optional JSON field path of the point's time; absent: arrival time
 *     timestamp_unit: ms                     # s | ms (default) | us | ns for epoch numbers; strings are ISO-8601.
 *                                            #   line_protocol: the precision of the lines' timestamps (default ns)
 *     timestamp_column: ts                   # optional; default: the first clustering column of type timestamp,
 *                                            #   else a timestamp column named "time"
 * </pre>
 *
 * Captured topic levels set the column of the capture's name (text converted to the column's type as JSON strings
 * are); they take precedence over payload fields of the same name. A JSON payload is one object or an array of
 * objects (one row each, or one row per field when narrow). A line-protocol payload maps as the InfluxDB endpoint maps
 * it, into this table whatever the measurement, with the captures as extra tags; {@code fields} and {@code
 * timestamp_field} do not apply to it and it is always wide.
 *
 * @param topic           the topic filter with captures
 * @param keyspace        the target keyspace (as stored, case-sensitive)
 * @param table           the target table (as stored, case-sensitive)
 * @param payloadFormat   how the payload is read
 * @param rowShape        wide or narrow
 * @param fields          column or metric name -> JSON field path (dot-separated); empty = every member
 * @param timestampField  JSON field path of the time, or null for the arrival time
 * @param timestampUnit   the unit of epoch-number timestamps
 * @param timestampColumn the column the time goes to, or null for the table's own (see above)
 */
public record MqttTopicMapping(String topic, String keyspace, String table, PayloadFormat payloadFormat,
                               RowShape rowShape, Map<String, String> fields, String timestampField,
                               TimestampUnit timestampUnit, String timestampColumn) {

    /** The YAML keys of one mapping. */
    public static final Set<String> KEYS = Set.of("topic", "table", "payload_format", "row_shape", "fields",
            "timestamp_field", "timestamp_unit", "timestamp_column");

    /** How a payload is read. */
    public enum PayloadFormat { JSON, LINE_PROTOCOL }

    /** What a payload object becomes. */
    public enum RowShape {
        /** One row per object; fields become columns. */
        WIDE,
        /** One row per field: the field name in column {@code metric}, its value in column {@code value}. */
        NARROW
    }

    /** The unit of an epoch-number timestamp; {@link #factorToNanos()} scales it. */
    public enum TimestampUnit {
        S(1_000_000_000L), MS(1_000_000L), US(1_000L), NS(1L);

        private final long nanos;

        TimestampUnit(long nanos) {
            this.nanos = nanos;
        }

        /** @return nanoseconds per unit */
        public long factorToNanos() {
            return nanos;
        }
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule when a value is invalid */
    public MqttTopicMapping {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payloadFormat, "payload_format");
        Objects.requireNonNull(rowShape, "row_shape");
        Objects.requireNonNull(timestampUnit, "timestamp_unit");
        fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(topic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topic: " + e.getMessage());
        }
        if (keyspace == null || keyspace.isEmpty() || table == null || table.isEmpty()) {
            throw new IllegalArgumentException("table: must be keyspace.table, got " + keyspace + "." + table);
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getKey().isEmpty() || field.getValue().isEmpty() || field.getValue().startsWith(".")
                    || field.getValue().endsWith(".") || field.getValue().contains("..")) {
                throw new IllegalArgumentException("fields: \"" + field.getKey() + "\": \"" + field.getValue()
                        + "\" is not a name -> dot-separated field path");
            }
        }
        if (payloadFormat == PayloadFormat.LINE_PROTOCOL && (rowShape == RowShape.NARROW || !fields.isEmpty()
                || timestampField != null)) {
            throw new IllegalArgumentException("payload_format: line_protocol takes no row_shape narrow, fields or"
                    + " timestamp_field (a line names its own fields and timestamp)");
        }
        if (rowShape == RowShape.NARROW && (filter.captureNames().contains("metric")
                || filter.captureNames().contains("value"))) {
            throw new IllegalArgumentException("topic: a narrow mapping cannot capture into \"metric\" or \"value\"");
        }
    }

    /**
     * Reads one entry of {@code mqtt_topic_mappings} as the YAML loader hands it over (string keys; scalars as
     * strings, numbers or booleans; {@code fields} a map of strings).
     *
     * @param index the entry's position in the list, for messages
     * @throws IllegalArgumentException naming the key ({@code mqtt_topic_mappings[i].key}), the value and the rule,
     *                                  also for unknown and missing keys
     */
    public static MqttTopicMapping fromConfig(int index, Map<String, ?> entry) {
        String where = "mqtt_topic_mappings[" + index + "].";
        try {
            for (String key : entry.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(key + ": unknown key; known keys are " + List.copyOf(
                            new TreeSet<>(KEYS)));
                }
            }
            String topic = required(entry, "topic");
            String table = required(entry, "table");
            int dot = table.indexOf('.');
            if (dot <= 0 || dot == table.length() - 1 || table.indexOf('.', dot + 1) >= 0) {
                throw new IllegalArgumentException("table: must be keyspace.table, got \"" + table + "\"");
            }
            PayloadFormat format = option(entry, "payload_format", PayloadFormat.class, PayloadFormat.JSON);
            TimestampUnit unit = option(entry, "timestamp_unit", TimestampUnit.class,
                    format == PayloadFormat.LINE_PROTOCOL ? TimestampUnit.NS : TimestampUnit.MS);
            return new MqttTopicMapping(topic, table.substring(0, dot), table.substring(dot + 1), format,
                    option(entry, "row_shape", RowShape.class, RowShape.WIDE), fields(entry),
                    optional(entry, "timestamp_field"), unit, optional(entry, "timestamp_column"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /** @return the topic filter, compiled */
    TopicFilter filter() {
        return TopicFilter.parse(topic);
    }

    private static String required(Map<String, ?> entry, String key) {
        String value = optional(entry, key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": is required");
        }
        return value;
    }

    private static String optional(Map<String, ?> entry, String key) {
        Object value = entry.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException(key + ": must be a single value, got " + value);
        }
        return value.toString();
    }

    private static <E extends Enum<E>> E option(Map<String, ?> entry, String key, Class<E> type, E defaultValue) {
        String value = optional(entry, key);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(key + ": \"" + value + "\" is not one of " + allowed);
    }

    private static Map<String, String> fields(Map<String, ?> entry) {
        Object value = entry.get("fields");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("fields: must be a map of name -> field path, got " + value);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : map.entrySet()) {
            if (field.getValue() == null || field.getValue() instanceof Map || field.getValue() instanceof List) {
                throw new IllegalArgumentException("fields: \"" + field.getKey() + "\" must map to a field path,"
                        + " got " + field.getValue());
            }
            fields.put(String.valueOf(field.getKey()), field.getValue().toString());
        }
        return fields;
    }
}
