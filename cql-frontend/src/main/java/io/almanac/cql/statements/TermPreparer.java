package io.almanac.cql.statements;

import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks parsed terms against their receivers and prepares them (Cassandra's {@code Term.Raw.prepare}): literals
 * are converted once, markers are recorded in the statement's {@link BindVariables}, collection literals are
 * checked element by element. Collection element markers are named as in Cassandra: {@code value(c)} for list and
 * set elements and map values, {@code key(c)} for map keys.
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
        return collection(term, receiver, variables);
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
        List<CqlType> knownTypes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Term argument : call.arguments()) {
            knownTypes.add(argument instanceof Term.FunctionCall nested ? resultType(nested) : null);
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

    /** @return the result type of a nested call, resolved without knowing the types of its own literals */
    private static CqlType resultType(Term.FunctionCall call) {
        List<CqlType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Term argument : call.arguments()) {
            types.add(argument instanceof Term.FunctionCall nested ? resultType(nested) : null);
            names.add(argument.toString());
        }
        return NativeFunctions.resolve(call.function(), types, names).returnType();
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
