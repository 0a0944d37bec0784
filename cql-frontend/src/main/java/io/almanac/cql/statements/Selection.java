package io.almanac.cql.statements;

import io.almanac.cql.parser.Selector;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.Murmur3Partitioner;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The columns a SELECT returns and how each value is produced from a row (Cassandra's {@code Selection}).
 *
 * <p>{@code SELECT *} returns the partition key columns, then the clustering columns, then the other columns in
 * alphabetical order, as Cassandra does. {@code token(k)} is the bigint Murmur3 token of the partition,
 * {@code writetime(c)} the cell's timestamp in microseconds (bigint) and {@code ttl(c)} its remaining seconds
 * (int, null without TTL).
 *
 * <p>Thread safety: immutable.
 */
final class Selection {

    /** One result column: what it selects and, for virtual rows, the column's index in the row. */
    private record Item(Selector.Kind kind, ColumnMetadata column, int virtualIndex) {
    }

    private final TableMetadata table;
    private final List<Item> items;
    private final ResultMetadata metadata;
    private final int[] partitionKeyIndexes;

    private Selection(TableMetadata table, List<Item> items, ResultMetadata metadata) {
        this.table = table;
        this.items = List.copyOf(items);
        this.metadata = metadata;
        List<ColumnMetadata> partitionKey = table.partitionKeyColumns();
        this.partitionKeyIndexes = new int[partitionKey.size()];
        for (int i = 0; i < partitionKeyIndexes.length; i++) {
            partitionKeyIndexes[i] = table.columns().indexOf(partitionKey.get(i));
        }
    }

    /**
     * @param selectors the parsed selectors; empty for {@code *}
     * @throws CqlException 0x2200 for unknown columns and misuse of token(), writetime() and ttl()
     */
    static Selection prepare(TableMetadata table, List<Selector> selectors) {
        List<Item> items = new ArrayList<>();
        List<ColumnSpec> specs = new ArrayList<>();
        if (selectors.isEmpty()) {
            for (ColumnMetadata column : selectAllOrder(table)) {
                items.add(new Item(Selector.Kind.COLUMN, column, table.columns().indexOf(column)));
                specs.add(spec(table, column.name(), column.type()));
            }
        } else {
            for (Selector selector : selectors) {
                Item item = item(table, selector);
                items.add(item);
                String name = selector.alias() != null ? selector.alias() : selector.defaultName();
                specs.add(spec(table, name, type(item)));
            }
        }
        return new Selection(table, items, new ResultMetadata(specs));
    }

    /**
     * Checks a SELECT DISTINCT selection: partition key columns (all of them) and token() only.
     *
     * @throws CqlException with Cassandra's messages
     */
    void validateDistinct() {
        List<ColumnMetadata> partitionKey = table.partitionKeyColumns();
        for (Item item : items) {
            if (item.column() != null && item.column().kind() != ColumnKind.PARTITION_KEY) {
                throw CqlException.invalid("SELECT DISTINCT queries must only request partition key columns and/or"
                        + " static columns (not " + item.column().name() + ")");
            }
        }
        List<String> missing = partitionKey.stream().filter(c -> items.stream().noneMatch(i -> c.equals(i.column())))
                .map(ColumnMetadata::name).toList();
        if (!missing.isEmpty()) {
            throw CqlException.invalid("SELECT DISTINCT queries must request all the partition key columns (missing "
                    + String.join(", ", missing) + ")");
        }
    }

    private static List<ColumnMetadata> selectAllOrder(TableMetadata table) {
        List<ColumnMetadata> ordered = new ArrayList<>(table.partitionKeyColumns());
        ordered.addAll(table.clusteringColumns());
        table.regularColumns().stream().sorted(Comparator.comparing(ColumnMetadata::name)).forEach(ordered::add);
        return ordered;
    }

    private static Item item(TableMetadata table, Selector selector) {
        if (selector.kind() == Selector.Kind.TOKEN) {
            List<String> expected = table.partitionKeyColumns().stream().map(ColumnMetadata::name).toList();
            if (!selector.columns().equals(expected)) {
                throw CqlException.invalid("The token function arguments must be the partition key columns in"
                        + " order: " + String.join(", ", expected));
            }
            return new Item(Selector.Kind.TOKEN, null, -1);
        }
        String name = selector.columns().get(0);
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw StatementErrors.undefinedColumn(name, table);
        }
        if (selector.kind() != Selector.Kind.COLUMN) {
            String function = selector.kind() == Selector.Kind.WRITETIME ? "writeTime" : "ttl";
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Cannot use selection function " + function + " on PRIMARY KEY part "
                        + name);
            }
            if (column.type() instanceof CollectionType collection && !collection.frozen()) {
                throw CqlException.invalid("Cannot use selection function " + function + " on collections");
            }
        }
        return new Item(selector.kind(), column, table.columns().indexOf(column));
    }

    private static CqlType type(Item item) {
        return switch (item.kind()) {
            case COLUMN -> item.column().type();
            case TOKEN, WRITETIME -> NativeType.BIGINT;
            case TTL -> NativeType.INT;
        };
    }

    private static ColumnSpec spec(TableMetadata table, String name, CqlType type) {
        return new ColumnSpec(table.keyspace(), table.name(), name, type);
    }

    ResultMetadata metadata() {
        return metadata;
    }

    /**
     * @param partitionKey the partition key column values
     * @param token        the partition's token
     * @param row          a live row as the engine returned it
     * @param nowSeconds   "now", for ttl()
     * @return the selected values ({@code null} for CQL null)
     */
    byte[][] storedRow(byte[][] partitionKey, long token, Row row, long nowSeconds) {
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < values.length; i++) {
            Item item = items.get(i);
            values[i] = switch (item.kind()) {
                case TOKEN -> bigint(token);
                case COLUMN -> columnValue(item.column(), partitionKey, row);
                case WRITETIME -> {
                    Cell cell = cell(item.column(), row);
                    yield cell == null ? null : bigint(cell.timestampMicros());
                }
                case TTL -> {
                    Cell cell = cell(item.column(), row);
                    yield cell == null || cell.ttlSeconds() <= 0 ? null
                            : ByteBuffer.allocate(4).putInt((int) Math.max(0,
                                    cell.localDeletionTimeSeconds() - nowSeconds)).array();
                }
            };
        }
        return values;
    }

    /** @return the value of {@code column} in a live row ({@code null} for CQL null) */
    byte[] columnValue(ColumnMetadata column, byte[][] partitionKey, Row row) {
        if (column.kind() == ColumnKind.PARTITION_KEY) {
            return partitionKey[column.position()];
        }
        if (column.kind() == ColumnKind.CLUSTERING) {
            return row.clustering().get(column.position());
        }
        Cell cell = cell(column, row);
        return cell == null ? null : cell.value();
    }

    private Cell cell(ColumnMetadata column, Row row) {
        int index = table.regularIndex(column.name());
        Cell[] cells = row.cells();
        return index >= 0 && index < cells.length ? cells[index] : null;
    }

    /** @return the selected values of a virtual table row (writetime() and ttl() are null there) */
    byte[][] virtualRow(byte[][] row) {
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < values.length; i++) {
            Item item = items.get(i);
            values[i] = switch (item.kind()) {
                case COLUMN -> row[item.virtualIndex()];
                case TOKEN -> bigint(virtualToken(row));
                case WRITETIME, TTL -> null;
            };
        }
        return values;
    }

    /** @return the token of a virtual row's partition key */
    long virtualToken(byte[][] row) {
        byte[][] components = new byte[partitionKeyIndexes.length][];
        for (int i = 0; i < components.length; i++) {
            byte[] value = row[partitionKeyIndexes[i]];
            components[i] = value == null ? new byte[0] : value;
        }
        return Murmur3Partitioner.token(PartitionKeys.compose(components));
    }

    static byte[] bigint(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
