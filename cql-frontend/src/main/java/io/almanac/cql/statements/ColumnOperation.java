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
import io.almanac.storage.schema.UserType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A prepared assignment that reads the column's current value: a counter increment or decrement, an element
 * operation on a non-frozen collection ({@link Operation.Kind}, plus {@code DELETE c[k]}), or a field assignment or
 * deletion on a non-frozen user-defined type ({@code SET u.f = v}, {@code DELETE u.f}). Executed on the
 * partition's shard writer ({@link io.almanac.storage.engine.StorageEngine#readModifyWrite}), so concurrent
 * operations on one partition never lose an update.
 *
 * <p>Counters (Almanac's single-node model, not Cassandra's distributed counter shards): the value is a bigint cell
 * written with the writer's timestamp; an absent or deleted counter counts from 0; the sum wraps on overflow.
 *
 * <p>User-defined type fields (Cassandra's {@code Operation.SetField}, {@code Operation.FieldDeletion},
 * {@code UserTypes.SetterByField}): Almanac stores a non-frozen UDT as one cell, so a field update rewrites that
 * cell with the other fields as they are now (a null value gets every other field null); a null or deleted field
 * is a null field, and a value whose fields are all null is deleted, as Cassandra shows a UDT without field cells.
 *
 * <p>Bind markers are named as in Cassandra: the column for whole operands, {@code idx(c)} for list indexes,
 * {@code key(c)} for map keys, {@code value(c)} for elements and map values, {@code u.f} for fields.
 *
 * <p>Thread safety: immutable.
 *
 * @param column  the column changed
 * @param kind    what is done
 * @param element the list index or map key (set element for DELETE s[e]), or null
 * @param value   the operand, or null for DELETE_ELEMENT and DELETE_FIELD
 * @param field   the index of the user-defined type field of SET_FIELD and DELETE_FIELD, else -1
 */
record ColumnOperation(ColumnMetadata column, Kind kind, PreparedTerm element, PreparedTerm value, int field) {

    /** The operations; {@link Operation.Kind} plus the element and field deletions. */
    enum Kind { ADD, PREPEND, SUBTRACT, SET_ELEMENT, SET_FIELD, DELETE_ELEMENT, DELETE_FIELD }

    /** An operation that is not on a user-defined type field. */
    ColumnOperation(ColumnMetadata column, Kind kind, PreparedTerm element, PreparedTerm value) {
        this(column, kind, element, value, -1);
    }

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
        if (kind == Kind.SET_FIELD) {
            return setField(operation, table, column, text, variables);
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

    /** {@code u.f = v} (Cassandra's {@code Operation.SetField}). */
    private static ColumnOperation setField(Operation operation, TableMetadata table, ColumnMetadata column,
                                            String text, BindVariables variables) {
        if (!(column.type() instanceof UserType user)) {
            throw CqlException.invalid("Invalid operation (" + text + ") for non-UDT column " + column.name());
        }
        if (user.frozen()) {
            throw CqlException.invalid("Invalid operation (" + text + ") for frozen UDT column " + column.name());
        }
        int field = fieldIndex(user, column, operation.field());
        return new ColumnOperation(column, Kind.SET_FIELD, null, TermPreparer.prepare(operation.value(),
                spec(table, column.name() + "." + operation.field(), user.fieldTypes().get(field)), variables, null),
                field);
    }

    private static int fieldIndex(UserType user, ColumnMetadata column, String field) {
        int index = user.fieldIndex(field);
        if (index < 0) {
            throw CqlException.invalid("UDT column " + column.name() + " does not have a field named " + field);
        }
        return index;
    }

    /** Prepares {@code DELETE c[element]} or {@code DELETE u.f} (Cassandra's {@code Operation.FieldDeletion}). */
    static ColumnOperation prepareDeletion(ParsedStatement.Delete.Element deletion, TableMetadata table,
                                           BindVariables variables) {
        ColumnMetadata column = requireColumn(table, deletion.column(), "for deletion");
        if (deletion.field() != null) {
            if (!(column.type() instanceof UserType user)) {
                throw CqlException.invalid("Invalid field deletion operation for non-UDT column " + column.name());
            }
            if (user.frozen()) {
                throw CqlException.invalid("Frozen UDT column " + column.name() + " does not support field"
                        + " deletions");
            }
            return new ColumnOperation(column, Kind.DELETE_FIELD, null, null,
                    fieldIndex(user, column, deletion.field()));
        }
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
            case SET_FIELD -> column + "." + operation.field() + " = " + operation.value();
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
        byte[] updated = field >= 0 ? field(currentValue, operand)
                : collection(bound, currentValue, operand, key);
        if (updated == currentValue) {
            return null;
        }
        return updated == null ? Cell.tombstone(timestampMicros, nowSeconds)
                : Cell.live(timestampMicros, ttlSeconds, nowSeconds, updated);
    }

    /** @return the user-defined type value with this operation's field set (null: every field null) */
    private byte[] field(byte[] currentValue, byte[] operand) {
        UserType type = (UserType) column.type();
        List<byte[]> fields = new ArrayList<>(currentValue == null || currentValue.length == 0 ? List.of()
                : type.split(currentValue));
        while (fields.size() < type.fieldNames().size()) {
            fields.add(null);
        }
        fields.set(field, kind == Kind.DELETE_FIELD ? null : operand);
        return fields.stream().allMatch(Objects::isNull) ? null : UserType.join(fields);
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
