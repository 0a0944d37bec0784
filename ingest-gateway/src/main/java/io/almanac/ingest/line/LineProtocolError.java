package io.almanac.ingest.line;

/**
 * Why {@link LineProtocolParser} refused a line: an expected outcome, so a value. The messages are InfluxDB's
 * ({@code models/points.go}) where InfluxDB has one, so clients and operators see familiar words.
 *
 * <p>Thread safety: immutable constants.
 */
public enum LineProtocolError {
    /** The line starts with a comma or a space: no measurement name. */
    MISSING_MEASUREMENT("missing measurement"),
    /** A tag has no key ({@code cpu,=a}). */
    MISSING_TAG_KEY("missing tag key"),
    /** An unescaped {@code =} inside a tag value. */
    INVALID_TAG_FORMAT("invalid tag format"),
    /** A tag key is not followed by {@code =} and a value. */
    MISSING_TAG_VALUE("missing tag value"),
    /** The measurement and tags are not followed by a field set. */
    MISSING_FIELDS("missing fields"),
    /** A field has no key ({@code cpu =1}). */
    MISSING_FIELD_KEY("missing field key"),
    /** A field key is followed by a space, a comma or the end of the line instead of {@code =}. */
    INVALID_FIELD_FORMAT("invalid field format"),
    /** A field's {@code =} is followed by nothing. */
    MISSING_FIELD_VALUE("missing field value"),
    /** A field value is not a float, {@code i} integer or {@code u} unsigned integer. */
    INVALID_NUMBER("invalid number"),
    /** An integer field is outside the signed (or, with {@code u}, unsigned) 64-bit range. */
    NUMBER_OUT_OF_RANGE("value out of range"),
    /** A field value starting with t/T/f/F is not one of the boolean spellings. */
    INVALID_BOOLEAN("invalid boolean"),
    /** A string field value has no closing quote before the end of the line. */
    UNBALANCED_QUOTES("unbalanced quotes"),
    /** The timestamp is not a signed 64-bit decimal integer, or data follows it. */
    BAD_TIMESTAMP("bad timestamp");

    private final String message;

    LineProtocolError(String message) {
        this.message = message;
    }

    /** @return the short reason, e.g. {@code missing field value} */
    public String message() {
        return message;
    }
}
