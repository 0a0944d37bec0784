package io.almanac.cql.statements;

import io.almanac.cql.parser.Selector;
import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.Murmur3Partitioner;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The columns a SELECT returns and how each value is produced from a row (Cassandra's {@code Selection}), for
 * selections without aggregates ({@link Aggregation} feeds aggregates from one of these).
 *
 * <p>{@code SELECT *} returns the partition key columns, then the clustering columns, then the other columns in
 * alphabetical order, as Cassandra does. {@code token(k)} is the bigint Murmur3 token of the partition,
 * {@code writetime(c)} the cell's timestamp in microseconds (bigint) and {@code ttl(c)} its remaining seconds
 * (int, null without TTL). Native scalar functions ({@link NativeFunctions}), {@code CAST} ({@link Casts}),
 * tuples {@code (a, b)}, fields {@code u.f} and set/map elements and slices {@code m['a']}, {@code s[2..]}
 * ({@link ElementSelections}) nest over these; constants may be function arguments. Element keys and slice bounds
 * may be bind markers: {@link #bind} gives the selection an execution's values.
 *
 * <p>Thread safety: immutable.
 */
final class Selection {

    /** A compiled selector. */
    sealed interface Expression {
        /** @return the type of the values it produces */
        CqlType type();
    }

    /** A column's value; {@code virtualIndex} is its index in a virtual table row. */
    private record ColumnValue(ColumnMetadata column, int virtualIndex) implements Expression {
        @Override
        public CqlType type() {
            return column.type();
        }
    }

    /** Field {@code index} of the user type value {@code selected} produces. */
    private record FieldValue(Expression selected, UserType userType, int index) implements Expression {
        @Override
        public CqlType type() {
            return userType.fieldTypes().get(index);
        }
    }

    /** The tuple of the components' values, typed {@code tuple<component types>}. */
    private record TupleValue(List<Expression> components, TupleType type) implements Expression {
    }

    private record TokenValue() implements Expression {
        @Override
        public CqlType type() {
            return NativeType.BIGINT;
        }
    }

    private record WritetimeValue(ColumnMetadata column) implements Expression {
        @Override
        public CqlType type() {
            return NativeType.BIGINT;
        }
    }

    private record TtlValue(ColumnMetadata column) implements Expression {
        @Override
        public CqlType type() {
            return NativeType.INT;
        }
    }

    private record Constant(byte[] value, CqlType type) implements Expression {
    }

    private record Call(NativeFunctions.Function function, List<Expression> arguments) implements Expression {
        @Override
        public CqlType type() {
            return function.returnType();
        }
    }

    private record Cast(Expression argument, NativeType type) implements Expression {
    }

    /** A term in the selection: a hinted constant or marker, or a marker or null as a function argument. */
    private record TermValue(PreparedTerm term, CqlType type) implements Expression {
    }

    /** {@code toJson(argument)}: the argument's JSON text ({@link JsonEncoder#value}), {@code null} for null. */
    private record ToJson(Expression argument) implements Expression {
        @Override
        public CqlType type() {
            return NativeType.TEXT;
        }
    }

    /** {@code selected[key]} of a set or map ({@link ElementSelections}); {@code name} is the selected as written. */
    private record ElementValue(Expression selected, CollectionType collection, PreparedTerm key, String name)
            implements Expression {
        @Override
        public CqlType type() {
            return ElementSelections.elementType(collection);
        }
    }

    /** {@code selected[from..to]} of a set or map; a null bound is no bound. */
    private record SliceValue(Expression selected, CollectionType collection, PreparedTerm from, PreparedTerm to,
                              String name) implements Expression {
        @Override
        public CqlType type() {
            return collection;
        }
    }

    /** What one row offers the expressions: a stored row with its partition, or a virtual table row. */
    private record Input(byte[][] partitionKey, long token, Row row, long nowSeconds, byte[][] virtualRow) {
    }

    private final TableMetadata table;
    private final List<Expression> items;
    private final ResultMetadata metadata;
    private final int[] partitionKeyIndexes;
    private final NativeFunctions functions;
    /** The bound values element keys and slice bounds read (see {@link #bind}); empty before. */
    private final List<byte[]> values;

    private Selection(TableMetadata table, List<Expression> items, ResultMetadata metadata,
                      NativeFunctions functions, List<byte[]> values) {
        this.table = table;
        this.items = List.copyOf(items);
        this.metadata = metadata;
        this.functions = functions;
        this.values = values;
        List<ColumnMetadata> partitionKey = table.partitionKeyColumns();
        this.partitionKeyIndexes = new int[partitionKey.size()];
        for (int i = 0; i < partitionKeyIndexes.length; i++) {
            partitionKeyIndexes[i] = table.columns().indexOf(partitionKey.get(i));
        }
    }

    /**
     * @param selectors the parsed selectors; empty for {@code *}; no aggregates
     * @param functions the native functions (their clock gives {@code now()})
     * @throws CqlException 0x2200 for unknown columns and functions, misuse of token(), writetime() and ttl(), and
     *         badly typed function arguments
     */
    static Selection prepare(TableMetadata table, List<Selector> selectors, NativeFunctions functions) {
        return prepare(table, selectors, functions, null);
    }

    /**
     * @param variables the statement's bind variables, for markers in element selections {@code m[?]}; null when
     *                  the statement has none there
     * @see #prepare(TableMetadata, List, NativeFunctions)
     */
    static Selection prepare(TableMetadata table, List<Selector> selectors, NativeFunctions functions,
                             BindVariables variables) {
        List<Expression> items = new ArrayList<>();
        List<ColumnSpec> specs = new ArrayList<>();
        List<Selector> effective = selectors.isEmpty() ? selectAll(table) : selectors;
        for (Selector selector : effective) {
            Expression item = expression(table, selector, variables);
            items.add(item);
            String name = selector.alias() != null ? selector.alias() : selector.defaultName();
            specs.add(new ColumnSpec(table.keyspace(), table.name(), name, item.type()));
        }
        return new Selection(table, items, new ResultMetadata(specs), functions, List.of());
    }

    /**
     * @param boundValues the execution's bound values, in marker order
     * @return this selection reading its element keys and slice bounds from {@code boundValues}
     * @throws CqlException 0x2200 for a null or unset element key and a null slice bound (Cassandra's messages)
     */
    Selection bind(List<byte[]> boundValues) {
        List<Expression> selections = new ArrayList<>();
        items.forEach(item -> collectSubSelections(item, selections));
        if (selections.isEmpty()) {
            return this;
        }
        for (Expression selection : selections) {
            if (selection instanceof ElementValue element) {
                ElementSelections.checkKey(element.key().bind(boundValues), element.name());
            } else if (selection instanceof SliceValue) {
                SliceValue slice = (SliceValue) selection;
                for (PreparedTerm bound : new PreparedTerm[] {slice.from(), slice.to()}) {
                    if (bound != null) {
                        ElementSelections.checkBound(bound.bind(boundValues), slice.name());
                    }
                }
            }
        }
        return new Selection(table, items, metadata, functions, boundValues);
    }

    private static void collectSubSelections(Expression expression, List<Expression> found) {
        if (expression instanceof TermValue value && !(value.term() instanceof PreparedTerm.Constant)) {
            found.add(value);
        } else if (expression instanceof ElementValue element) {
            found.add(element);
            collectSubSelections(element.selected(), found);
        } else if (expression instanceof SliceValue slice) {
            found.add(slice);
            collectSubSelections(slice.selected(), found);
        } else if (expression instanceof FieldValue field) {
            collectSubSelections(field.selected(), found);
        } else if (expression instanceof TupleValue tuple) {
            tuple.components().forEach(c -> collectSubSelections(c, found));
        } else if (expression instanceof Call call) {
            call.arguments().forEach(a -> collectSubSelections(a, found));
        } else if (expression instanceof Cast cast) {
            collectSubSelections(cast.argument(), found);
        } else if (expression instanceof ToJson toJson) {
            collectSubSelections(toJson.argument(), found);
        }
    }

    /** @return {@code *} as column selectors, in Cassandra's order */
    static List<Selector> selectAll(TableMetadata table) {
        List<ColumnMetadata> ordered = new ArrayList<>(table.partitionKeyColumns());
        ordered.addAll(table.clusteringColumns());
        table.regularColumns().stream().sorted(Comparator.comparing(ColumnMetadata::name)).forEach(ordered::add);
        return ordered.stream().map(c -> new Selector(Selector.Kind.COLUMN, List.of(c.name()), null)).toList();
    }

    /**
     * Checks a SELECT DISTINCT selection: partition key columns (all of them) and token() only.
     *
     * @throws CqlException with Cassandra's messages
     */
    void validateDistinct() {
        List<ColumnMetadata> selected = new ArrayList<>();
        for (Expression item : items) {
            if (item instanceof TokenValue) {
                continue;
            }
            if (!(item instanceof ColumnValue value) || (value.column().kind() != ColumnKind.PARTITION_KEY
                    && value.column().kind() != ColumnKind.STATIC)) {
                String name = item instanceof ColumnValue value ? value.column().name() : "functions";
                throw CqlException.invalid("SELECT DISTINCT queries must only request partition key columns and/or"
                        + " static columns (not " + name + ")");
            }
            selected.add(value.column());
        }
        List<String> missing = table.partitionKeyColumns().stream().filter(c -> !selected.contains(c))
                .map(ColumnMetadata::name).toList();
        if (!missing.isEmpty()) {
            throw CqlException.invalid("SELECT DISTINCT queries must request all the partition key columns (missing "
                    + String.join(", ", missing) + ")");
        }
    }

    private static Expression expression(TableMetadata table, Selector selector, BindVariables variables) {
        return switch (selector.kind()) {
            case TOKEN -> token(table, selector);
            case COLUMN, WRITETIME, TTL -> column(table, selector);
            case FUNCTION -> call(table, selector, variables);
            case CAST -> {
                Expression argument = expression(table, selector.arguments().get(0), variables);
                NativeType target = CqlTypes.nativeType(selector.function());
                Casts.check(argument.type(), target, selector.arguments().get(0).defaultName());
                yield new Cast(argument, target);
            }
            case LITERAL -> literal(table, selector.literal(), variables);
            case COUNT_ROWS -> throw aggregateInside();
            case FIELD -> field(table, selector, variables);
            case TUPLE -> {
                List<Expression> components = new ArrayList<>();
                selector.arguments().forEach(component -> components.add(expression(table, component, variables)));
                yield new TupleValue(components, new TupleType(components.stream().map(Expression::type).toList()));
            }
            case ELEMENT, SLICE -> subSelection(table, selector, variables);
        };
    }

    /** {@code c[x]} / {@code c[x..y]}: the key and bounds are prepared for {@code key(c)} or {@code value(c)}. */
    private static Expression subSelection(TableMetadata table, Selector selector, BindVariables variables) {
        Selector selected = selector.arguments().get(0);
        Expression collection = expression(table, selected, variables);
        boolean element = selector.kind() == Selector.Kind.ELEMENT;
        String name = selected.defaultName();
        ColumnSpec keySpec = ElementSelections.keySpec(table.keyspace(), table.name(), name, collection.type(),
                element ? "Element" : "Slice");
        CollectionType type = (CollectionType) collection.type();
        if (element) {
            return new ElementValue(collection, type, bound(selector.literal(), keySpec, variables), name);
        }
        return new SliceValue(collection, type, bound(selector.arguments().get(1).literal(), keySpec, variables),
                bound(selector.arguments().get(2).literal(), keySpec, variables), name);
    }

    /** @return the prepared key or bound, or null for a missing slice bound */
    private static PreparedTerm bound(Term term, ColumnSpec keySpec, BindVariables variables) {
        if (term == null) {
            return null;
        }
        if (variables == null && !(term instanceof Term.Literal)) {
            throw new IllegalStateException("element selection prepared without the statement's bind variables");
        }
        return TermPreparer.prepare(term, keySpec, variables, null);
    }

    /** @throws CqlException 0x2200 when the selected value is not a user type or has no such field */
    private static Expression field(TableMetadata table, Selector selector, BindVariables variables) {
        Expression selected = expression(table, selector.arguments().get(0), variables);
        String field = selector.columns().get(0);
        if (!(selected.type() instanceof UserType userType)) {
            throw CqlException.invalid("Invalid field selection: " + selector.arguments().get(0).defaultName()
                    + " of type " + selected.type().cqlName() + " is not a user type");
        }
        int index = userType.fieldIndex(field);
        if (index < 0) {
            throw CqlException.invalid(selector.arguments().get(0).defaultName() + " of type "
                    + userType.cqlName() + " has no field " + field);
        }
        return new FieldValue(selected, userType, index);
    }

    private static CqlException aggregateInside() {
        return CqlException.invalid("Aggregate functions are only supported at the top level of a selector, not"
                + " inside other functions or casts");
    }

    private static Expression token(TableMetadata table, Selector selector) {
        List<String> expected = table.partitionKeyColumns().stream().map(ColumnMetadata::name).toList();
        if (!selector.columns().equals(expected)) {
            throw CqlException.invalid("The token function arguments must be the partition key columns in"
                    + " order: " + String.join(", ", expected));
        }
        return new TokenValue();
    }

    private static Expression column(TableMetadata table, Selector selector) {
        String name = selector.columns().get(0);
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw StatementErrors.undefinedColumn(name, table);
        }
        if (selector.kind() == Selector.Kind.COLUMN) {
            return new ColumnValue(column, table.columns().indexOf(column));
        }
        String function = selector.kind() == Selector.Kind.WRITETIME ? "writeTime" : "ttl";
        if (column.isPrimaryKey()) {
            throw CqlException.invalid("Cannot use selection function " + function + " on PRIMARY KEY part "
                    + name);
        }
        if (column.type() instanceof CollectionType collection && !collection.frozen()) {
            throw CqlException.invalid("Cannot use selection function " + function + " on collections");
        }
        return selector.kind() == Selector.Kind.WRITETIME ? new WritetimeValue(column) : new TtlValue(column);
    }

    private static Expression call(TableMetadata table, Selector selector, BindVariables variables) {
        if (Aggregation.isAggregate(selector)) {
            throw aggregateInside();
        }
        String simpleName = NativeFunctions.simpleName(selector.function());
        if ("tojson".equals(simpleName) || "to_json".equals(simpleName)) {
            return toJson(table, selector, simpleName, variables);
        }
        if ("fromjson".equals(simpleName) || "from_json".equals(simpleName)) {
            throw CqlException.invalid(simpleName + "() cannot be used in the selection clause of a SELECT"
                    + " statement");
        }
        List<Expression> known = new ArrayList<>();
        List<CqlType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Selector argument : selector.arguments()) {
            boolean literal = argument.kind() == Selector.Kind.LITERAL;
            Expression prepared = literal ? null : expression(table, argument, variables);
            known.add(prepared);
            types.add(prepared != null ? prepared.type()
                    : argument.literal() instanceof Term.TypeHint hint ? hint.type() : null);
            names.add(argument.defaultName());
        }
        NativeFunctions.Function function = NativeFunctions.resolve(selector.function(), types, names);
        List<Expression> arguments = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            CqlType parameter = function.argumentTypes().get(i);
            Term literal = selector.arguments().get(i).literal();
            arguments.add(known.get(i) != null ? known.get(i) : literal instanceof Term.Literal
                    ? new Constant(literal(table, literal, parameter, function, i), parameter)
                    : termValue(table, literal, parameter, variables));
        }
        return new Call(function, arguments);
    }

    /**
     * A term as a whole selector: only under a type hint, which gives its type (Cassandra's
     * {@code Selectable.WithTerm} and {@code WithTypeHint}); the column is named as written, {@code (int)?}.
     *
     * @throws CqlException 0x2200 "Cannot infer type for term ? in selection clause (try using a cast to force a
     *         type)" without a hint; the hint's own errors ({@link TermPreparer})
     */
    private static Expression literal(TableMetadata table, Term term, BindVariables variables) {
        if (term instanceof Term.TypeHint hint) {
            if (containsUserType(hint.type())) {
                throw StatementErrors.unsupported("User-defined type hints in the selection clause are");
            }
            if (!TermPreparer.assignable(hint.term(), hint.type())) {
                throw CqlException.invalid("Cannot assign value " + hint + " to " + hint + " of type "
                        + hint.type().cqlName());
            }
            return termValue(table, hint, hint.type(), variables);
        }
        if (term instanceof Term.Literal) {
            throw CqlException.invalid("Literal values in selectors are only supported as function arguments");
        }
        throw CqlException.invalid("Cannot infer type for term " + term + " in selection clause (try using a cast"
                + " to force a type)");
    }

    private static boolean containsUserType(CqlType type) {
        if (type instanceof CollectionType collection) {
            return containsUserType(collection.elements())
                    || (collection.values() != null && containsUserType(collection.values()));
        }
        if (type instanceof TupleType tuple) {
            return tuple.componentTypes().stream().anyMatch(Selection::containsUserType);
        }
        return type instanceof UserType;
    }

    /** A term of the selection prepared for {@code type}; a bind marker there is named {@code [selection]}. */
    private static Expression termValue(TableMetadata table, Term term, CqlType type, BindVariables variables) {
        if (variables == null) {
            throw new IllegalStateException("selection term prepared without the statement's bind variables");
        }
        ColumnSpec receiver = new ColumnSpec(table.keyspace(), table.name(), "[selection]", type);
        return new TermValue(TermPreparer.prepare(term, receiver, variables, null), type);
    }

    /**
     * {@code toJson(x)} of any selector (Cassandra's {@code ToJsonFct}, which takes every type).
     *
     * @throws CqlException 0x2200 for a wrong argument count or a constant argument, whose type is not known
     */
    private static Expression toJson(TableMetadata table, Selector selector, String name, BindVariables variables) {
        if (selector.arguments().size() != 1) {
            throw CqlException.invalid("Invalid number of arguments in call to function system." + name
                    + ": 1 required but " + selector.arguments().size() + " provided");
        }
        Selector argument = selector.arguments().get(0);
        if (argument.kind() == Selector.Kind.LITERAL) {
            throw CqlException.invalid("Cannot infer type for term " + argument.defaultName()
                    + " in selection clause (try using a cast to force a type)");
        }
        return new ToJson(expression(table, argument, variables));
    }

    private static byte[] literal(TableMetadata table, Term literal, CqlType parameter,
                                  NativeFunctions.Function function, int index) {
        ColumnSpec receiver = new ColumnSpec(table.keyspace(), table.name(),
                "arg" + index + "(system." + function.name() + ")", parameter);
        return TermPreparer.constant(literal, receiver);
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
     * @throws CqlException 0x2200 when a function refuses its arguments
     */
    byte[][] storedRow(byte[][] partitionKey, long token, Row row, long nowSeconds) {
        Input input = new Input(partitionKey, token, row, nowSeconds, null);
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = evaluate(items.get(i), input);
        }
        return values;
    }

    /** @return the selected values of a virtual table row (writetime() and ttl() are null there) */
    byte[][] virtualRow(byte[][] row) {
        Input input = new Input(null, 0, null, 0, row);
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = evaluate(items.get(i), input);
        }
        return values;
    }

    private byte[] evaluate(Expression expression, Input input) {
        boolean virtual = input.virtualRow() != null;
        if (expression instanceof ColumnValue value) {
            return virtual ? input.virtualRow()[value.virtualIndex()]
                    : columnValue(value.column(), input.partitionKey(), input.row());
        }
        if (expression instanceof TokenValue) {
            return bigint(virtual ? virtualToken(input.virtualRow()) : input.token());
        }
        if (expression instanceof WritetimeValue writetime) {
            Cell cell = virtual ? null : cell(writetime.column(), input.row());
            return cell == null ? null : bigint(cell.timestampMicros());
        }
        if (expression instanceof TtlValue ttl) {
            Cell cell = virtual ? null : cell(ttl.column(), input.row());
            return cell == null || cell.ttlSeconds() <= 0 ? null : ByteBuffer.allocate(4)
                    .putInt((int) Math.max(0, cell.localDeletionTimeSeconds() - input.nowSeconds())).array();
        }
        if (expression instanceof Constant constant) {
            return constant.value();
        }
        if (expression instanceof Call call) {
            List<byte[]> arguments = new ArrayList<>(call.arguments().size());
            call.arguments().forEach(a -> arguments.add(evaluate(a, input)));
            return call.function().execute(functions, arguments);
        }
        if (expression instanceof FieldValue field) {
            byte[] value = evaluate(field.selected(), input);
            if (value == null || value.length == 0) {
                return null;
            }
            List<byte[]> fields = field.userType().split(value);
            return field.index() < fields.size() ? fields.get(field.index()) : null;
        }
        if (expression instanceof TupleValue tuple) {
            List<byte[]> components = new ArrayList<>(tuple.components().size());
            tuple.components().forEach(c -> components.add(evaluate(c, input)));
            return TupleType.join(components);
        }
        if (expression instanceof TermValue term) {
            byte[] value = term.term().bind(values);
            return QueryOptions.isUnset(value) ? null : value;
        }
        if (expression instanceof ToJson toJson) {
            byte[] value = evaluate(toJson.argument(), input);
            String json = value == null ? "null" : JsonEncoder.value(toJson.argument().type(), value);
            return json.getBytes(StandardCharsets.UTF_8);
        }
        if (expression instanceof ElementValue element) {
            byte[] collection = evaluate(element.selected(), input);
            return collection == null ? null
                    : ElementSelections.element(element.collection(), collection, element.key().bind(values));
        }
        if (expression instanceof SliceValue slice) {
            byte[] collection = evaluate(slice.selected(), input);
            return collection == null ? null : ElementSelections.slice(slice.collection(), collection,
                    slice.from() == null ? null : slice.from().bind(values),
                    slice.to() == null ? null : slice.to().bind(values));
        }
        Cast cast = (Cast) expression;
        return Casts.cast(evaluate(cast.argument(), input), cast.argument().type(), cast.type());
    }

    /** @return the value of {@code column} in a live row ({@code null} for CQL null) */
    byte[] columnValue(ColumnMetadata column, byte[][] partitionKey, Row row) {
        if (column.kind() == ColumnKind.PARTITION_KEY) {
            return partitionKey[column.position()];
        }
        if (column.kind() == ColumnKind.CLUSTERING) {
            return row.clustering().isStatic() ? null : row.clustering().get(column.position());
        }
        Cell cell = cell(column, row);
        return cell == null ? null : cell.value();
    }

    private Cell cell(ColumnMetadata column, Row row) {
        int index = table.regularIndex(column.name());
        Cell[] cells = row.cells();
        return index >= 0 && index < cells.length ? cells[index] : null;
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
