package io.almanac.ingest.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.almanac.ingest.mapping.JsonValueConverter.Conversion;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Maps a JSON payload (one object, or an array of objects, keyed by column name) to one {@link Mutation} per row,
 * written as a CQL {@code INSERT} would write it (reference/cql-protocol-and-storage.md §5.1-5.3):
 *
 * <ul>
 *   <li>a row marker plus one cell per column given; columns not given are left untouched;</li>
 *   <li>every cell and the marker carry the same timestamp, the gateway's clock in microseconds, strictly increasing
 *       from row to row ({@link WriteTimestamps});</li>
 *   <li>TTL: the per-request TTL when given (0 = none, even when the table has a default), else the table's
 *       {@code default_time_to_live}; it applies to the marker and every cell;</li>
 *   <li>JSON {@code null} is a cell tombstone, as is an empty array/object for a non-frozen collection (Cassandra
 *       stores an empty non-frozen collection as no collection);</li>
 *   <li>every partition key and clustering column is required and non-null; a partition key value may not be empty;
 *       key values are at most 65535 bytes; unknown columns are refused. Column names match exactly (as stored:
 *       unquoted CQL identifiers are lower case).</li>
 * </ul>
 *
 * Values convert as {@link JsonValueConverter} and {@link JsonCollectionConverter} document. Failures are returned as
 * a {@link MappingResult.Rejected} listing row index, column and reason; nothing is thrown for bad input, and when
 * any row fails no mutation is returned.
 *
 * <p>Allocation per row: Jackson's tree of the row (an {@code ObjectNode} with its map and one node per value; rows of
 * an array are read one at a time with the streaming parser, so only one row's tree is alive at once), one
 * serialized {@code byte[]} per value (plus a small {@code Conversion} holder), one {@link Cell} per value and the
 * marker, the key component arrays, the composed partition key, a {@link DecoratedKey}, a {@link Clustering}, a
 * {@link Row} with its cell array ({@code regularColumns().size()} slots), and the {@link Mutation} with its row
 * list. Collections add one {@code byte[]} per element and a list of them.
 *
 * <p>Thread safety: immutable after construction; safe from any thread.
 */
public final class JsonRowMapper {

    /** The most errors one rejection lists; validation goes on past it only to count rows. */
    public static final int MAX_REPORTED_ERRORS = 100;
    /** Cassandra's limit on a partition key component or clustering value, bytes. */
    private static final int MAX_KEY_VALUE_BYTES = PartitionKeys.MAX_COMPONENT_BYTES;

    private final ObjectMapper objectMapper;
    private final JsonCollectionConverter converter;
    private final WriteTimestamps timestamps;

    /** @param timestamps the gateway's timestamp source, shared by every frontend of the gateway */
    public JsonRowMapper(WriteTimestamps timestamps) {
        this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
        JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.objectMapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        this.converter = new JsonCollectionConverter(objectMapper);
    }

    /**
     * Checks a per-request TTL against Cassandra's rules ({@code Attributes.java}).
     *
     * @param ttlSeconds the requested TTL, seconds
     * @return null when valid, else Cassandra's message: {@code A TTL must be greater or equal to 0, but was N} or
     *         {@code ttl is too large. requested (N) maximum (630720000)}
     */
    public static String ttlError(long ttlSeconds) {
        if (ttlSeconds < 0) {
            return "A TTL must be greater or equal to 0, but was " + ttlSeconds;
        }
        if (ttlSeconds > TableParams.MAX_TTL_SECONDS) {
            return "ttl is too large. requested (" + ttlSeconds + ") maximum (" + TableParams.MAX_TTL_SECONDS + ")";
        }
        return null;
    }

    /** As {@link #map(TableMetadata, InputStream, OptionalInt)} for a payload in memory. */
    public MappingResult map(TableMetadata table, byte[] payload, OptionalInt requestTtlSeconds) {
        return map(table, new ByteArrayInputStream(payload), requestTtlSeconds);
    }

    /**
     * @param table             the table the rows go to
     * @param payload           JSON text (UTF-8, or UTF-16/32 detected from the first bytes); read to its end
     * @param requestTtlSeconds a TTL in seconds for every row, or empty for the table's {@code default_time_to_live}
     * @return the mutations, one per row in payload order, or the reasons the payload was refused
     * @throws UncheckedIOException only when reading {@code payload} itself fails (not for malformed content)
     */
    public MappingResult map(TableMetadata table, InputStream payload, OptionalInt requestTtlSeconds) {
        if (requestTtlSeconds.isPresent() && ttlError(requestTtlSeconds.getAsInt()) != null) {
            return new MappingResult.Rejected(List.of(RowError.ofPayload(RejectReason.INVALID_TTL,
                    ttlError(requestTtlSeconds.getAsInt()))), 1);
        }
        int ttlSeconds = requestTtlSeconds.orElse(table.params().defaultTimeToLiveSeconds());
        Collector collector = new Collector(table, ttlSeconds);
        try (JsonParser parser = objectMapper.createParser(payload)) {
            readPayload(parser, collector);
        } catch (JsonProcessingException e) {
            collector.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload", e);
        }
        return collector.result();
    }

