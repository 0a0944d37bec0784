package io.almanac.ingest.line;

/**
 * The type of a line-protocol field value, as its syntax says (InfluxDB line protocol reference, "Data types and
 * format").
 *
 * <p>Thread safety: immutable constants.
 */
public enum FieldType {
    /** {@code 1}, {@code -1.5}, {@code 1e3}: a 64-bit IEEE-754 float (the default for a bare number). */
    FLOAT("float"),
    /** {@code 1i}: a signed 64-bit integer. */
    INTEGER("integer"),
    /** {@code 1u}: an unsigned 64-bit integer (held in a long's bits). */
    UNSIGNED("unsigned integer"),
    /** {@code t}, {@code true}, {@code F}, {@code FALSE}, ...: a boolean. */
    BOOLEAN("boolean"),
    /** {@code "text"}: a string. */
    STRING("string");

    private final String description;

    FieldType(String description) {
        this.description = description;
    }

    /** @return the type's name in messages, e.g. {@code unsigned integer} */
    public String description() {
        return description;
    }
}
