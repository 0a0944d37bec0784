package io.almanac.cql.parser;

/**
 * The result of parsing one query string.
 *
 * @param statement        the statement
 * @param bindMarkerCount  the number of bind markers ({@code ?} and {@code :name}) in the query; each
 *                         {@link Term.BindMarker#index()} is below it
 */
public record ParsedQuery(ParsedStatement statement, int bindMarkerCount) {
}
