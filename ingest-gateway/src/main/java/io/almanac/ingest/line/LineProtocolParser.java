package io.almanac.ingest.line;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses InfluxDB line protocol (InfluxDB line protocol reference, v1 "write_protocols/line_protocol_reference" and
 * v2/v3 "reference/syntax/line-protocol") one line at a time, as an explicit state machine over bytes. It never throws
 * on bad input: {@link #next} returns {@link Outcome#ERROR} and {@link #error()}, {@link #errorLineNumber()} and
 * {@link #errorColumn()} say what and where (in the manner of QuestDB's {@code LineTcpParser} and Netty's
 * {@code DecoderResult}).
 *
 * <pre>
 *   body        = line *( LF line )                 ; CR before LF is ignored
 *   line        = *WS ( point | comment | "" ) *WS  ; WS = space or tab; blank lines are skipped
 *   comment     = "#" *( any byte but LF )          ; skipped
 *   point       = measurement *( "," tag ) 1*SP field *( "," field ) [ 1*SP timestamp ]
 *   measurement = 1*( byte but "," SP | "\," | "\ " )             ; other backslashes are literal
 *   tag         = key "=" 1*( byte but "," "=" SP | "\," | "\=" | "\ " )
 *   field       = key "=" value
 *   key         = 1*( byte but "," "=" SP | "\," | "\=" | "\ " )
 *   value       = float | integer "i" | unsigned "u" | boolean | string
 *   float       = [ "+" | "-" ] ( 1*DIGIT [ "." *DIGIT ] | "." 1*DIGIT ) [ ( "e" | "E" ) [ "+" | "-" ] 1*DIGIT ]
 *   integer     = [ "-" | "+" ] 1*DIGIT                          ; signed 64-bit
 *   unsigned    = 1*DIGIT                                        ; unsigned 64-bit
 *   boolean     = "t" | "T" | "true" | "True" | "TRUE" | "f" | "F" | "false" | "False" | "FALSE"
 *   string      = DQUOTE *( byte but DQUOTE "\" LF | "\" DQUOTE | "\\" | "\" other ) DQUOTE
 *                                                    ; "\" before any other byte is kept literally
 *   timestamp   = [ "-" ] 1*DIGIT                                ; signed 64-bit, in the request's precision
 * </pre>
 *
 * Names and string values are UTF-8. States: {@code MEASUREMENT -> TAG_KEY <-> TAG_VALUE -> FIELD_KEY <->
 * FIELD_VALUE -> TIMESTAMP}; every byte moves the state or fails the line with the 1-based column (byte offset in the
 * line plus one) where the fault was seen.
 *
 * <p>Allocation per line: one {@code String} per tag value and string field value; a float field allocates nothing
 * unless it needs {@link Double#parseDouble} ({@link DecimalDoubles}); the measurement, tag keys and field keys are
 * decoded once and reused while a line repeats the previous line's bytes at the same position (the usual case: a
 * batch of one measurement). The holder ({@link LineProtocolPoint}) and the token buffer are reused; their arrays
 * grow only for the longest line. An error allocates the offending line's text only when {@link #errorLineText()} is
 * called.
 *
 * <p>Thread safety: none; one parser per thread (e.g. per event loop or per request).
 */
public final class LineProtocolParser {

    /** What {@link #next} found. */
    public enum Outcome {
        /** A point was parsed into the holder. */
        POINT,
        /** The body has no more lines. */
        END,
        /** The next line is malformed; see {@link #error()}. The following call goes on with the line after it. */
        ERROR
    }

    private static final int EOL = -1;
    private static final int MEASUREMENT = 0;
    private static final int TAG_KEY = 1;
    private static final int TAG_VALUE = 2;
    private static final int FIELD_KEY = 3;
    private static final int TIMESTAMP = 4;
    /** Terminal states of a line. */
    private static final int DONE = -1;
    private static final int FAILED = -2;

    private final NameCache measurementNames = new NameCache();
    private final NameCache tagKeyNames = new NameCache();
    private final NameCache fieldKeyNames = new NameCache();
    private byte[] data = new byte[0];
    private int position;
    private int limit;
    private int lineNumber;
    private int lineStart;
    private int lineEnd;
    /** The byte being read in the current line. */
    private int cursor;
    /** The tag key whose value is being read. */
    private String pendingKey;
    private byte[] token = new byte[64];
    private int tokenLength;
    private LineProtocolError error;
    private int errorColumn;

    /**
     * Starts on a new body; the bytes are read in place, not copied, and must not change while parsing.
     *
     * @return this parser
     */
    public LineProtocolParser reset(byte[] body, int offset, int length) {
        this.data = body;
        this.position = offset;
        this.limit = offset + length;
        this.lineNumber = 0;
        this.error = null;
        this.errorColumn = 0;
        return this;
    }

    /**
     * Parses the next point, skipping blank and comment lines.
     *
     * @param point the holder to fill (cleared first)
     * @return {@link Outcome#POINT}, {@link Outcome#END} or {@link Outcome#ERROR}
     */
    public Outcome next(LineProtocolPoint point) {
        while (position < limit) {
            lineStart = position;
            int newline = indexOf((byte) '\n', position, limit);
            lineEnd = newline < 0 ? limit : newline;
            position = lineEnd + 1;
            lineNumber++;
            if (lineEnd > lineStart && data[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            int start = skipWhitespace(lineStart, lineEnd);
            if (start == lineEnd || data[start] == '#') {
                continue;
            }
            point.clear(lineNumber);
            return parseLine(point, start) ? Outcome.POINT : Outcome.ERROR;
        }
        return Outcome.END;
    }

    /** @return the 1-based number of the line last returned (as a point or an error) */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return why the last {@link Outcome#ERROR} happened */
    public LineProtocolError error() {
        return error;
    }

    /** @return the 1-based line number of the last error */
    public int errorLineNumber() {
        return lineNumber;
    }

    /** @return the 1-based column (byte offset within the line plus one) of the last error */
    public int errorColumn() {
        return errorColumn;
    }

    /** @return the text of the line of the last error (allocates), without its line terminator */
    public String errorLineText() {
        return new String(data, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    private boolean parseLine(LineProtocolPoint point, int start) {
        int state = MEASUREMENT;
        tokenLength = 0;
        cursor = start;
        while (state >= 0) {
            int c = cursor < lineEnd ? data[cursor] : EOL;
            if (c == '\\' && cursor + 1 < lineEnd && isEscapable(state, data[cursor + 1])) {
                append(data[cursor + 1]);
                cursor += 2;
                continue;
            }
            state = switch (state) {
                case MEASUREMENT -> measurementByte(point, c);
                case TAG_KEY -> tagKeyByte(point, c);
                case TAG_VALUE -> tagValueByte(point, c);
                case FIELD_KEY -> fieldKeyByte(point, c);
                default -> parseTimestamp(point, cursor) ? DONE : FAILED;
            };
        }
        return state == DONE;
    }

    private int measurementByte(LineProtocolPoint point, int c) {
        if (c != ',' && c != ' ' && c != EOL) {
            append(c);
            cursor++;
            return MEASUREMENT;
        }
        if (tokenLength == 0) {
            return failed(LineProtocolError.MISSING_MEASUREMENT, cursor);
        }
        point.measurement(measurementNames.name(0, token, tokenLength));
        tokenLength = 0;
        return afterNameSection(c);
    }

    private int tagKeyByte(LineProtocolPoint point, int c) {
        if (c == '=') {
            if (tokenLength == 0) {
                return failed(LineProtocolError.MISSING_TAG_KEY, cursor);
            }
            pendingKey = tagKeyNames.name(point.tagCount(), token, tokenLength);
            tokenLength = 0;
            cursor++;
            return TAG_VALUE;
        }
        if (c == ',' || c == ' ' || c == EOL) {
            return failed(tokenLength == 0 ? LineProtocolError.MISSING_TAG_KEY : LineProtocolError.MISSING_TAG_VALUE,
                    cursor);
        }
        append(c);
        cursor++;
        return TAG_KEY;
    }

    private int tagValueByte(LineProtocolPoint point, int c) {
        if (c == '=') {
            return failed(LineProtocolError.INVALID_TAG_FORMAT, cursor);
        }
        if (c != ',' && c != ' ' && c != EOL) {
            append(c);
            cursor++;
            return TAG_VALUE;
        }
        if (tokenLength == 0) {
            return failed(LineProtocolError.MISSING_TAG_VALUE, cursor);
        }
        point.addTag(pendingKey, takeString());
        return afterNameSection(c);
    }

    /** After the measurement or a tag value: a comma starts a tag, spaces start the field set. */
    private int afterNameSection(int c) {
        if (c == EOL) {
            return failed(LineProtocolError.MISSING_FIELDS, cursor);
        }
        if (c == ' ') {
            cursor = skipSpaces(cursor, lineEnd);
            return FIELD_KEY;
        }
        cursor++;
        return TAG_KEY;
    }

    private int fieldKeyByte(LineProtocolPoint point, int c) {
        if (c == '=') {
            if (tokenLength == 0) {
                return failed(LineProtocolError.MISSING_FIELD_KEY, cursor);
            }
            String key = fieldKeyNames.name(point.fieldCount(), token, tokenLength);
            tokenLength = 0;
            return afterFieldValue(parseFieldValue(point, key, cursor + 1));
        }
        if (c == ',' || c == ' ' || c == EOL) {
            if (tokenLength == 0) {
                return failed(c == EOL && point.fieldCount() == 0 ? LineProtocolError.MISSING_FIELDS
                        : LineProtocolError.MISSING_FIELD_KEY, cursor);
            }
            return failed(LineProtocolError.INVALID_FIELD_FORMAT, cursor);
        }
        append(c);
        cursor++;
        return FIELD_KEY;
    }

    /** @param next the index after a field value, or -1 when the value failed */
    private int afterFieldValue(int next) {
        if (next < 0) {
            return FAILED;
        }
        int after = next < lineEnd ? data[next] : EOL;
        if (after == EOL) {
            return DONE;
        }
        if (after == ',') {
            cursor = next + 1;
            return FIELD_KEY;
        }
        if (after != ' ') {
            return failed(LineProtocolError.INVALID_FIELD_FORMAT, next);
        }
        cursor = skipSpaces(next, lineEnd);
        return cursor == lineEnd ? DONE : TIMESTAMP;
    }

    /**
     * Parses the field value starting at {@code start} (just after the {@code =}) and adds the field.
     *
     * @return the index just after the value, or -1 when the line failed
     */
    private int parseFieldValue(LineProtocolPoint point, String key, int start) {
        if (start < lineEnd && data[start] == '"') {
            return parseStringValue(point, key, start);
        }
        int end = start;
        while (end < lineEnd && data[end] != ',' && data[end] != ' ') {
            end++;
        }
        if (end == start) {
            fail(LineProtocolError.MISSING_FIELD_VALUE, start);
            return -1;
        }
        byte first = data[start];
        byte last = data[end - 1];
        boolean parsed;
        if (first == 't' || first == 'T' || first == 'f' || first == 'F') {
            parsed = parseBoolean(point, key, start, end);
        } else if (last == 'i') {
            parsed = parseInteger(point, key, start, end - 1);
        } else if (last == 'u') {
            parsed = parseUnsigned(point, key, start, end - 1);
        } else {
            parsed = parseFloat(point, key, start, end);
        }
        return parsed ? end : -1;
    }

    private int parseStringValue(LineProtocolPoint point, String key, int quote) {
        tokenLength = 0;
        for (int i = quote + 1; i < lineEnd; i++) {
            byte c = data[i];
            if (c == '\\' && i + 1 < lineEnd && (data[i + 1] == '"' || data[i + 1] == '\\')) {
                append(data[++i]);
            } else if (c == '"') {
                point.addField(key, FieldType.STRING);
                point.setLastString(takeString());
                return i + 1;
            } else {
                append(c);
            }
        }
        fail(LineProtocolError.UNBALANCED_QUOTES, quote);
        return -1;
    }

    private boolean parseBoolean(LineProtocolPoint point, String key, int start, int end) {
        int length = end - start;
        boolean value;
        if (length == 1) {
            value = data[start] == 't' || data[start] == 'T';
        } else if (matchesAny(start, length, "true", "True", "TRUE")) {
            value = true;
        } else if (matchesAny(start, length, "false", "False", "FALSE")) {
            value = false;
        } else {
            return fail(LineProtocolError.INVALID_BOOLEAN, start);
        }
        point.addField(key, FieldType.BOOLEAN);
        point.setLastLong(value ? 1 : 0);
        return true;
    }

    /** Parses {@code [+-]digits} in [start, end) as a signed 64-bit integer. */
    private boolean parseInteger(LineProtocolPoint point, String key, int start, int end) {
        int i = start;
        boolean negative = i < end && data[i] == '-';
        if (i < end && (data[i] == '-' || data[i] == '+')) {
            i++;
        }
        if (i == end) {
            return fail(LineProtocolError.INVALID_NUMBER, start);
        }
        long value = 0; // accumulated negatively: Long.MIN_VALUE has no positive counterpart
        for (; i < end; i++) {
            int digit = data[i] - '0';
            if (digit < 0 || digit > 9) {
                return fail(LineProtocolError.INVALID_NUMBER, start);
            }
            if (value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + digit) {
                return fail(LineProtocolError.NUMBER_OUT_OF_RANGE, start);
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return fail(LineProtocolError.NUMBER_OUT_OF_RANGE, start);
        }
        point.addField(key, FieldType.INTEGER);
        point.setLastLong(negative ? value : -value);
        return true;
    }

    /** Parses {@code digits} in [start, end) as an unsigned 64-bit integer (kept in a long's bits). */
    private boolean parseUnsigned(LineProtocolPoint point, String key, int start, int end) {
        if (start == end) {
            return fail(LineProtocolError.INVALID_NUMBER, start);
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = data[i] - '0';
            if (digit < 0 || digit > 9) {
                return fail(LineProtocolError.INVALID_NUMBER, start);
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                return fail(LineProtocolError.NUMBER_OUT_OF_RANGE, start);
            }
            long next = value * 10 + digit;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                return fail(LineProtocolError.NUMBER_OUT_OF_RANGE, start);
            }
            value = next;
        }
        point.addField(key, FieldType.UNSIGNED);
        point.setLastLong(value);
        return true;
    }

    private boolean parseFloat(LineProtocolPoint point, String key, int start, int end) {
        if (!isFloat(start, end)) {
            return fail(LineProtocolError.INVALID_NUMBER, start);
        }
        double value = DecimalDoubles.parse(data, start, end);
        if (Double.isInfinite(value)) {
            return fail(LineProtocolError.NUMBER_OUT_OF_RANGE, start);
        }
        point.addField(key, FieldType.FLOAT);
        point.setLastDouble(value);
        return true;
    }

    /** @return whether [start, end) matches the {@code float} rule of the grammar */
    private boolean isFloat(int start, int end) {
        int i = start;
        if (data[i] == '+' || data[i] == '-') {
            i++;
        }
        int integerDigits = countDigits(i, end);
        i += integerDigits;
        int fractionDigits = 0;
        if (i < end && data[i] == '.') {
            i++;
            fractionDigits = countDigits(i, end);
            i += fractionDigits;
        }
        if (integerDigits + fractionDigits == 0) {
            return false;
        }
        if (i < end && (data[i] == 'e' || data[i] == 'E')) {
            i++;
            if (i < end && (data[i] == '+' || data[i] == '-')) {
                i++;
            }
            int exponentDigits = countDigits(i, end);
            if (exponentDigits == 0) {
                return false;
            }
            i += exponentDigits;
        }
        return i == end;
    }

    private boolean parseTimestamp(LineProtocolPoint point, int start) {
        int end = start;
        while (end < lineEnd && data[end] != ' ' && data[end] != '\t') {
            end++;
        }
        if (skipWhitespace(end, lineEnd) != lineEnd) {
            return fail(LineProtocolError.BAD_TIMESTAMP, skipWhitespace(end, lineEnd));
        }
        int i = start;
        boolean negative = data[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end) {
            return fail(LineProtocolError.BAD_TIMESTAMP, start);
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = data[i] - '0';
            if (digit < 0 || digit > 9 || value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + digit) {
                return fail(LineProtocolError.BAD_TIMESTAMP, start);
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return fail(LineProtocolError.BAD_TIMESTAMP, start);
        }
        point.timestamp(negative ? value : -value);
        return true;
    }

    /** Bytes a backslash escapes in each state; in field values escapes are handled by the value parsers. */
    private static boolean isEscapable(int state, byte next) {
        return switch (state) {
            case MEASUREMENT -> next == ',' || next == ' ';
            case TAG_KEY, TAG_VALUE, FIELD_KEY -> next == ',' || next == '=' || next == ' ';
            default -> false;
        };
    }

    private boolean matchesAny(int start, int length, String... spellings) {
        for (String spelling : spellings) {
            if (spelling.length() == length) {
                boolean same = true;
                for (int i = 0; i < length && same; i++) {
                    same = data[start + i] == spelling.charAt(i);
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    private int countDigits(int start, int end) {
        int i = start;
        while (i < end && data[i] >= '0' && data[i] <= '9') {
            i++;
        }
        return i - start;
    }

    private int failed(LineProtocolError reason, int index) {
        fail(reason, index);
        return FAILED;
    }

    private boolean fail(LineProtocolError reason, int index) {
        this.error = reason;
        this.errorColumn = index - lineStart + 1;
        return false;
    }

    private void append(int c) {
        if (tokenLength == token.length) {
            token = Arrays.copyOf(token, tokenLength * 2);
        }
        token[tokenLength++] = (byte) c;
    }

    private String takeString() {
        String text = new String(token, 0, tokenLength, StandardCharsets.UTF_8);
        tokenLength = 0;
        return text;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        int i = from;
        while (i < to && data[i] == ' ') {
            i++;
        }
        return i;
    }

    private int skipWhitespace(int from, int to) {
        int i = from;
        while (i < to && (data[i] == ' ' || data[i] == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * The names decoded at each position of the previous line, so a batch that repeats its measurement, tag keys and
     * field keys decodes each only once. Grows to the most names one line had.
     */
    private static final class NameCache {
        private byte[][] bytes = new byte[8][];
        private String[] names = new String[8];

        String name(int slot, byte[] source, int length) {
            if (slot >= names.length) {
                bytes = Arrays.copyOf(bytes, slot * 2);
                names = Arrays.copyOf(names, slot * 2);
            }
            byte[] previous = bytes[slot];
            if (previous != null && Arrays.equals(previous, 0, previous.length, source, 0, length)) {
                return names[slot];
            }
            bytes[slot] = Arrays.copyOf(source, length);
            names[slot] = new String(source, 0, length, StandardCharsets.UTF_8);
            return names[slot];
        }
    }
}
