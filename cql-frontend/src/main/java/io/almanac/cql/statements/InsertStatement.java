package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A prepared INSERT: one row of one partition, with a row marker and one cell per listed regular column
 * (reference §5.1). A {@code null} value writes a cell tombstone, an unset value writes nothing, and an empty
 * non-frozen collection deletes the column (as in Cassandra).
 *
 * <p>TTL: {@code USING TTL n} applies to the marker and every cell; {@code USING TTL 0} means none; without it
 * the table's {@code default_time_to_live} applies (reference §5.2). Timestamp: {@code USING TIMESTAMP} beats the
 * client's default timestamp, which beats the server clock (§5.3). {@code IF NOT EXISTS} makes the INSERT a
 * lightweight transaction ({@link ReadModifyWrites}) written with the shard writer's timestamp.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class InsertStatement extends TableModification {

    private final List<ColumnMetadata> columns;
    private final List<PreparedTerm> values;
    private final ColumnConditions conditions;

    private InsertStatement(TableTarget target, List<ColumnMetadata> columns, List<PreparedTerm> values,
                            ColumnConditions conditions, WriteAttributes attributes, List<ColumnSpec> bindVariables,
                            int[] partitionKeyBindIndexes) {
        super(target, attributes, bindVariables, partitionKeyBindIndexes);
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.conditions = conditions;
    }

    /** Prepares a stand-alone INSERT. */
    static InsertStatement prepare(ParsedStatement.Insert insert, int markerCount, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        InsertStatement prepared = prepare(insert, variables, sessionKeyspace, schema, systemTables);
        return prepared.withVariables(variables);
    }

    /**
     * Prepares an INSERT whose markers are recorded in {@code variables} (shared by the statements of a BATCH).
     *
     * @throws CqlException 0x2100 for system keyspaces, 0x2200 for unknown or missing columns and bad values
     */
    static InsertStatement prepare(ParsedStatement.Insert insert, BindVariables variables, String sessionKeyspace,
                                   Schema schema, VirtualTables systemTables) {
        TableTarget.checkModifiable(TableTarget.keyspace(insert.table().keyspace(), sessionKeyspace),
                systemTables);
        TableTarget target = TableTarget.resolve(insert.table(), sessionKeyspace, schema, systemTables);
        TableMetadata table = target.metadata();
        if (insert.columns().size() != insert.values().size()) {
            throw CqlException.invalid("Unmatched column names/values");
        }
        List<ColumnMetadata> columns = new ArrayList<>();
        List<PreparedTerm> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < insert.columns().size(); i++) {
            String name = insert.columns().get(i);
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw StatementErrors.undefinedColumn(name, table);
            }
            if (!seen.add(name)) {
                throw CqlException.invalid("The column names contains duplicates");
            }
            if (column.type() == NativeType.COUNTER) {
                throw CqlException.invalid("INSERT statements are not allowed on counter tables, use UPDATE instead");
            }
            columns.add(column);
            values.add(TermPreparer.prepare(insert.values().get(i), spec(table, column.name(), column.type()),
                    variables, column));
        }
        checkKeyColumns(table, seen, columns);
        WriteAttributes attributes = WriteAttributes.prepare(insert.timeToLive(), insert.timestamp(), table,
                variables);
        if (insert.ifNotExists() && insert.timestamp() != null) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional updates");
        }
        ColumnConditions conditions = insert.ifNotExists()
                ? new ColumnConditions(io.almanac.cql.parser.Conditions.Kind.NOT_EXISTS, List.of()) : null;
        return new InsertStatement(target, columns, values, conditions, attributes, List.of(), new int[0]);
    }

    @Override
    public ColumnConditions conditions() {
        return conditions;
    }

    @Override
    public List<DecoratedKey> partitionKeys(List<byte[]> bound) {
        return List.of(mutation(bound, 0, 0).key());
    }

    @Override
    public List<Clustering> clusterings(List<byte[]> bound) {
        return List.of(mutation(bound, 0, 0).rows().get(0).clustering());
    }

    private InsertStatement withVariables(BindVariables variables) {
        return new InsertStatement(target, columns, values, conditions, attributes, variables.specs(),
                variables.partitionKeyIndexes(target.metadata().partitionKeyColumns()));
    }

    private static void checkKeyColumns(TableMetadata table, Set<String> given, List<ColumnMetadata> columns) {
        String missingKey = missing(table.partitionKeyColumns(), given);
        if (!missingKey.isEmpty()) {
            throw CqlException.invalid("Some partition key parts are missing: " + missingKey);
        }
        String missingClustering = missing(table.clusteringColumns(), given);
        boolean noClustering = table.clusteringColumns().stream().noneMatch(c -> given.contains(c.name()));
        if (noClustering && StaticColumns.allStatic(columns.stream().filter(c -> !c.isPrimaryKey()).toList())) {
            return;
        }
        if (!missingClustering.isEmpty()) {
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering);
        }
    }

    private static String missing(List<ColumnMetadata> required, Set<String> given) {
        return required.stream().map(ColumnMetadata::name).filter(n -> !given.contains(n))
                .collect(Collectors.joining(", "));
    }

    private static ColumnSpec spec(TableMetadata table, String name, CqlType type) {
        return new ColumnSpec(table.keyspace(), table.name(), name, type);
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        return List.of(mutation(bound, timestampMicros, nowSeconds));
    }

    /**
     * @param bound           the bound values in marker order
     * @param timestampMicros the write timestamp of every cell and of the row marker
     * @param nowSeconds      "now", the base of TTL expiry and of tombstones' deletion time
     * @return the mutation writing this row
     * @throws CqlException for null, unset or empty key values and bad values
     */
    Mutation mutation(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        TableMetadata table = target.metadata();
        int ttl = attributes.timeToLiveSeconds(bound, table);
        byte[][] columnValues = new byte[columns.size()][];
        for (int i = 0; i < columns.size(); i++) {
            columnValues[i] = values.get(i).bind(bound);
        }
        return mutation(table, columns, columnValues, ttl, timestampMicros, nowSeconds);
    }

    /**
     * @param columns the columns written, each primary key column among them
     * @param values  per column its serialized value, null (a cell tombstone) or {@link QueryOptions#UNSET}
     * @param ttl     the TTL of the marker and the cells, seconds (0: none)
     * @return the mutation of an INSERT of that row
     * @throws CqlException for null, unset or empty key values
     */
    static Mutation mutation(TableMetadata table, List<ColumnMetadata> columns, byte[][] values, int ttl,
                             long timestampMicros, long nowSeconds) {
        byte[][] partitionKey = new byte[table.partitionKeyColumns().size()][];
        byte[][] clustering = new byte[table.clusteringColumns().size()][];
        Cell[] cells = new Cell[table.regularColumns().size()];
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            byte[] value = values[i];
            if (column.isPrimaryKey()) {
                byte[] key = keyValue(column, value);
                (column.kind() == ColumnKind.PARTITION_KEY ? partitionKey : clustering)[column.position()] = key;
            } else if (!QueryOptions.isUnset(value)) {
                cells[table.regularIndex(column.name())] = value == null || isEmptyCollection(column, value)
                        ? Cell.tombstone(timestampMicros, nowSeconds)
                        : Cell.live(timestampMicros, ttl, nowSeconds, value);
            }
        }
        byte[] key = PartitionKeys.compose(partitionKey);
        if (key.length == 0) {
            throw CqlException.invalid("Key may not be empty");
        }
        if (clustering.length > 0 && clustering[0] == null) {
            // only static columns and the partition key: the partition's static row alone
            return Mutation.of(table, DecoratedKey.of(key), StaticColumns.rows(table, List.of(), null, null, cells));
        }
        return Mutation.of(table, DecoratedKey.of(key), StaticColumns.rows(table, List.of(Clustering.of(clustering)),
                Cell.live(timestampMicros, ttl, nowSeconds, Row.MARKER_VALUE), null, cells));
    }

    private static byte[] keyValue(ColumnMetadata column, byte[] value) {
        if (value == null) {
            throw CqlException.invalid("Invalid null value in condition for column " + column.name());
        }
        if (QueryOptions.isUnset(value)) {
            throw CqlException.invalid("Invalid unset value for column " + column.name());
        }
        return value;
    }

    /** An empty non-frozen collection is no collection at all: writing one deletes the column (Cassandra). */
    static boolean isEmptyCollection(ColumnMetadata column, byte[] value) {
        return column.type() instanceof CollectionType collection && !collection.frozen()
                && (value.length == 0 || (value.length == 4 && ByteBuffer.wrap(value).getInt() == 0));
    }
}
