package io.almanac.cql.statements;

import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks parsed terms against their receivers and prepares them (Cassandra's {@code Term.Raw.prepare}): literals
 * are converted once, markers are recorded in the statement's {@link BindVariables}, collection literals are
 * checked element by element. Collection element markers are named as in Cassandra: {@code value(c)} for list and
 * set elements and map values, {@code key(c)} for map keys; tuple components {@code c[0]}, {@code c[1]}, ...
 *
 * <p>Tuple entry points (Cassandra's {@code cql3/Tuples}): {@link #prepare} of a {@link Term.TupleLiteral} (via
 * {@link #tuple}), {@link #componentSpec} for the receiver of one component, and {@link #tupleSpec} for the receiver
 * of one marker standing for several columns, {@code (c1, c2) > ?}.
 *
 * <p>Thread safety: stateless.
 */
final class TermPreparer {

    private TermPreparer() {
    }

    /**
     * @param term      the parsed term
     * @param receiver  what it is assigned to
     * @param variables the statement's bind variables (markers are recorded here)
     * @param target    the column the term gives the value of directly, for pk_indexes; or null
     * @throws CqlException 0x2200 when the term cannot be assigned to the receiver
     */
    static PreparedTerm prepare(Term term, ColumnSpec receiver, BindVariables variables, ColumnMetadata target) {
        if (term instanceof Term.Null) {
            return new PreparedTerm.Constant(null);
        }
        if (term instanceof Term.BindMarker marker) {
            variables.add(marker.index(), marker.name(), receiver, target);
            return new PreparedTerm.Marker(marker.index(), receiver);
        }
        if (term instanceof Term.Literal literal) {
            return new PreparedTerm.Constant(Literals.serialize(literal, receiver));
        }
        if (term instanceof Term.FunctionCall call) {
            return call(call, receiver, variables);
        }
        if (term instanceof Term.UserTypeLiteral literal) {
            return userType(literal, receiver, variables);
        }
        if (term instanceof Term.TupleLiteral literal) {
            return tuple(literal, receiver, variables);
        }
        if (term instanceof Term.TypeHint hint) {
            return typeHint(hint, receiver, variables, target);
        }
        return collection(term, receiver, variables);
    }

    /**
     * {@code (type) term} (Cassandra's {@code TypeCast.prepare}): the term must fit the hinted type and the hinted
     * type must be the receiver's or one the receiver can read ({@link #readableAs}); the term is then prepared for
     * the receiver itself, so a hinted marker keeps the receiver's name and type in prepared metadata.
     *
     * @throws CqlException 0x2200 "Cannot cast value 'a' to type int", "Cannot assign value (int)? to v of type
     *         bigint"
     */
    private static PreparedTerm typeHint(Term.TypeHint hint, ColumnSpec receiver, BindVariables variables,
                                         ColumnMetadata target) {
        CqlType hinted = hintedType(hint.type(), receiver.type());
        if (!assignable(hint.term(), hinted)) {
            throw CqlException.invalid("Cannot cast value " + hint.term() + " to type " + hint.type().cqlName());
        }
        if (!readableAs(receiver.type(), hinted)) {
            throw CqlException.invalid("Cannot assign value " + hint + " to " + receiver.name() + " of type "
                    + receiver.type().cqlName());
        }
        return prepare(hint.term(), receiver, variables, target);
    }

    /**
     * @return the hinted type with a user type placeholder ({@code (address) ?}, no fields) replaced by the
     *         receiver's user type when the names match; other types as parsed
     */
    private static CqlType hintedType(CqlType hinted, CqlType receiver) {
        if (hinted instanceof UserType placeholder && receiver instanceof UserType actual
                && placeholder.name().equals(actual.name())
                && (placeholder.keyspace().isEmpty() || placeholder.keyspace().equals(actual.keyspace()))) {
            return actual;
        }
        return hinted;
    }

    /**
     * Whether values of {@code type} are valid values of {@code receiver} (Cassandra's
     * {@code isValueCompatibleWith}): the same type (frozen or not), a blob from anything, text from ascii, bigint
     * and timestamp from each other, varint from int and bigint, uuid from timeuuid.
     */
    static boolean readableAs(CqlType receiver, CqlType type) {
        if (receiver.equals(type) || receiver == NativeType.BLOB) {
            return true;
        }
        if (receiver instanceof CollectionType r && type instanceof CollectionType t) {
            return r.kind() == t.kind() && r.elements().equals(t.elements())
                    && Objects.equals(r.values(), t.values());
        }
        if (receiver instanceof UserType r && type instanceof UserType t) {
            return r.withFrozen(true).equals(t.withFrozen(true));
        }
        return switch (receiver instanceof NativeType nativeType ? nativeType : NativeType.BLOB) {
            case TEXT -> type == NativeType.ASCII;
            case BIGINT -> type == NativeType.TIMESTAMP;
            case TIMESTAMP -> type == NativeType.BIGINT;
            case VARINT -> type == NativeType.INT || type == NativeType.BIGINT;
            case UUID -> type == NativeType.TIMEUUID;
            default -> false;
        };
    }

    /**
     * A {@code (a, b, ...)} literal for a tuple receiver (Cassandra 5.0's {@code Tuples.Literal.prepare}): at most as
     * many elements as the type has components (missing trailing components are absent from the value and read as
     * null), each prepared against {@link #componentSpec}. Constant when no element is a marker or a function call.
     *
     * @throws CqlException 0x2200 with Cassandra's messages: "Invalid tuple type literal for c of type int",
     *         "Invalid tuple literal for c: too many elements. Type frozen&lt;tuple&lt;int&gt;&gt; expects 1 but got
     *         2", "Invalid tuple literal for c: component 0 is not of type int"
     */
    static PreparedTerm tuple(Term.TupleLiteral literal, ColumnSpec receiver, BindVariables variables) {
        if (!(receiver.type() instanceof TupleType type)) {
            throw CqlException.invalid("Invalid tuple type literal for " + receiver.name() + " of type "
                    + receiver.type().cqlName());
        }
        List<Term> elements = literal.elements();
        int size = type.componentTypes().size();
        if (elements.size() > size) {
            throw CqlException.invalid("Invalid tuple literal for " + receiver.name() + ": too many elements. Type "
                    + type.cqlName() + " expects " + size + " but got " + elements.size());
        }
        List<PreparedTerm> components = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            ColumnSpec component = componentSpec(receiver, i);
            if (!assignable(elements.get(i), component.type())) {
                throw CqlException.invalid("Invalid tuple literal for " + receiver.name() + ": component " + i
                        + " is not of type " + component.type().cqlName());
            }
            components.add(prepare(elements.get(i), component, variables, null));
        }
        PreparedTerm.TupleValue value = new PreparedTerm.TupleValue(components);
        boolean constant = components.stream().allMatch(e -> e instanceof PreparedTerm.Constant);
        return constant ? new PreparedTerm.Constant(value.bind(List.of())) : value;
    }

    /**
     * @param tuple     a receiver of a tuple type
     * @param component the component's index
     * @return the receiver of that component, named {@code tuple[index]} as Cassandra's
     *         {@code Tuples.componentSpecOf} (the name a marker inside a tuple literal has in prepared metadata)
     */
    static ColumnSpec componentSpec(ColumnSpec tuple, int component) {
        CqlType type = ((TupleType) tuple.type()).componentTypes().get(component);
        return new ColumnSpec(tuple.keyspace(), tuple.table(), tuple.name() + "[" + component + "]", type);
    }

    /**
     * @param columns the receivers of several columns, in order (at least one)
     * @return the receiver of one marker giving all of them as a tuple, named {@code (c1,c2)} (no space) with the
     *         tuple of their types, as Cassandra's {@code Tuples.Raw.makeReceiver}
     */
    static ColumnSpec tupleSpec(List<ColumnSpec> columns) {
        String name = "(" + String.join(",", columns.stream().map(ColumnSpec::name).toList()) + ")";
        List<CqlType> types = columns.stream().map(ColumnSpec::type).toList();
        ColumnSpec first = columns.get(0);
        return new ColumnSpec(first.keyspace(), first.table(), name, new TupleType(types));
    }

    /**
     * Whether {@code term} may be assigned to {@code type} judged by its form alone (Cassandra's
     * {@code testAssignment}): a literal's kind, a collection literal's kind, a user type or tuple literal's type;
     * markers, null and function calls are checked when prepared.
     */
    static boolean assignable(Term term, CqlType type) {
        if (term instanceof Term.Literal literal) {
            return Literals.assignable(literal, type);
        }
        if (term instanceof Term.TupleLiteral) {
            return type instanceof TupleType;
        }
        if (term instanceof Term.UserTypeLiteral) {
            return type instanceof UserType;
        }
        if (term instanceof Term.TypeHint hint) {
            return readableAs(type, hintedType(hint.type(), type));
        }
        if (term instanceof Term.ListLiteral || term instanceof Term.SetLiteral || term instanceof Term.MapLiteral) {
            return type instanceof CollectionType collection && accepts(collection, term);
        }
        return true;
    }

    /**
     * A {@code {field: value, ...}} literal for a user-defined type: fields are prepared against their types (markers
     * named {@code col.field}); fields not named are null (Cassandra's {@code UserTypes.Literal}).
     */
    private static PreparedTerm userType(Term.UserTypeLiteral literal, ColumnSpec receiver, BindVariables variables) {
        if (!(receiver.type() instanceof UserType type)) {
            throw CqlException.invalid("Invalid user type literal for " + receiver.name() + " of type "
                    + receiver.type().cqlName());
        }
        PreparedTerm[] fields = new PreparedTerm[type.fieldNames().size()];
        for (int i = 0; i < literal.fields().size(); i++) {
            String field = literal.fields().get(i);
            int index = type.fieldIndex(field);
            if (index < 0) {
                throw CqlException.invalid("Unknown field '" + field + "' in value of user defined type "
                        + type.name());
            }
            if (fields[index] != null) {
                throw CqlException.invalid("Duplicate field '" + field + "' in user type literal for "
                        + receiver.name());
            }
            ColumnSpec fieldReceiver = new ColumnSpec(receiver.keyspace(), receiver.table(),
                    receiver.name() + "." + field, type.fieldTypes().get(index));
            fields[index] = prepare(literal.values().get(i), fieldReceiver, variables, null);
        }
        List<PreparedTerm> prepared = new ArrayList<>(fields.length);
        for (PreparedTerm field : fields) {
            prepared.add(field == null ? new PreparedTerm.Constant(null) : field);
        }
        PreparedTerm.UserTypeValue value = new PreparedTerm.UserTypeValue(prepared);
        boolean constant = prepared.stream().allMatch(e -> e instanceof PreparedTerm.Constant);
        return constant ? new PreparedTerm.Constant(value.bind(List.of())) : value;
    }

    /**
     * @param literal a constant (a {@link Term.Literal} or null)
     * @return its serialized value for {@code receiver}
     * @throws CqlException 0x2200 when the literal does not fit the receiver's type
     */
    static byte[] constant(Term literal, ColumnSpec receiver) {
        return literal instanceof Term.Literal value ? Literals.serialize(value, receiver) : null;
    }

    /**
     * A function call: the overload is chosen from the argument types known at prepare time (nested calls),
     * literal and marker arguments are then prepared against the chosen parameter types, named as Cassandra names
     * them ({@code arg0(system.mintimeuuid)}), and the result type must be the receiver's.
     */
    private static PreparedTerm call(Term.FunctionCall call, ColumnSpec receiver, BindVariables variables) {
        String simpleName = NativeFunctions.simpleName(call.function());
        if ("fromjson".equals(simpleName) || "from_json".equals(simpleName)) {
            return fromJson(call, simpleName, receiver, variables);
        }
        if ("tojson".equals(simpleName) || "to_json".equals(simpleName)) {
            throw CqlException.invalid(simpleName + "() may only be used within the selection clause of SELECT"
                    + " statements");
        }
        List<CqlType> knownTypes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Term argument : call.arguments()) {
            knownTypes.add(knownType(argument));
            names.add(argument.toString());
        }
        NativeFunctions.Function function = NativeFunctions.resolve(call.function(), knownTypes, names);
        if (!function.returnType().equals(receiver.type())) {
            throw CqlException.invalid("Type error: cannot assign result of function system." + function.name()
                    + " (type " + function.returnType().cqlName() + ") to " + receiver.name() + " (type "
                    + receiver.type().cqlName() + ")");
        }
        List<PreparedTerm> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            ColumnSpec parameter = new ColumnSpec(receiver.keyspace(), receiver.table(),
                    "arg" + i + "(system." + function.name() + ")", function.argumentTypes().get(i));
            arguments.add(prepare(call.arguments().get(i), parameter, variables, null));
        }
        return new PreparedTerm.FunctionCall(function, arguments, variables.functions());
    }

    /**
     * {@code fromJson(text)} for a receiver (Cassandra's {@code FromJsonFct}): its argument is text (a marker there
     * is named {@code arg0(system.fromjson)}); a constant argument is decoded once, here.
     *
     * @throws CqlException 0x2200 "Invalid number of arguments in call to function system.fromjson: 1 required but
     *         2 provided"; 0x1400 for a constant that does not decode (see {@link JsonDecoder#fromJson})
     */
    private static PreparedTerm fromJson(Term.FunctionCall call, String name, ColumnSpec receiver,
                                         BindVariables variables) {
        if (call.arguments().size() != 1) {
            throw CqlException.invalid("Invalid number of arguments in call to function system." + name
                    + ": 1 required but " + call.arguments().size() + " provided");
        }
        ColumnSpec text = new ColumnSpec(receiver.keyspace(), receiver.table(), "arg0(system." + name + ")",
                NativeType.TEXT);
        PreparedTerm argument = prepare(call.arguments().get(0), text, variables, null);
        PreparedTerm.FromJson fromJson = new PreparedTerm.FromJson(argument, receiver);
        return argument instanceof PreparedTerm.Constant ? new PreparedTerm.Constant(fromJson.bind(List.of()))
                : fromJson;
    }

    /** @return the result type of a nested call, resolved without knowing the types of its own literals */
    private static CqlType resultType(Term.FunctionCall call) {
        List<CqlType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Term argument : call.arguments()) {
            types.add(knownType(argument));
            names.add(argument.toString());
        }
        return NativeFunctions.resolve(call.function(), types, names).returnType();
    }

    /** @return the type of a function argument known before its parameter is: nested calls and type hints */
    private static CqlType knownType(Term argument) {
        if (argument instanceof Term.FunctionCall nested) {
            String nestedName = NativeFunctions.simpleName(nested.function());
            boolean fromJson = "fromjson".equals(nestedName) || "from_json".equals(nestedName);
            return fromJson ? null : resultType(nested);
        }
        return argument instanceof Term.TypeHint hint ? hint.type() : null;
    }

    private static PreparedTerm collection(Term term, ColumnSpec receiver, BindVariables variables) {
        CqlType type = receiver.type();
        String kind = term instanceof Term.ListLiteral ? "list" : term instanceof Term.SetLiteral ? "set" : "map";
        if (!(type instanceof CollectionType collection) || !accepts(collection, term)) {
            throw CqlException.invalid("Invalid " + kind + " literal for " + receiver.name() + " of type "
                    + type.cqlName());
        }
        List<PreparedTerm> elements = new ArrayList<>();
        if (term instanceof Term.ListLiteral list) {
            list.elements().forEach(e -> elements.add(element(e, receiver, "value", collection.elements(),
                    variables)));
        } else if (term instanceof Term.SetLiteral set) {
            set.elements().forEach(e -> elements.add(element(e, receiver, "value", collection.elements(),
                    variables)));
        } else {
            Term.MapLiteral map = (Term.MapLiteral) term;
            for (int i = 0; i < map.keys().size(); i++) {
                elements.add(element(map.keys().get(i), receiver, "key", collection.elements(), variables));
                elements.add(element(map.values().get(i), receiver, "value", collection.values(), variables));
            }
        }
        PreparedTerm.Collection prepared = new PreparedTerm.Collection(collection, elements);
        boolean constant = elements.stream().allMatch(e -> e instanceof PreparedTerm.Constant);
        return constant ? new PreparedTerm.Constant(prepared.bind(List.of())) : prepared;
    }

    private static boolean accepts(CollectionType type, Term term) {
        return switch (type.kind()) {
            case LIST -> term instanceof Term.ListLiteral;
            case SET -> term instanceof Term.SetLiteral;
            case MAP -> term instanceof Term.MapLiteral
                    || term instanceof Term.SetLiteral set && set.elements().isEmpty();
        };
    }

    private static PreparedTerm element(Term element, ColumnSpec collection, String role, CqlType type,
                                        BindVariables variables) {
        ColumnSpec receiver = new ColumnSpec(collection.keyspace(), collection.table(),
                role + "(" + collection.name() + ")", type);
        return prepare(element, receiver, variables, null);
    }
}
