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
 *   <li>static columns ({@link InsertRows}): their cells go to the partition's static row (no marker); a row naming
 *       the partition key and static columns only writes the static row alone, as {@code INSERT INTO t (pk, s)}
 *       does (Cassandra's {@code INSERT JSON} binds every clustering column and so refuses such a row; ingest
 *       follows {@code INSERT} here, as it leaves columns not given untouched like {@code DEFAULT UNSET}); any other
 *       row needs its full clustering, else it is refused with Cassandra's {@code Some clustering keys are missing:
 *       c1, c2};</li>
 *   <li>every cell and the marker carry the same timestamp, the gateway's clock in microseconds, strictly increasing
 *       from row to row ({@link WriteTimestamps});</li>
 *   <li>TTL: the per-request TTL when given (0 = none, even when the table has a default), else the table's
 *       {@code default_time_to_live}; it applies to the marker and every cell;</li>
 *   <li>JSON {@code null} is a cell tombstone, as is an empty array/object for a non-frozen collection (Cassandra
 *       stores an empty non-frozen collection as no collection);</li>
 *   <li>every partition key column is required, and every clustering column but for a static-only row; key values
 *       are non-null; a partition key value may not be empty; key values are at most 65535 bytes; unknown columns
 *       are refused. Column names match exactly (as stored: unquoted CQL identifiers are lower case).</li>
 * </ul>
 *
 * Every mutation returned meets what {@code StorageEngine.offerTrusted} requires, so a frontend may take that path
 * with them: every partition key component non-empty, every key and clustering value present, non-null and at most
 * 65535 bytes, the clustering complete (or the row is the static row: {@link Clustering#STATIC}, no marker, cells
 * of static columns only, as the engine's own check requires), one cell slot per regular column, static cells only
 * in the static row, TTLs checked by {@link #ttlError} (or the table's own default), no range tombstones.
 *
 * <p>Values convert as {@link JsonValueConverter} and {@link JsonCollectionConverter} document (user-defined types:
 * a JSON object by field name, as Cassandra's {@code INSERT JSON} takes it). Failures are returned
 * as a {@link MappingResult.Rejected} listing row index, column and reason; nothing is thrown for bad input, and
 * when any row fails no mutation is returned.
 *
 * <p>Allocation per row, for a payload read by {@code map}: no JSON tree. Strings, integral numbers, finite numbers
 * and booleans for text, integer, timestamp, float/double and boolean columns are serialized straight from the
 * parser's token ({@link JsonTokenValues}: one {@code byte[]} per value, plus Jackson's {@code String} for a string);
 * any other value is read as a tree of that value alone and converted with a small {@code Conversion} holder. Then
 * one {@link Cell} per value and the marker, the key and clustering slot arrays, the composed partition key, a
 * {@link DecoratedKey}, a {@link Clustering}, a {@link Row} with its cell array ({@code regularColumns().size()}
 * slots), and the {@link Mutation} with its row list. Collections add one {@code byte[]} per element and a list of
 * them; a user-defined type one {@code byte[]} per field set; a row that sets static columns a second cell array and
 * the static {@link Row}. Per payload: Jackson's parser (its buffers are recycled per thread) and the result lists.
 * {@link #mapRows} maps trees the caller built.
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

    /** As {@link #map(TableMetadata, byte[], int, int, OptionalInt)} for the whole array. */
    public MappingResult map(TableMetadata table, byte[] payload, OptionalInt requestTtlSeconds) {
        return map(table, payload, 0, payload.length, requestTtlSeconds);
    }

    /**
     * Maps a payload in memory; the parser reads the array in place (no stream, no copy).
     *
     * @param payload           holds JSON text (UTF-8, or UTF-16/32 detected from the first bytes); only read during
     *                          the call
     * @param offset            where the JSON text starts in {@code payload}
     * @param lengthBytes       the JSON text's length, bytes
     * @param requestTtlSeconds a TTL in seconds for every row, or empty for the table's {@code default_time_to_live}
     * @return the mutations, one per row in payload order, or the reasons the payload was refused
     */
    public MappingResult map(TableMetadata table, byte[] payload, int offset, int lengthBytes,
                             OptionalInt requestTtlSeconds) {
        Collector collector = collector(table, requestTtlSeconds);
        if (collector.errors.isEmpty()) {
            try (JsonParser parser = objectMapper.createParser(payload, offset, lengthBytes)) {
                readPayload(parser, collector);
            } catch (JsonProcessingException e) {
                collector.malformed(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the payload", e);
            }
        }
        return collector.result();
    }

    /**
     * @param table             the table the rows go to
     * @param payload           JSON text (UTF-8, or UTF-16/32 detected from the first bytes); read to its end
     * @param requestTtlSeconds a TTL in seconds for every row, or empty for the table's {@code default_time_to_live}
     * @return the mutations, one per row in payload order, or the reasons the payload was refused
     * @throws UncheckedIOException only when reading {@code payload} itself fails (not for malformed content)
     */
    public MappingResult map(TableMetadata table, InputStream payload, OptionalInt requestTtlSeconds) {
        Collector collector = collector(table, requestTtlSeconds);
        if (collector.errors.isEmpty()) {
            try (JsonParser parser = objectMapper.createParser(payload)) {
                readPayload(parser, collector);
            } catch (JsonProcessingException e) {
                collector.malformed(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the payload", e);
            }
        }
        return collector.result();
    }

    /** @return a collector for one payload, holding the TTL error already when the request's TTL is invalid */
    private static Collector collector(TableMetadata table, OptionalInt requestTtlSeconds) {
        if (requestTtlSeconds.isPresent() && ttlError(requestTtlSeconds.getAsInt()) != null) {
            Collector refused = new Collector(table, 0);
            refused.error(RowError.ofPayload(RejectReason.INVALID_TTL, ttlError(requestTtlSeconds.getAsInt())));
            refused.currentRow = 0;
            return refused;
        }
        return new Collector(table, requestTtlSeconds.orElse(table.params().defaultTimeToLiveSeconds()));
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
            return readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload", e);
        }
    }

    /**
     * As {@link #readTree(InputStream)} for a payload in memory, read in place.
     *
     * @param payload     holds the JSON text; only read during the call
     * @param offset      where the text starts in {@code payload}
     * @param lengthBytes the text's length, bytes
     */
    public Object readTree(byte[] payload, int offset, int lengthBytes) {
        try (JsonParser parser = objectMapper.createParser(payload, offset, lengthBytes)) {
            return readTree(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload", e);
        }
    }

    private Object readTree(JsonParser parser) throws IOException {
        try {
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
            collector.add(streamRow(parser, collector));
        } else if (first == JsonToken.START_ARRAY) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                collector.currentRow++;
                if (token == JsonToken.START_OBJECT) {
                    collector.add(streamRow(parser, collector));
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

    /**
     * Reads one row object token by token, straight into the row's slots: the common values convert from the token
     * ({@link JsonTokenValues}); any other value is read as a small tree of that value only and converted as
     * {@link #mapRows} converts it, so both paths give the same bytes and the same messages.
     *
     * @param parser on the row's {@code START_OBJECT}; left on its {@code END_OBJECT}
     * @return the row's mutation, or null when the row failed (its errors are in the collector)
     */
    private Mutation streamRow(JsonParser parser, Collector collector) throws IOException {
        collector.startRow(timestamps.nextMicros());
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            ColumnMetadata column = collector.table.column(name);
            collector.named(column);
            if (column == null) {
                unknownColumn(name, collector);
                parser.skipChildren();
            } else if (token == JsonToken.VALUE_NULL) {
                putNull(column, collector);
            } else {
                byte[] value = JsonTokenValues.convert(parser, token, column.type());
                if (value != null) {
                    putConverted(column, value, collector);
                } else {
                    putValue(column, objectMapper.readTree(parser), collector);
                }
            }
        }
        return finishRow(collector);
    }

    /** @return the row's mutation, or null when the row failed (its errors are in the collector) */
    private Mutation mapRow(JsonNode row, Collector collector) {
        collector.startRow(timestamps.nextMicros());
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            ColumnMetadata column = collector.table.column(field.getKey());
            collector.named(column);
            if (column == null) {
                unknownColumn(field.getKey(), collector);
            } else if (field.getValue().isNull()) {
                putNull(column, collector);
            } else {
                putValue(column, field.getValue(), collector);
            }
        }
        return finishRow(collector);
    }

    private static void unknownColumn(String name, Collector collector) {
        collector.error(new RowError(collector.currentRow, name, RejectReason.UNKNOWN_COLUMN,
                "unknown column \"" + name + "\" in table " + collector.table));
    }

    /** JSON null: a cell tombstone for a regular or static column, an error for a primary key column. */
    private static void putNull(ColumnMetadata column, Collector collector) {
        if (column.isPrimaryKey()) {
            invalidValue(column, "null is not allowed for a primary key column", collector);
        } else {
            collector.cells[collector.table.regularIndex(column.name())] =
                    Cell.tombstone(collector.timestampMicros, collector.nowSeconds);
        }
    }

    /** A non-null value already serialized from its token (never a collection). */
    private static void putConverted(ColumnMetadata column, byte[] value, Collector collector) {
        if (column.isPrimaryKey()) {
            putKey(column, value, collector);
        } else {
            collector.cells[collector.table.regularIndex(column.name())] = Cell.live(collector.timestampMicros,
                    collector.ttlSeconds, collector.nowSeconds, value);
        }
    }

    /**
     * A non-null value as a tree: a key value, or a regular or static column's live (or expiring) cell, or a
     * tombstone for an empty non-frozen collection.
     */
    private void putValue(ColumnMetadata column, JsonNode node, Collector collector) {
        Conversion converted = converter.convert(node, column.type());
        if (converted.isFailure()) {
            invalidValue(column, converted.failure(), collector);
        } else if (column.isPrimaryKey()) {
            putKey(column, converted.value(), collector);
        } else {
            boolean emptyNonFrozen = column.type() instanceof CollectionType collection && !collection.frozen()
                    && node.size() == 0;
            collector.cells[collector.table.regularIndex(column.name())] = emptyNonFrozen
                    ? Cell.tombstone(collector.timestampMicros, collector.nowSeconds)
                    : Cell.live(collector.timestampMicros, collector.ttlSeconds, collector.nowSeconds,
                            converted.value());
        }
    }

    private static void putKey(ColumnMetadata column, byte[] value, Collector collector) {
        if (column.kind() == ColumnKind.PARTITION_KEY && value.length == 0) {
            invalidValue(column, "Key may not be empty", collector);
        } else if (value.length > MAX_KEY_VALUE_BYTES) {
            invalidValue(column, "Key length of " + value.length + " is longer than maximum of "
                    + MAX_KEY_VALUE_BYTES, collector);
        } else {
            (column.kind() == ColumnKind.PARTITION_KEY ? collector.keyValues : collector.clusteringValues)
                    [column.position()] = value;
        }
    }

    private static void invalidValue(ColumnMetadata column, String failure, Collector collector) {
        collector.error(new RowError(collector.currentRow, column.name(), RejectReason.INVALID_VALUE, failure));
    }

    /** Checks the row's key columns and builds its mutation; @return null when the row or the payload failed */
    private static Mutation finishRow(Collector collector) {
        TableMetadata table = collector.table;
        boolean failed = collector.rowFailed;
        failed |= missingKeyColumns(table.partitionKeyColumns(), collector.keyValues, collector);
        boolean staticOnly = InsertRows.staticOnly(table, collector.clusteringNamed, collector.regularNamed,
                collector.staticNamed);
        if (!staticOnly) {
            failed |= missingClustering(collector);
        }
        collector.rowErrorsStart = -1;
        if (failed || !collector.errors.isEmpty()) {
            return null; // the payload is refused: no need to build what would be thrown away
        }
        DecoratedKey key = DecoratedKey.of(PartitionKeys.compose(collector.keyValues));
        if (staticOnly) {
            return Mutation.of(table, key, InsertRows.staticRow(collector.cells));
        }
        Cell marker = Cell.live(collector.timestampMicros, collector.ttlSeconds, collector.nowSeconds,
                Row.MARKER_VALUE);
        return Mutation.of(table, key, InsertRows.rows(table, Clustering.of(collector.clusteringValues), marker,
                collector.cells));
    }

    /**
     * Records Cassandra's {@code Some clustering keys are missing: ...} for a row (not a static-only one) without its
     * full clustering, naming the clustering columns the row does not give (a clustering column given with a bad
     * value has its own error already); @return whether any clustering value is missing
     */
    private static boolean missingClustering(Collector collector) {
        List<ColumnMetadata> columns = collector.table.clusteringColumns();
        StringBuilder unreported = null;
        String first = null;
        boolean missing = false;
        for (int i = 0; i < columns.size(); i++) {
            if (collector.clusteringValues[i] != null) {
                continue;
            }
            missing = true;
            String name = columns.get(i).name();
            if (!collector.reported(name)) {
                unreported = unreported == null ? new StringBuilder(InsertRows.MISSING_CLUSTERING)
                        : unreported.append(", ");
                unreported.append(name);
                first = first == null ? name : first;
            }
        }
        if (unreported != null) {
            collector.error(new RowError(collector.currentRow, first, RejectReason.MISSING_PRIMARY_KEY,
                    unreported.toString()));
        }
        return missing;
    }

    /** Records an error for each partition key column without a value; @return whether any was missing */
    private static boolean missingKeyColumns(List<ColumnMetadata> columns, byte[][] values, Collector collector) {
        boolean missing = false;
        for (int i = 0; i < columns.size(); i++) {
            if (values[i] == null && !collector.reported(columns.get(i).name())) {
                collector.error(new RowError(collector.currentRow, columns.get(i).name(),
                        RejectReason.MISSING_PRIMARY_KEY, "missing partition key column"));
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
        /** The row being read: its key values and cells, the time of its cells, whether it failed. */
        byte[][] keyValues;
        byte[][] clusteringValues;
        Cell[] cells;
        long timestampMicros;
        long nowSeconds;
        /** Whether the row names a clustering, a regular or a static column (for {@link InsertRows#staticOnly}). */
        boolean clusteringNamed;
        boolean regularNamed;
        boolean staticNamed;
        boolean rowFailed;
        /** Where the current row's errors start in {@link #errors}, or -1 between rows. */
        int rowErrorsStart = -1;

        Collector(TableMetadata table, int ttlSeconds) {
            this.table = table;
            this.ttlSeconds = ttlSeconds;
        }

        /** Fresh slots for the next row (the mutation keeps them), its cells at {@code rowTimestampMicros}. */
        void startRow(long rowTimestampMicros) {
            keyValues = new byte[table.partitionKeyColumns().size()][];
            clusteringValues = new byte[table.clusteringColumns().size()][];
            cells = new Cell[table.regularColumns().size()];
            timestampMicros = rowTimestampMicros;
            nowSeconds = Math.floorDiv(rowTimestampMicros, 1_000_000L);
            rowFailed = false;
            clusteringNamed = false;
            regularNamed = false;
            staticNamed = false;
            rowErrorsStart = errors.size();
        }

        /** Notes the kind of a column the row names (null: an unknown column). */
        void named(ColumnMetadata column) {
            if (column != null) {
                clusteringNamed |= column.kind() == ColumnKind.CLUSTERING;
                regularNamed |= column.kind() == ColumnKind.REGULAR;
                staticNamed |= column.kind() == ColumnKind.STATIC;
            }
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
            rowFailed = true;
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

        /**
         * The payload is not JSON. Errors of a row cut short are dropped first: the payload is refused as malformed,
         * as it was when a row was read whole before being mapped.
         */
        void malformed(JsonProcessingException e) {
            if (rowErrorsStart >= 0) {
                errors.subList(rowErrorsStart, errors.size()).clear();
                rowErrorsStart = -1;
            }
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
