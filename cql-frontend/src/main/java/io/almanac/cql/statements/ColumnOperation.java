package io.almanac.cql.statements;

import io.almanac.cql.parser.Operation;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.data.Cell;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A prepared assignment that reads the column's current value: a counter increment or decrement, or an element
 * operation on a non-frozen collection ({@link Operation.Kind}, plus {@code DELETE c[k]}). Executed on the
 * partition's shard writer ({@link io.almanac.storage.engine.StorageEngine#readModifyWrite}), so concurrent
 * operations on one partition never lose an update.
 *
 * <p>Counters (Almanac's single-node model, not Cassandra's distributed counter shards): the value is a bigint cell
 * written with the writer's timestamp; an absent or deleted counter counts from 0; the sum wraps on overflow.
 *
 * <p>Bind markers are named as in Cassandra: the column for whole operands, {@code idx(c)} for list indexes,
 * {@code key(c)} for map keys, {@code value(c)} for elements and map values.
 *
 * <p>Thread safety: immutable.
 *
 * @param column  the column changed
 * @param kind    what is done
 * @param element the list index or map key (set element for DELETE s[e]), or null
 * @param value   the operand, or null for DELETE_ELEMENT
 */
record ColumnOperation(ColumnMetadata column, Kind kind, PreparedTerm element, PreparedTerm value) {

    /** The operations; {@link Operation.Kind} plus the element deletion. */
    enum Kind { ADD, PREPEND, SUBTRACT, SET_ELEMENT, DELETE_ELEMENT }

    /** @throws CqlException 0x2200 with Cassandra's messages when the operation does not fit the column */
    static ColumnOperation prepare(Operation operation, TableMetadata table, BindVariables variables) {
        ColumnMetadata column = requireColumn(table, operation.column(), "found in SET part");
        CqlType type = column.type();
        Kind kind = Kind.valueOf(operation.kind().name());
        String text = describe(operation);
        if (type == NativeType.COUNTER) {
            if (kind != Kind.ADD && kind != Kind.SUBTRACT) {
                throw CqlException.invalid("Invalid operation (" + text + ") for non collection column "
                        + column.name());
            }
            return new ColumnOperation(column, kind, null, TermPreparer.prepare(operation.value(),
                    spec(table, column.name(), type), variables, null));
        }
        CollectionType collection = nonFrozenCollection(column, text);
        if (kind == Kind.SET_ELEMENT) {
            return element(operation, table, column, collection, text, variables);
        }
        if (kind == Kind.PREPEND && collection.kind() != CollectionType.Kind.LIST) {
            throw CqlException.invalid("Invalid operation (" + text + ") for non list column " + column.name());
        }
        CqlType operandType = kind == Kind.SUBTRACT && collection.kind() == CollectionType.Kind.MAP
                ? CollectionType.set(collection.elements(), false) : collection;
        return new ColumnOperation(column, kind, null, TermPreparer.prepare(operation.value(),
                spec(table, column.name(), operandType), variables, null));
    }

    private static ColumnOperation element(Operation operation, TableMetadata table, ColumnMetadata column,
                                           CollectionType collection, String text, BindVariables variables) {
        String name = column.name();
        return switch (collection.kind()) {
            case LIST -> new ColumnOperation(column, Kind.SET_ELEMENT,
                    TermPreparer.prepare(operation.element(), spec(table, "idx(" + name + ")", NativeType.INT),
                            variables, null),
                    TermPreparer.prepare(operation.value(), spec(table, "value(" + name + ")",
                            collection.elements()), variables, null));
            case MAP -> new ColumnOperation(column, Kind.SET_ELEMENT,
                    TermPreparer.prepare(operation.element(), spec(table, "key(" + name + ")",
                            collection.elements()), variables, null),
                    TermPreparer.prepare(operation.value(), spec(table, "value(" + name + ")",
                            collection.values()), variables, null));
            case SET -> throw CqlException.invalid("Invalid operation (" + text + ") for set column " + name);
        };
    }

    /** Prepares {@code DELETE c[element]}. */
    static ColumnOperation prepareDeletion(ParsedStatement.Delete.Element deletion, TableMetadata table,
                                           BindVariables variables) {
        ColumnMetadata column = requireColumn(table, deletion.column(), "for deletion");
        String text = deletion.column() + "[" + deletion.element() + "]";
        CollectionType collection = nonFrozenCollection(column, text);
        String name = column.name();
        ColumnSpec receiver = switch (collection.kind()) {
            case LIST -> spec(table, "idx(" + name + ")", NativeType.INT);
            case MAP -> spec(table, "key(" + name + ")", collection.elements());
            case SET -> spec(table, "value(" + name + ")", collection.elements());
        };
        return new ColumnOperation(column, Kind.DELETE_ELEMENT,
                TermPreparer.prepare(deletion.element(), receiver, variables, null), null);
    }

