package io.almanac.storage.schema;

import java.util.Locale;

/**
 * Parses CQL type text ({@code text}, {@code varchar}, {@code frozen<map<text, int>>}) into a {@link CqlType}; the
 * inverse of {@link CqlType#cqlName()}. Used for DDL, for the persisted schema and for {@code system_schema}.
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
        Parser parser = new Parser(text.replace(" ", "").toLowerCase(Locale.ROOT), text);
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

    private static final class Parser {
        private final String text;
        private final String original;
        private int pos;

        Parser(String text, String original) {
            this.text = text;
            this.original = original;
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
                    CqlType element = type(false);
                    expect('>');
                    return name.equals("list") ? CollectionType.list(element, frozen)
                            : CollectionType.set(element, frozen);
                }
                case "map" -> {
                    expect('<');
                    CqlType key = type(false);
                    expect(',');
                    CqlType value = type(false);
                    expect('>');
                    return CollectionType.map(key, value, frozen);
                }
                default -> {
                    NativeType type = nativeType(name);
                    if (type == null) {
                        throw new InvalidRequestException("Unknown type " + original);
                    }
                    return type;
                }
            }
        }

        private String identifier() {
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
