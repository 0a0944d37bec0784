package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses one CQL query string (grammar {@code Cql.g4}) into a {@link ParsedQuery}.
 *
 * <p>Parsing is two-staged, as the ANTLR 4 documentation recommends: a fast SLL pass that bails out at the first
 * problem, then, only if it failed, a full LL pass whose first error becomes the syntax error. Tokens are read in
 * full before parsing, so a lexer error is reported before any parser error (as with Cassandra's ANTLR 3 parser).
 *
 * <p>Thread safety: stateless; safe from any thread (the generated parser's DFA cache is shared and thread-safe).
 */
public final class StatementParser {

    private StatementParser() {
    }

    /**
     * @param query the query text, with or without a trailing {@code ;}
     * @return the statement
     * @throws CqlException 0x2000 for a syntax error ("line 1:7 no viable alternative at input 'FOO' (...)"),
     *         0x2200 for a well-formed statement or clause that Almanac does not support yet
     */
    public static ParsedQuery parse(String query) {
        SyntaxErrorListener errors = new SyntaxErrorListener(query);
        CqlLexer lexer = new CqlLexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        CqlParser parser = new CqlParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        CqlParser.RootContext root;
        try {
            root = parser.root();
        } catch (ParseCancellationException e) {
            parser.reset();
            parser.addErrorListener(errors);
            parser.setErrorHandler(new FirstErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            root = parser.root();
        }
        return AstBuilder.build(root);
    }

    /**
     * Reports the first error and stops: no single-token insertion or deletion, no resynchronisation (Cassandra's
     * parser does not recover either). The listener throws on the report.
     */
    private static final class FirstErrorStrategy extends DefaultErrorStrategy {

        @Override
        public Token recoverInline(Parser recognizer) {
            InputMismatchException e = new InputMismatchException(recognizer);
            reportError(recognizer, e);
            throw new ParseCancellationException(e);
        }

        @Override
        public void recover(Parser recognizer, RecognitionException e) {
            throw new ParseCancellationException(e);
        }

        @Override
        public void sync(Parser recognizer) {
            // no resynchronisation: the next match or prediction reports the error
        }
    }
}