    private static ColumnMetadata requireColumn(TableMetadata table, String name, String where) {
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw StatementErrors.undefinedColumn(name, table);
        }
        if (column.isPrimaryKey()) {
            throw CqlException.invalid("PRIMARY KEY part " + name + " " + where);
        }
        return column;
    }

    private static CollectionType nonFrozenCollection(ColumnMetadata column, String text) {
        if (!(column.type() instanceof CollectionType collection)) {
            throw CqlException.invalid("Invalid operation (" + text + ") for non counter column " + column.name());
        }
        if (collection.frozen()) {
            throw CqlException.invalid("Invalid operation (" + text + ") for frozen collection column "
                    + column.name());
        }
        return collection;
    }

    private static String describe(Operation operation) {
        String column = operation.column();
        return switch (operation.kind()) {
            case ADD -> column + " = " + column + " + " + operation.value();
            case SUBTRACT -> column + " = " + column + " - " + operation.value();
            case PREPEND -> column + " = " + operation.value() + " + " + column;
            case SET_ELEMENT -> column + "[" + operation.element() + "] = " + operation.value();
        };
    }

    private static ColumnSpec spec(TableMetadata table, String name, CqlType type) {
        return new ColumnSpec(table.keyspace(), table.name(), name, type);
    }

    /** @return whether the column is a counter */
    boolean isCounter() {
        return column.type() == NativeType.COUNTER;
    }

    /**
     * @param current the column's live cell now, or null
     * @return the cell to write (a tombstone when the collection becomes empty), or null to leave the column alone
     * @throws CqlException Cassandra's messages for null operands and list indexes out of bound
     */
    Cell apply(List<byte[]> bound, Cell current, long timestampMicros, int ttlSeconds, long nowSeconds) {
        byte[] operand = value == null ? null : value.bind(bound);
        byte[] key = element == null ? null : element.bind(bound);
        if (QueryOptions.isUnset(operand) || QueryOptions.isUnset(key)) {
            return null;
        }
        byte[] currentValue = current == null ? null : current.value();
        if (isCounter()) {
            if (operand == null || operand.length == 0) {
                throw CqlException.invalid("Invalid null value for counter increment");
            }
            long base = currentValue == null || currentValue.length != 8 ? 0 : ByteBuffer.wrap(currentValue).getLong();
            long delta = ByteBuffer.wrap(operand).getLong();
            long sum = kind == Kind.ADD ? base + delta : base - delta;
            return Cell.live(timestampMicros, 0, nowSeconds, NativeType.BIGINT.encode(sum));
        }
        byte[] updated = collection(bound, currentValue, operand, key);
        if (updated == currentValue) {
            return null;
        }
        return updated == null ? Cell.tombstone(timestampMicros, nowSeconds)
                : Cell.live(timestampMicros, ttlSeconds, nowSeconds, updated);
    }

    /** @return the new collection value (null: empty), or {@code currentValue} itself when nothing changes */
    private byte[] collection(List<byte[]> bound, byte[] currentValue, byte[] operand, byte[] key) {
        CollectionType type = (CollectionType) column.type();
        if (kind == Kind.SET_ELEMENT || kind == Kind.DELETE_ELEMENT) {
            if (key == null) {
                throw CqlException.invalid("Invalid null value for " + (type.kind() == CollectionType.Kind.LIST
                        ? "list index" : type.kind() == CollectionType.Kind.MAP ? "map key" : "set element"));
            }
            return switch (type.kind()) {
                case LIST -> kind == Kind.SET_ELEMENT
                        ? CollectionOperations.setListElement(type, currentValue, index(key), operand)
                        : CollectionOperations.deleteListElement(type, currentValue, index(key));
                case MAP -> CollectionOperations.putMapEntry(type, currentValue, key, operand);
                case SET -> CollectionOperations.removeSetElement(type, currentValue, key);
            };
        }
        if (operand == null) {
            return currentValue;
        }
        return switch (kind) {
            case ADD -> CollectionOperations.add(type, currentValue, operand);
            case PREPEND -> CollectionOperations.prepend(type, currentValue, operand);
            default -> CollectionOperations.subtract(type, currentValue, operand);
        };
    }

    private static int index(byte[] key) {
        if (key.length != 4) {
            throw CqlException.invalid("Invalid list index: expected 4 bytes, got " + key.length);
        }
        return ByteBuffer.wrap(key).getInt();
    }
}
