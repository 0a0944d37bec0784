package io.almanac.cql.statements;

import io.almanac.cql.parser.Conditions;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;

/**
 * The prepared {@code IF} clause of a lightweight transaction (Cassandra's {@code ColumnCondition} and
 * {@code CQL3CasRequest}): IF NOT EXISTS, IF EXISTS, or column conditions joined by AND, tested against the row's
 * current live values on the partition's shard writer.
 *
 * <p>Column conditions: {@code = != < <= > >= IN} on a whole value, on a list index / map key
 * ({@code l[i] = v}, {@code m[k] = v}) or on a user-defined type field ({@code u.f = v}, frozen or not), and
 * {@code CONTAINS} / {@code CONTAINS KEY} on a whole collection; a missing value is null: {@code = null} holds for
 * it, {@code != v} holds for it, an ordering comparison or CONTAINS does not. Comparing with null using any other
 * operator than {@code =} and {@code !=} is an error, as in Cassandra.
 *
 * <p>Thread safety: immutable.
 *
 * @param kind       what the clause tests
 * @param conditions the column conditions (COLUMNS only)
 */
record ColumnConditions(Conditions.Kind kind, List<Condition> conditions) {

    /**
     * One prepared column condition.
     *
     * @param column   the tested column
     * @param element  the list index or map key, or null
     * @param operator the comparison
     * @param values   the compared terms (IN: each listed value, or one marker bound to a list)
     * @param inMarker whether {@code values} is one {@code IN ?} marker
     * @param field    the index of the tested user-defined type field, or -1
     */
    record Condition(ColumnMetadata column, PreparedTerm element, Conditions.Operator operator,
                     List<PreparedTerm> values, boolean inMarker, int field) {
    }