    /**
     * Reads a whole JSON payload into a tree (numbers as {@code BigDecimal}, duplicate keys refused), for callers
     * that reshape it before {@link #mapRows}.
     *
     * @return the tree, or a {@link RowError} of kind {@link RejectReason#MALFORMED_JSON}
     * @throws UncheckedIOException only when reading {@code payload} itself fails
     */
    public Object readTree(InputStream payload) {
        try (JsonParser parser = objectMapper.createParser(payload)) {
            JsonNode tree = objectMapper.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                return RowError.ofPayload(RejectReason.MALFORMED_JSON, "empty payload: expected a JSON value");
            }
            if (parser.nextToken() != null) {
                return RowError.ofPayload(RejectReason.MALFORMED_JSON, "unexpected data after the JSON value");
            }
            return tree;
        } catch (JsonProcessingException e) {
            Collector collector = new Collector(null, 0);
            collector.malformed(e);
            return collector.errors.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload", e);
        }
    }

    /**
     * Maps rows already shaped as JSON objects keyed by column name, exactly as a payload array of them would map.
     *
     * @param rows              the rows, each a JSON object
     * @param requestTtlSeconds a TTL in seconds for every row, or empty for the table's {@code default_time_to_live}
     * @return the mutations, one per row in order, or the reasons they were refused
     */
    public MappingResult mapRows(TableMetadata table, List<? extends JsonNode> rows, OptionalInt requestTtlSeconds) {
        int ttlSeconds = requestTtlSeconds.orElse(table.params().defaultTimeToLiveSeconds());
        Collector collector = new Collector(table, ttlSeconds);
        for (JsonNode row : rows) {
            collector.currentRow++;
            collector.add(mapRow(row, collector));
        }
        return collector.result();
    }

    private void readPayload(JsonParser parser, Collector collector) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            collector.error(RowError.ofPayload(RejectReason.MALFORMED_JSON,
                    "empty payload: expected a JSON object or an array of objects"));
            return;
        }
        if (first == JsonToken.START_OBJECT) {
            collector.currentRow = 0;
            collector.add(mapRow(objectMapper.readTree(parser), collector));
        } else if (first == JsonToken.START_ARRAY) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                collector.currentRow++;
                if (token == JsonToken.START_OBJECT) {
                    collector.add(mapRow(objectMapper.readTree(parser), collector));
                } else {
                    collector.error(new RowError(collector.currentRow, null, RejectReason.NOT_AN_OBJECT,
                            "expected a JSON object for the row, got " + describe(token)));
                    parser.skipChildren();
                }
            }
        } else {
            collector.error(RowError.ofPayload(RejectReason.NOT_AN_OBJECT,
                    "expected a JSON object or an array of objects, got " + describe(first)));
            parser.skipChildren();
        }
        if (parser.nextToken() != null) {
            collector.error(RowError.ofPayload(RejectReason.MALFORMED_JSON, "unexpected data after the JSON value"));
        }
    }

    /** @return the row's mutation, or null when the row failed (its errors are in the collector) */
    private Mutation mapRow(JsonNode row, Collector collector) {
        TableMetadata table = collector.table;
        byte[][] keyValues = new byte[table.partitionKeyColumns().size()][];
        byte[][] clusteringValues = new byte[table.clusteringColumns().size()][];
        Cell[] cells = new Cell[table.regularColumns().size()];
        long timestampMicros = timestamps.nextMicros();
        long nowSeconds = Math.floorDiv(timestampMicros, 1_000_000L);
        boolean failed = false;
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            ColumnMetadata column = table.column(field.getKey());
            String failure;
            if (column == null) {
                failed = collector.error(new RowError(collector.currentRow, field.getKey(),
                        RejectReason.UNKNOWN_COLUMN, "unknown column \"" + field.getKey() + "\" in table " + table));
                continue;
            } else if (column.isPrimaryKey()) {
                Conversion key = keyValue(column, field.getValue());
                (column.kind() == ColumnKind.PARTITION_KEY ? keyValues : clusteringValues)[column.position()] =
                        key.value();
                failure = key.failure();
            } else {
                failure = setCell(cells, table.regularIndex(column.name()), column, field.getValue(),
                        timestampMicros, collector.ttlSeconds, nowSeconds);
            }
            if (failure != null) {
                failed = collector.error(new RowError(collector.currentRow, column.name(),
                        RejectReason.INVALID_VALUE, failure));
            }
        }
        failed |= missingKeyColumns(table.partitionKeyColumns(), keyValues, "partition key", collector);
        failed |= missingKeyColumns(table.clusteringColumns(), clusteringValues, "clustering", collector);
        if (failed || !collector.errors.isEmpty()) {
            return null; // the payload is refused: no need to build what would be thrown away
        }
        Cell marker = Cell.live(timestampMicros, collector.ttlSeconds, nowSeconds, Row.MARKER_VALUE);
        Row mapped = new Row(Clustering.of(clusteringValues), marker, null, cells);
        return Mutation.of(table, DecoratedKey.of(PartitionKeys.compose(keyValues)), List.of(mapped));
    }

    private Conversion keyValue(ColumnMetadata column, JsonNode node) {
        if (node.isNull()) {
            return Conversion.failed("null is not allowed for a primary key column");
        }
        Conversion converted = converter.convert(node, column.type());
        if (converted.isFailure()) {
            return converted;
        }
        if (column.kind() == ColumnKind.PARTITION_KEY && converted.value().length == 0) {
            return Conversion.failed("Key may not be empty");
        }
        if (converted.value().length > MAX_KEY_VALUE_BYTES) {
            return Conversion.failed("Key length of " + converted.value().length + " is longer than maximum of "
                    + MAX_KEY_VALUE_BYTES);
        }
        return converted;
    }

    /**
     * Puts a regular or static column's cell in its slot: a live (or expiring) cell, or a tombstone for JSON null and
     * for an empty non-frozen collection.
     *
     * @return null, or the reason the value does not convert (the slot is then left empty)
     */
    private String setCell(Cell[] cells, int slot, ColumnMetadata column, JsonNode node, long timestampMicros,
                           int ttlSeconds, long nowSeconds) {
        if (node.isNull()) {
            cells[slot] = Cell.tombstone(timestampMicros, nowSeconds);
            return null;
        }
        Conversion value = converter.convert(node, column.type());
        if (value.isFailure()) {
            return value.failure();
        }
        boolean emptyNonFrozen = column.type() instanceof CollectionType collection && !collection.frozen()
                && node.size() == 0;
        cells[slot] = emptyNonFrozen ? Cell.tombstone(timestampMicros, nowSeconds)
                : Cell.live(timestampMicros, ttlSeconds, nowSeconds, value.value());
        return null;
    }

    /** Records an error for each key column without a value; @return whether any was missing */
    private static boolean missingKeyColumns(List<ColumnMetadata> columns, byte[][] values, String what,
                                             Collector collector) {
        boolean missing = false;
        for (int i = 0; i < columns.size(); i++) {
            if (values[i] == null && !collector.reported(columns.get(i).name())) {
                collector.error(new RowError(collector.currentRow, columns.get(i).name(),
                        RejectReason.MISSING_PRIMARY_KEY, "missing " + what + " column"));
                missing = true;
            } else if (values[i] == null) {
                missing = true;
            }
        }
        return missing;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** The state of one {@code map} call: the mutations so far, the errors so far and the row being read. */
    private static final class Collector {
        final TableMetadata table;
        final int ttlSeconds;
        final List<Mutation> mutations = new ArrayList<>();
        final List<RowError> errors = new ArrayList<>();
        int currentRow = RowError.WHOLE_PAYLOAD;

        Collector(TableMetadata table, int ttlSeconds) {
            this.table = table;
            this.ttlSeconds = ttlSeconds;
        }

        void add(Mutation mutation) {
            if (mutation != null && errors.isEmpty()) {
                mutations.add(mutation);
            }
        }

        /** Records an error (up to the cap); @return true, for {@code failed = error(...)} */
        boolean error(RowError error) {
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(error);
            }
            mutations.clear();
            return true;
        }

        /** @return whether the current row already has an error for {@code column} (a null key value, say) */
        boolean reported(String column) {
            for (int i = errors.size() - 1; i >= 0 && errors.get(i).row() == currentRow; i--) {
                if (column.equals(errors.get(i).column())) {
                    return true;
                }
            }
            return false;
        }

        void malformed(JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            error(new RowError(currentRow, null, RejectReason.MALFORMED_JSON,
                    "malformed JSON" + where + ": " + e.getOriginalMessage()));
        }

        MappingResult result() {
            if (errors.isEmpty()) {
                return new MappingResult.Mapped(mutations);
            }
            return new MappingResult.Rejected(errors, Math.max(1, currentRow + 1));
        }
    }
}
