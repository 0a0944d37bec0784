package io.almanac.storage.schema;

/** The role of a column in its table; {@link #schemaName()} is the value of {@code system_schema.columns.kind}. */
public enum ColumnKind {
    PARTITION_KEY("partition_key"), CLUSTERING("clustering"), REGULAR("regular"), STATIC("static");

    private final String schemaName;

    ColumnKind(String schemaName) {
        this.schemaName = schemaName;
    }

    public String schemaName() {
        return schemaName;
    }
}
