package io.almanac.cql.parser;

import io.almanac.storage.schema.CqlType;

/**
 * A column of {@code CREATE TABLE}.
 *
 * @param name the column name (case-folded)
 * @param type the column type
 * @param isStatic whether it is declared {@code STATIC} (one value per partition)
 */
public record ColumnDefinition(String name, CqlType type, boolean isStatic) {

    /** A column that is not static. */
    public ColumnDefinition(String name, CqlType type) {
        this(name, type, false);
    }
}
