package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.parser.ParsedStatement.DescribeKind;
import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the words after {@code DESCRIBE} into a {@link ParsedStatement.Describe}, following Cassandra's
 * {@code describeStatement} rule (Parser.g): the listing forms ({@code KEYSPACES}, {@code TABLES}, {@code TYPES},
 * {@code FUNCTIONS}, {@code AGGREGATES}, {@code CLUSTER}, {@code [FULL] SCHEMA}), the element forms
 * ({@code [ONLY] KEYSPACE [k]}, {@code TABLE}, {@code TYPE}, {@code FUNCTION}, {@code AGGREGATE}, {@code INDEX},
 * {@code MATERIALIZED VIEW} with a {@code [keyspace.]name}) and a bare {@code [keyspace.]name}.
 *
 * <p>Thread safety: stateless.
 */
final class DescribeBuilder {

    /** One word after DESCRIBE: its text as written (upper-cased) and its value as an identifier. */
    private record Word(String keyword, String name, boolean quoted) {
    }

    private static final Map<String, DescribeKind> LISTINGS = Map.of("KEYSPACES", DescribeKind.KEYSPACES,
            "TABLES", DescribeKind.TABLES, "COLUMNFAMILIES", DescribeKind.TABLES, "TYPES", DescribeKind.TYPES,
            "FUNCTIONS", DescribeKind.FUNCTIONS, "AGGREGATES", DescribeKind.AGGREGATES,
            "CLUSTER", DescribeKind.CLUSTER, "SCHEMA", DescribeKind.SCHEMA);
    private static final Map<String, DescribeKind> ELEMENTS = Map.of("TABLE", DescribeKind.TABLE,
            "COLUMNFAMILY", DescribeKind.TABLE, "TYPE", DescribeKind.TYPE, "FUNCTION", DescribeKind.FUNCTION,
            "AGGREGATE", DescribeKind.AGGREGATE, "INDEX", DescribeKind.INDEX);

    private DescribeBuilder() {
    }

    /**
     * @throws CqlException 0x2000 for a DESCRIBE that Cassandra would not parse, 0x2200 for {@code WITH INTERNALS}
     */
    static ParsedStatement.Describe describe(CqlParser.DescribeStatementContext statement) {
        List<Word> words = new ArrayList<>();
        for (CqlParser.DescribeWordContext word : statement.describeWord()) {
            boolean quoted = word.ident() != null && word.ident().QUOTED_NAME() != null;
            String name = word.ident() != null ? TermBuilder.ident(word.ident()) : word.getText();
            words.add(new Word(quoted ? "" : word.getText().toUpperCase(Locale.ROOT), name, quoted));
        }
        int size = words.size();
        if (size >= 2 && words.get(size - 2).keyword().equals("WITH")) {
            if (!words.get(size - 1).keyword().equals("INTERNALS")) {
                throw invalidSyntax(statement);
            }
            throw unsupported("DESCRIBE ... WITH INTERNALS");
        }
        ParsedStatement.Describe parsed = build(words);
        if (parsed == null) {
            throw invalidSyntax(statement);
        }
        return parsed;
    }

    private static ParsedStatement.Describe build(List<Word> words) {
        if (words.isEmpty()) {
            return null;
        }
        String first = words.get(0).keyword();
        if (words.size() == 1 && LISTINGS.containsKey(first)) {
            return new ParsedStatement.Describe(LISTINGS.get(first), null, null);
        }
        if (words.size() == 2 && first.equals("FULL") && words.get(1).keyword().equals("SCHEMA")) {
            return new ParsedStatement.Describe(DescribeKind.FULL_SCHEMA, null, null);
        }
        boolean only = first.equals("ONLY");
        List<Word> rest = only ? words.subList(1, words.size()) : words;
        if (!rest.isEmpty() && rest.get(0).keyword().equals("KEYSPACE")) {
            DescribeKind kind = only ? DescribeKind.ONLY_KEYSPACE : DescribeKind.KEYSPACE;
            if (rest.size() == 1) {
                return new ParsedStatement.Describe(kind, null, null);
            }
            return rest.size() == 2 && isName(rest.get(1)) ? new ParsedStatement.Describe(kind,
                    rest.get(1).name(), null) : null;
        }
        if (only) {
            return null;
        }
        if (ELEMENTS.containsKey(first)) {
            return qualified(ELEMENTS.get(first), words.subList(1, words.size()));
        }
        if (first.equals("MATERIALIZED") && words.size() > 1 && words.get(1).keyword().equals("VIEW")) {
            return qualified(DescribeKind.MATERIALIZED_VIEW, words.subList(2, words.size()));
        }
        return qualified(DescribeKind.GENERIC, words);
    }

    /** @return {@code name} or {@code keyspace.name} as a Describe, or null when the words are not a name */
    private static ParsedStatement.Describe qualified(DescribeKind kind, List<Word> words) {
        if (words.size() == 1 && isName(words.get(0))) {
            return new ParsedStatement.Describe(kind, null, words.get(0).name());
        }
        if (words.size() == 3 && isName(words.get(0)) && words.get(1).name().equals(".") && isName(words.get(2))) {
            return new ParsedStatement.Describe(kind, words.get(0).name(), words.get(2).name());
        }
        return null;
    }

    private static boolean isName(Word word) {
        return word.quoted() || !word.name().equals(".") && !word.keyword().equals("WITH");
    }

    private static CqlException invalidSyntax(CqlParser.DescribeStatementContext statement) {
        return CqlException.syntax("line 1:0 no viable alternative at input '" + TermBuilder.text(statement) + "'");
    }
}
