package io.almanac.storage.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parses CQL type text ({@code text}, {@code varchar}, {@code frozen<map<text, int>>}, {@code tuple<int, text>})
 * into a {@link CqlType}; the inverse of {@link CqlType#cqlName()}. Used for DDL, for the persisted schema and for {@code system_schema}.
 *
 * <p>Thread safety: stateless.
 */
public final class CqlTypes {

    private CqlTypes() {
    }

    /**
     * @param text a CQL type, case-insensitive, with optional spaces
     * @return the type; {@code varchar} is {@link NativeType#TEXT}
     * @throws InvalidRequestException for an unknown or malformed type
     */
    public static CqlType parse(String text) {
        return parse(text, typeName -> null);
    }

    /**
     * @param text      a CQL type, case-insensitive except quoted user type names, with optional spaces
     * @param userTypes resolves a user-defined type name (unquoted names lower-cased) to the type, or null when
     *                  there is none of that name (e.g. the types of the table's keyspace)
     * @return the type; a user type used inside {@code frozen<...>} is returned frozen
     * @throws InvalidRequestException for an unknown or malformed type, and for a non-frozen user type inside a
     *         collection (Cassandra: "Non-frozen UDTs are not allowed inside collections")
     */
    public static CqlType parse(String text, Function<String, UserType> userTypes) {
        Parser parser = new Parser(normalize(text), text, userTypes);
        CqlType type = parser.type(false);
        if (parser.pos != parser.text.length()) {
            throw parser.error();
        }
        return type;
    }

    /** @return the native type named {@code name} (case-insensitive; {@code varchar} is text), or null */
    public static NativeType nativeType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("varchar")) {
            return NativeType.TEXT;
        }
        for (NativeType type : NativeType.values()) {
            if (type.cqlName().equals(lower)) {
                return type;
            }
        }
        return null;
    }

    /** @return the text without spaces, lower-cased outside double quotes */
    private static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted || c != ' ') {
                out.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private static final class Parser {
        private final String text;
        private final String original;
        private final Function<String, UserType> userTypes;
        private int pos;
        private int collectionDepth;

        Parser(String text, String original, Function<String, UserType> userTypes) {
            this.text = text;
            this.original = original;
            this.userTypes = userTypes;
        }

        CqlType type(boolean frozen) {
            String name = identifier();
            switch (name) {
                case "frozen" -> {
                    expect('<');
                    CqlType inner = type(true);
                    expect('>');
                    return inner;
                }
                case "list", "set" -> {
                    expect('<');
                    collectionDepth++;
                    CqlType element = type(false);
                    collectionDepth--;
                    expect('>');
                    return name.equals("list") ? CollectionType.list(element, frozen)
                            : CollectionType.set(element, frozen);
                }
                case "map" -> {
                    expect('<');
                    collectionDepth++;
                    CqlType key = type(false);
                    expect(',');
                    CqlType value = type(false);
                    collectionDepth--;
                    expect('>');
                    return CollectionType.map(key, value, frozen);
                }
                case "tuple" -> {
                    return tuple();
                }
                default -> {
                    NativeType type = nativeType(name);
                    if (type != null) {
                        return type;
                    }
                    return userType(name, frozen);
                }
            }
        }

        /** {@code tuple<a, b, ...>}: components are frozen, as in Cassandra (CQL3Type.Raw.RawTuple). */
        private CqlType tuple() {
            expect('<');
            collectionDepth++;
            List<CqlType> components = new ArrayList<>();
            components.add(type(true));
            while (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                components.add(type(true));
            }
            collectionDepth--;
            expect('>');
            return new TupleType(components);
        }

        private CqlType userType(String name, boolean frozen) {
            String unquoted = name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
                    : name;
            UserType type = userTypes.apply(unquoted);
            if (type == null) {
                throw new InvalidRequestException("Unknown type " + original);
            }
            if (!frozen && collectionDepth > 0) {
                throw new InvalidRequestException("Non-frozen UDTs are not allowed inside collections: " + original);
            }
            return type.withFrozen(frozen);
        }

        private String identifier() {
            if (pos < text.length() && text.charAt(pos) == '"') {
                int end = text.indexOf('"', pos + 1);
                while (end > 0 && end + 1 < text.length() && text.charAt(end + 1) == '"') {
                    end = text.indexOf('"', end + 2);
                }
                if (end < 0) {
                    throw error();
                }
                String quoted = text.substring(pos, end + 1);
                pos = end + 1;
                return quoted;
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            return text.substring(start, pos);
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error();
            }
            pos++;
        }

        InvalidRequestException error() {
            return new InvalidRequestException("Invalid type " + original);
        }
    }
}
