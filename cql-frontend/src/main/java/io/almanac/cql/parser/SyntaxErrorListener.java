package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the first lexer or parser error into a 0x2000 Syntax_error worded as Cassandra words them
 * ({@code org.apache.cassandra.cql3.ErrorCollector}):
 *
 * <pre>
 *   line 1:7 no viable alternative at input 'FOO' (CREATE [FOO]...)
 *   line 1:9 mismatched input 'b' expecting K_FROM (SELECT a [b] FROM...)
 *   line 1:7 no viable alternative at character '@'
 * </pre>
 *
 * The snippet in parentheses shows up to ten tokens before and two after the offending one, which is bracketed;
 * line breaks in it become spaces.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class SyntaxErrorListener extends BaseErrorListener {

    private static final int SNIPPET_TOKENS_BEFORE = 10;
    private static final int SNIPPET_TOKENS_AFTER = 2;

    private final String query;

    SyntaxErrorListener(String query) {
        this.query = query;
    }

    /** @throws CqlException always: the syntax error */
    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        String header = "line " + line + ":" + charPositionInLine + " ";
        if (recognizer instanceof Lexer lexer) {
            int start = lexer._tokenStartCharIndex;
            int stop = Math.min(lexer.getInputStream().index(), lexer.getInputStream().size() - 1);
            String text = lexer.getInputStream().getText(Interval.of(start, Math.max(start, stop)));
            throw CqlException.syntax(header + "no viable alternative at character '" + text + "'");
        }
        Token offending = (Token) offendingSymbol;
        String message;
        if (e instanceof NoViableAltException) {
            message = "no viable alternative at input '" + display(offending) + "'";
        } else if (e instanceof InputMismatchException) {
            message = "mismatched input '" + display(offending) + "' expecting "
                    + expected(e.getExpectedTokens(), recognizer.getVocabulary());
        } else {
            message = msg;
        }
        StringBuilder full = new StringBuilder(header).append(message);
        if (recognizer instanceof Parser parser && offending != null) {
            appendSnippet(full, parser.getInputStream(), offending);
        }
        throw CqlException.syntax(full.toString());
    }

    private static String display(Token token) {
        return token == null ? "<unknown>" : token.getType() == Token.EOF ? "<EOF>" : token.getText();
    }

    /** Expected tokens by their grammar names (K_FROM, ',') as Cassandra's ANTLR 3 parser prints them. */
    private static String expected(IntervalSet tokens, Vocabulary vocabulary) {
        if (tokens == null) {
            return "<unknown>";
        }
        List<String> names = new ArrayList<>();
        for (int type : tokens.toArray()) {
            if (type == Token.EOF) {
                names.add("<EOF>");
            } else {
                String symbolic = vocabulary.getSymbolicName(type);
                names.add(symbolic != null && !symbolic.isEmpty() ? symbolic : vocabulary.getLiteralName(type));
            }
        }
        return names.size() == 1 ? names.get(0) : "{" + String.join(", ", names) + "}";
    }

    private void appendSnippet(StringBuilder message, TokenStream tokens, Token offending) {
        int lastIndex = tokens.size() - 1;
        while (lastIndex >= 0 && tokens.get(lastIndex).getType() == Token.EOF) {
            lastIndex--;
        }
        if (lastIndex < 0) {
            return;
        }
        int index = Math.min(offending.getTokenIndex() < 0 ? lastIndex : offending.getTokenIndex(), lastIndex);
        Token highlighted = tokens.get(index);
        Token from = tokens.get(Math.max(0, index - SNIPPET_TOKENS_BEFORE));
        Token to = tokens.get(Math.min(lastIndex, index + SNIPPET_TOKENS_AFTER));
        int snippetStart = message.length();
        message.append(" (");
        if (from.getStartIndex() > 0) {
            message.append("...");
        }
        message.append(query, from.getStartIndex(), highlighted.getStartIndex())
                .append('[')
                .append(query, highlighted.getStartIndex(), highlighted.getStopIndex() + 1)
                .append(']')
                .append(query, highlighted.getStopIndex() + 1, to.getStopIndex() + 1);
        if (to.getStopIndex() + 1 < query.length()) {
            message.append("...");
        }
        message.append(')');
        for (int i = snippetStart; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n' || c == '\r') {
                message.setCharAt(i, ' ');
            }
        }
    }
}
