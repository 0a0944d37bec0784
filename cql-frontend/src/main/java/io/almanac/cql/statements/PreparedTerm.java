package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A term checked against its receiver, ready to produce a serialized value for each execution: a constant, a bind
 * marker, or a collection, user type or tuple literal with markers inside.
 *
 * <p>Thread safety: immutable.
 */
sealed interface PreparedTerm {

    /**
     * @param values the bound values in marker order
     * @return the serialized value, {@code null} for CQL null, or {@link QueryOptions#UNSET} for an unset marker
     * @throws CqlException 0x2200 when a bound value does not fit its type
     */
    byte[] bind(List<byte[]> values);

    /** A value known at prepare time ({@code null} for the literal null). */
    record Constant(byte[] value) implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            return value;
        }
    }

    /** A bind marker; its value is validated against the receiver's type. */
    record Marker(int index, ColumnSpec receiver) implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            byte[] value = values.get(index);
            if (value != null && !QueryOptions.isUnset(value)) {
                BoundValueValidator.validate(receiver, value);
            }
            return value;
        }
    }

    /**
     * A list, set or map literal with at least one marker inside. Sets are sorted and deduplicated, maps sorted by
     * key with the last duplicate winning (Cassandra's {@code Sets.Value} / {@code Maps.Value}).
     *
     * @param type     the collection type
     * @param elements the elements; for a map key, value, key, value, ...
     */
    record Collection(CollectionType type, List<PreparedTerm> elements) implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            List<byte[]> bound = new ArrayList<>(elements.size());
            for (PreparedTerm element : elements) {
                byte[] value = element.bind(values);
                if (value == null) {
                    throw CqlException.invalid("null is not supported inside collections");
                }
                if (QueryOptions.isUnset(value)) {
                    throw CqlException.invalid("Invalid unset value in collection");
                }
                bound.add(value);
            }
            return serialize(type, bound);
        }

        /** Serializes already-bound elements in the collection's order. */
        static byte[] serialize(CollectionType type, List<byte[]> elements) {
            switch (type.kind()) {
                case LIST -> {
                    return CollectionType.join(elements, elements.size());
                }
                case SET -> {
                    TreeMap<byte[], byte[]> sorted = new TreeMap<>(type.elements()::compare);
                    elements.forEach(e -> sorted.put(e, e));
                    return CollectionType.join(new ArrayList<>(sorted.keySet()), sorted.size());
                }
                default -> {
                    TreeMap<byte[], byte[]> sorted = new TreeMap<>(type.elements()::compare);
                    for (int i = 0; i < elements.size(); i += 2) {
                        sorted.put(elements.get(i), elements.get(i + 1));
                    }
                    List<byte[]> parts = new ArrayList<>(sorted.size() * 2);
                    sorted.forEach((k, v) -> {
                        parts.add(k);
                        parts.add(v);
                    });
                    return CollectionType.join(parts, sorted.size());
                }
            }
        }
    }

    /**
     * A user-defined type literal with markers inside: each field's value in declaration order, null fields (and
     * unset markers) serialized as null ({@code [bytes]} length -1; native_protocol_v5.spec §6).
     *
     * @param fields one term per field of the type
     */
    record UserTypeValue(List<PreparedTerm> fields) implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            List<byte[]> bound = new ArrayList<>(fields.size());
            for (PreparedTerm field : fields) {
                byte[] value = field.bind(values);
                bound.add(QueryOptions.isUnset(value) ? null : value);
            }
            return UserType.join(bound);
        }
    }

    /**
     * A tuple literal with markers or function calls inside (Cassandra's {@code Tuples.DelayedValue}): its elements in
     * order, a null element serialized as null ({@code [bytes]} length -1; native_protocol_v5.spec §6 "tuple").
     *
     * @param elements one term per element given (at most the tuple type's component count)
     */
    record TupleValue(List<PreparedTerm> elements) implements PreparedTerm {
        /** @throws CqlException "Invalid unset value for tuple field number 1" for an unset marker inside */
        @Override
        public byte[] bind(List<byte[]> values) {
            List<byte[]> bound = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                byte[] value = elements.get(i).bind(values);
                if (QueryOptions.isUnset(value)) {
                    // a tuple is written whole: an unset component cannot keep an old value (Cassandra's message)
                    throw CqlException.invalid("Invalid unset value for tuple field number " + i);
                }
                bound.add(value);
            }
            return TupleType.join(bound);
        }
    }

    /**
     * A native function call, evaluated at each execution ({@code now()} gives a new value each time).
     *
     * @param function  the resolved overload
     * @param arguments the prepared arguments
     * @param functions the function context (clock, timeuuid sequence)
     */
    record FunctionCall(NativeFunctions.Function function, List<PreparedTerm> arguments, NativeFunctions functions)
            implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            List<byte[]> bound = new ArrayList<>(arguments.size());
            for (PreparedTerm argument : arguments) {
                byte[] value = argument.bind(values);
                if (QueryOptions.isUnset(value)) {
                    throw CqlException.invalid("Invalid unset value for argument in call to function system."
                            + function.name());
                }
                bound.add(value);
            }
            return function.execute(functions, bound);
        }
    }

    /**
     * {@code fromJson(arg)}: the JSON text {@code arg} gives, decoded for the receiver at each execution
     * ({@link JsonDecoder#fromJson}; Cassandra's {@code FromJsonFct}).
     *
     * @param argument the JSON text term
     * @param receiver what the decoded value is assigned to
     */
    record FromJson(PreparedTerm argument, ColumnSpec receiver) implements PreparedTerm {
        @Override
        public byte[] bind(List<byte[]> values) {
            byte[] json = argument.bind(values);
            if (QueryOptions.isUnset(json)) {
                throw CqlException.invalid("Invalid unset value for argument in call to function system.fromjson");
            }
            return json == null ? null
                    : JsonDecoder.fromJson(receiver, new String(json, StandardCharsets.UTF_8));
        }
    }
}
