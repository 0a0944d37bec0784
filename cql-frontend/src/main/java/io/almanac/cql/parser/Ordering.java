package io.almanac.cql.parser;

/**
 * One {@code ORDER BY} item.
 *
 * @param column     the clustering column
 * @param descending whether {@code DESC} was given
 */
public record Ordering(String column, boolean descending) {
}
