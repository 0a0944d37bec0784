package io.almanac.ingest.line;

import java.util.Arrays;

/**
 * One parsed line-protocol point: measurement, tags, fields and optional timestamp. A reused holder: {@link
 * LineProtocolParser#next} overwrites it for every line, and its arrays only grow (to the most tags or fields one line
 * of the body had). Copy what must outlive the next call.
 *
 * <p>Thread safety: none; owned by the thread that drives the parser.
 */
public final class LineProtocolPoint {

    private static final int INITIAL_CAPACITY = 8;

    private String measurement;
    private int lineNumber;
    private int tagCount;
    private String[] tagKeys = new String[INITIAL_CAPACITY];
    private String[] tagValues = new String[INITIAL_CAPACITY];
    private int fieldCount;
    private String[] fieldKeys = new String[INITIAL_CAPACITY];
    private FieldType[] fieldTypes = new FieldType[INITIAL_CAPACITY];
    private long[] fieldLongs = new long[INITIAL_CAPACITY];
    private double[] fieldDoubles = new double[INITIAL_CAPACITY];
    private String[] fieldStrings = new String[INITIAL_CAPACITY];
    private boolean hasTimestamp;
    private long timestamp;

    void clear(int line) {
        measurement = null;
        lineNumber = line;
        Arrays.fill(tagKeys, 0, tagCount, null);
        Arrays.fill(tagValues, 0, tagCount, null);
        Arrays.fill(fieldKeys, 0, fieldCount, null);
        Arrays.fill(fieldStrings, 0, fieldCount, null);
        tagCount = 0;
        fieldCount = 0;
        hasTimestamp = false;
        timestamp = 0;
    }

    void measurement(String name) {
        measurement = name;
    }

    void addTag(String key, String value) {
        if (tagCount == tagKeys.length) {
            tagKeys = Arrays.copyOf(tagKeys, tagCount * 2);
            tagValues = Arrays.copyOf(tagValues, tagCount * 2);
        }
        tagKeys[tagCount] = key;
        tagValues[tagCount] = value;
        tagCount++;
    }

    /** Adds a field of {@code type}; the value is set by one of the {@code set*} methods. */
    void addField(String key, FieldType type) {
        if (fieldCount == fieldKeys.length) {
            int capacity = fieldCount * 2;
            fieldKeys = Arrays.copyOf(fieldKeys, capacity);
            fieldTypes = Arrays.copyOf(fieldTypes, capacity);
            fieldLongs = Arrays.copyOf(fieldLongs, capacity);
            fieldDoubles = Arrays.copyOf(fieldDoubles, capacity);
            fieldStrings = Arrays.copyOf(fieldStrings, capacity);
        }
        fieldKeys[fieldCount] = key;
        fieldTypes[fieldCount] = type;
        fieldCount++;
    }

    void setLastLong(long value) {
        fieldLongs[fieldCount - 1] = value;
    }

    void setLastDouble(double value) {
        fieldDoubles[fieldCount - 1] = value;
    }

    void setLastString(String value) {
        fieldStrings[fieldCount - 1] = value;
    }

    void timestamp(long value) {
        hasTimestamp = true;
        timestamp = value;
    }

    /** @return the measurement name, escapes removed */
    public String measurement() {
        return measurement;
    }

    /** @return the 1-based line number of this point in the body */
    public int lineNumber() {
        return lineNumber;
    }

    public int tagCount() {
        return tagCount;
    }

    /** @return the key of tag {@code index} (0-based, in line order), escapes removed */
    public String tagKey(int index) {
        return tagKeys[index];
    }

    /** @return the value of tag {@code index}, escapes removed */
    public String tagValue(int index) {
        return tagValues[index];
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** @return the key of field {@code index} (0-based, in line order), escapes removed */
    public String fieldKey(int index) {
        return fieldKeys[index];
    }

    public FieldType fieldType(int index) {
        return fieldTypes[index];
    }

    /** @return the value of an {@link FieldType#INTEGER} or {@link FieldType#UNSIGNED} (unsigned bits) field */
    public long fieldLong(int index) {
        return fieldLongs[index];
    }

    /** @return the value of a {@link FieldType#BOOLEAN} field */
    public boolean fieldBoolean(int index) {
        return fieldLongs[index] != 0;
    }

    /** @return the value of a {@link FieldType#FLOAT} field */
    public double fieldDouble(int index) {
        return fieldDoubles[index];
    }

    /** @return the value of a {@link FieldType#STRING} field, escapes removed */
    public String fieldString(int index) {
        return fieldStrings[index];
    }

    /** @return the field value as line protocol would show it, for messages: {@code "x"}, {@code 5i}, {@code t} */
    public String fieldText(int index) {
        return switch (fieldTypes[index]) {
            case FLOAT -> Double.toString(fieldDoubles[index]);
            case INTEGER -> fieldLongs[index] + "i";
            case UNSIGNED -> Long.toUnsignedString(fieldLongs[index]) + "u";
            case BOOLEAN -> fieldLongs[index] != 0 ? "true" : "false";
            case STRING -> "\"" + fieldStrings[index] + "\"";
        };
    }

    /** @return whether the line carried a timestamp */
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** @return the line's timestamp in the request's precision units; 0 when {@link #hasTimestamp()} is false */
    public long timestamp() {
        return timestamp;
    }
}