    /** @throws CqlException 0x2200 with Cassandra's messages for conditions on key, counter or unknown columns */
    static ColumnConditions prepare(Conditions parsed, TableMetadata table, BindVariables variables) {
        if (table.regularColumns().stream().anyMatch(c -> c.type() == NativeType.COUNTER)) {
            throw CqlException.invalid("Conditional updates are not supported on counter tables");
        }
        List<Condition> prepared = new ArrayList<>();
        for (Conditions.Condition condition : parsed.columns()) {
            ColumnMetadata column = table.column(condition.column());
            if (column == null) {
                throw StatementErrors.undefinedColumn(condition.column(), table);
            }
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("PRIMARY KEY column '" + column.name() + "' cannot have IF conditions");
            }
            prepared.add(prepare(condition, column, table, variables));
        }
        return new ColumnConditions(parsed.kind(), prepared);
    }

    private static Condition prepare(Conditions.Condition condition, ColumnMetadata column, TableMetadata table,
                                     BindVariables variables) {
        CqlType valueType = column.type();
        PreparedTerm element = null;
        if (condition.element() != null) {
            if (!(column.type() instanceof CollectionType collection)
                    || collection.kind() == CollectionType.Kind.SET) {
                throw CqlException.invalid("Invalid element access syntax for " + (column.type()
                        instanceof CollectionType ? "set" : "non-collection") + " column " + column.name());
            }
            boolean list = collection.kind() == CollectionType.Kind.LIST;
            element = TermPreparer.prepare(condition.element(), spec(table, (list ? "idx(" : "key(") + column.name()
                    + ")", list ? NativeType.INT : collection.elements()), variables, null);
            valueType = list ? collection.elements() : collection.values();
        }
        String valueName = condition.element() == null ? column.name() : "value(" + column.name() + ")";
        int field = -1;
        if (condition.field() != null) {
            if (!(column.type() instanceof UserType user)) {
                throw CqlException.invalid("Invalid field selection: " + column.name() + " of type "
                        + column.type().cqlName() + " is not a user type");
            }
            field = user.fieldIndex(condition.field());
            if (field < 0) {
                throw CqlException.invalid("Unknown field " + condition.field() + " for column " + column.name());
            }
            valueType = user.fieldTypes().get(field);
            valueName = column.name() + "." + condition.field();
        }
        if (condition.operator().isContains()) {
            CollectionType collection = containsReceiver(column, condition.operator());
            boolean key = condition.operator() == Conditions.Operator.CONTAINS_KEY;
            valueName = (key ? "key(" : "value(") + column.name() + ")";
            valueType = key || collection.kind() != CollectionType.Kind.MAP ? collection.elements()
                    : collection.values();
        }
        List<PreparedTerm> values = new ArrayList<>();
        if (condition.wholeInMarker()) {
            values.add(TermPreparer.prepare(condition.values().get(0), spec(table, "in(" + column.name() + ")",
                    CollectionType.list(valueType, false)), variables, null));
        } else {
            for (io.almanac.cql.parser.Term term : condition.values()) {
                values.add(TermPreparer.prepare(term, spec(table, valueName, valueType), variables, null));
            }
        }
        return new Condition(column, element, condition.operator(), values, condition.wholeInMarker(), field);
    }

    /** @throws CqlException Cassandra's messages ({@code ColumnCondition.Raw}) for CONTAINS on the wrong type */
    private static CollectionType containsReceiver(ColumnMetadata column, Conditions.Operator operator) {
        boolean map = column.type() instanceof CollectionType c && c.kind() == CollectionType.Kind.MAP;
        if (operator == Conditions.Operator.CONTAINS_KEY && !map) {
            throw CqlException.invalid("Cannot use CONTAINS KEY on non-map column " + column.name());
        }
        if (!(column.type() instanceof CollectionType collection)) {
            throw CqlException.invalid("Cannot use CONTAINS on non-collection column " + column.name());
        }
        return collection;
    }

    private static ColumnSpec spec(TableMetadata table, String name, CqlType type) {
        return new ColumnSpec(table.keyspace(), table.name(), name, type);
    }

    /** @return whether the clause tests column values (rather than existence) */
    boolean hasColumnConditions() {
        return kind == Conditions.Kind.COLUMNS;
    }

    /**
     * @param row the row's current live state, or null when it does not exist
     * @return whether the clause holds
     * @throws CqlException for invalid bound values (null with an ordering operator, unset values)
     */
    boolean appliesTo(Row row, TableMetadata table, List<byte[]> bound) {
        return switch (kind) {
            case NOT_EXISTS -> row == null;
            case EXISTS -> row != null;
            case COLUMNS -> {
                boolean applies = true;
                for (Condition condition : conditions) {
                    applies &= holds(condition, row, table, bound);
                }
                yield applies;
            }
        };
    }

    private static boolean holds(Condition condition, Row row, TableMetadata table, List<byte[]> bound) {
        ColumnMetadata column = condition.column();
        Cell cell = row == null ? null : row.cells()[table.regularIndex(column.name())];
        byte[] current = cell == null ? null : cell.value();
        CqlType type = column.type();
        if (condition.element() != null) {
            byte[] key = condition.element().bind(bound);
            checkBound(key, column);
            CollectionType collection = (CollectionType) type;
            current = CollectionOperations.element(collection, current, key);
            type = collection.kind() == CollectionType.Kind.LIST ? collection.elements() : collection.values();
        } else if (condition.field() >= 0) {
            UserType user = (UserType) type;
            List<byte[]> fields = current == null || current.length == 0 ? List.of() : user.split(current);
            current = condition.field() < fields.size() ? fields.get(condition.field()) : null;
            type = user.fieldTypes().get(condition.field());
        } else if (current != null && current.length == 0 && type instanceof CollectionType c && !c.frozen()) {
            current = null;
        }
        if (condition.operator() == Conditions.Operator.IN) {
            for (byte[] value : inValues(condition, bound, type, column)) {
                if (compare(type, current, value) == 0) {
                    return true;
                }
            }
            return false;
        }
        byte[] value = condition.values().get(0).bind(bound);
        checkBound(value, column);
        if (value == null && condition.operator() != Conditions.Operator.EQ
                && condition.operator() != Conditions.Operator.NEQ) {
            throw CqlException.invalid("Invalid comparison with null for operator \"" + condition.operator().cql()
                    + "\"");
        }
        if (current == null || value == null) {
            boolean same = current == value;
            return condition.operator() == Conditions.Operator.EQ ? same
                    : condition.operator() == Conditions.Operator.NEQ && !same;
        }
        if (condition.operator().isContains()) {
            return CollectionOperations.contains((CollectionType) type, current, value,
                    condition.operator() == Conditions.Operator.CONTAINS_KEY);
        }
        int order = type.compare(current, value);
        return switch (condition.operator()) {
            case EQ -> order == 0;
            case NEQ -> order != 0;
            case LT -> order < 0;
            case LTE -> order <= 0;
            case GT -> order > 0;
            case GTE -> order >= 0;
            case IN, CONTAINS, CONTAINS_KEY -> throw new IllegalStateException("handled above");
        };
    }

    private static List<byte[]> inValues(Condition condition, List<byte[]> bound, CqlType type,
                                         ColumnMetadata column) {
        List<byte[]> values = new ArrayList<>();
        if (!condition.inMarker()) {
            for (PreparedTerm term : condition.values()) {
                byte[] value = term.bind(bound);
                checkBound(value, column);
                values.add(value);
            }
            return values;
        }
        byte[] list = condition.values().get(0).bind(bound);
        checkBound(list, column);
        if (list != null) {
            values.addAll(CollectionType.list(type, false).split(list));
        }
        return values;
    }

    /** @return 0 when equal (null only equals null), else the type's order */
    private static int compare(CqlType type, byte[] current, byte[] value) {
        if (current == null || value == null) {
            return current == value ? 0 : 1;
        }
        return type.compare(current, value);
    }

    private static void checkBound(byte[] value, ColumnMetadata column) {
        if (QueryOptions.isUnset(value)) {
            throw CqlException.invalid("Invalid 'unset' value in condition on column " + column.name());
        }
    }

    /** @return the columns the conditions test, each once, in the order written */
    List<ColumnMetadata> columns() {
        List<ColumnMetadata> columns = new ArrayList<>();
        for (Condition condition : conditions) {
            if (!columns.contains(condition.column())) {
                columns.add(condition.column());
            }
        }
        return columns;
    }
}
