package io.almanac.cql.parser;

import io.almanac.storage.schema.CqlType;

/**
 * A column of {@code CREATE TABLE}.
 *
 * @param name the column name (case-folded)
 * @param type the column type
 */
public record ColumnDefinition(String name, CqlType type) {
}
