package io.almanac.cql.parser;

import io.almanac.storage.schema.CqlType;
import java.util.List;
import java.util.Objects;

/**
 * A value in a statement, before it is checked against the column it is assigned to: a literal, {@code null}, a bind
 * marker, a collection, user type or tuple literal or a function call. Literals keep their text;
 * io.almanac.cql.statements converts them to serialized values once the receiving column's type is known
 * (Cassandra's {@code Term.Raw}).
 */
public sealed interface Term {

    /** The lexical kind of a literal; decides which column types it may be assigned to (Cassandra's Constants.Type). */
    enum LiteralKind {
        STRING, INTEGER, FLOAT, BOOLEAN, UUID, HEX, DURATION
    }

    /**
     * A constant.
     *
     * @param kind the lexical kind
     * @param text the literal text: a string's content without quotes (escapes resolved), a number as written,
     *             {@code NaN}/{@code Infinity}/{@code -Infinity} for those floats, a blob as {@code 0x...}
     */
    record Literal(LiteralKind kind, String text) implements Term {
        public Literal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        /** @return the literal as Cassandra prints it in errors: strings quoted, the rest verbatim */
        @Override
        public String toString() {
            return kind == LiteralKind.STRING ? "'" + text + "'" : text;
        }
    }

    /** The literal {@code null}. */
    record Null() implements Term {
        public static final Null INSTANCE = new Null();

        @Override
        public String toString() {
            return "null";
        }
    }

    /**
     * A bind marker: {@code ?} or {@code :name}.
     *
     * @param index the marker's position among all markers of the statement, in textual order (0-based)
     * @param name  the marker's name (case-folded like an identifier), or null for {@code ?}
     */
    record BindMarker(int index, String name) implements Term {
        @Override
        public String toString() {
            return name == null ? "?" : ":" + name;
        }
    }

    /** {@code [a, b, ...]}. */
    record ListLiteral(List<Term> elements) implements Term {
        public ListLiteral {
            elements = List.copyOf(elements);
        }

        /** @return the literal as CQL text, for error messages */
        @Override
        public String toString() {
            return "[" + String.join(", ", elements.stream().map(Object::toString).toList()) + "]";
        }
    }

    /** {@code {a, b, ...}}; also the empty {@code {}}, which may be assigned to a set or a map. */
    record SetLiteral(List<Term> elements) implements Term {
        public SetLiteral {
            elements = List.copyOf(elements);
        }

        /** @return the literal as CQL text, for error messages */
        @Override
        public String toString() {
            return "{" + String.join(", ", elements.stream().map(Object::toString).toList()) + "}";
        }
    }

    /** {@code {k1: v1, k2: v2, ...}}; {@code keys} and {@code values} have the same size. */
    record MapLiteral(List<Term> keys, List<Term> values) implements Term {
        public MapLiteral {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
            if (keys.size() != values.size()) {
                throw new IllegalArgumentException("a map literal needs as many keys as values");
            }
        }

        /** @return the literal as CQL text, for error messages */
        @Override
        public String toString() {
            List<String> entries = new java.util.ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                entries.add(keys.get(i) + ": " + values.get(i));
            }
            return "{" + String.join(", ", entries) + "}";
        }
    }

    /**
     * {@code {field1: v1, field2: v2, ...}}, a user-defined type value; fields not named are null.
     *
     * @param fields the field names (lower-cased unless quoted), same size as {@code values}
     * @param values the field values
     */
    record UserTypeLiteral(List<String> fields, List<Term> values) implements Term {
        public UserTypeLiteral {
            fields = List.copyOf(fields);
            values = List.copyOf(values);
            if (fields.size() != values.size()) {
                throw new IllegalArgumentException("a user type literal needs as many fields as values");
            }
        }
    }

    /**
     * {@code (a, b, ...)}, a tuple value (Cassandra's {@code Tuples.Literal}). With one element it may also be a
     * term in parentheses: which one is known only from the receiver's type.
     *
     * @param elements the components, in order (at least one)
     */
    record TupleLiteral(List<Term> elements) implements Term {
        public TupleLiteral {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("a tuple literal has at least one element");
            }
        }

        /** @return the literal as CQL text, for error messages */
        @Override
        public String toString() {
            return "(" + String.join(", ", elements.stream().map(Object::toString).toList()) + ")";
        }
    }

    /**
     * {@code (type) term}: a type hint (Cassandra's {@code TypeCast}), e.g. {@code (int) ?} or {@code (text) 'a'}.
     * It fixes the type a bind marker or literal is checked against, and so picks between function overloads; the
     * value is still converted for its receiver.
     *
     * @param type the hinted type; a user-defined type is a placeholder with no fields, resolved by name
     * @param term the hinted term
     */
    record TypeHint(CqlType type, Term term) implements Term {
        public TypeHint {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(term, "term");
        }

        /** @return the hint as Cassandra prints it in errors: {@code (int)?} */
        @Override
        public String toString() {
            return "(" + type.cqlName() + ")" + term;
        }
    }

    /**
     * A function call in a term, e.g. {@code now()} or {@code minTimeuuid('2024-01-01')}: evaluated each time the
     * statement executes.
     *
     * @param function  the function name ({@code [keyspace.]name}, lower-cased unless quoted)
     * @param arguments the argument terms
     */
    record FunctionCall(String function, List<Term> arguments) implements Term {
        public FunctionCall {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return function + "(" + String.join(", ", arguments.stream().map(Object::toString).toList()) + ")";
        }
    }
}
