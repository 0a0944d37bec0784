package io.almanac.cql.parser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code WITH name = value AND ...} options of a DDL statement, keyed by lower-cased option name in the order
 * written. A value is either simple text (a constant's raw text: strings unquoted) or a map of text to text
 * ({@code replication = {'class': 'SimpleStrategy', 'replication_factor': 1}}).
 *
 * @param simple the simple options
 * @param maps   the map options
 */
public record Properties(Map<String, String> simple, Map<String, Map<String, String>> maps) {

    public static final Properties EMPTY = new Properties(Map.of(), Map.of());

    public Properties {
        simple = Collections.unmodifiableMap(new LinkedHashMap<>(simple));
        maps = Collections.unmodifiableMap(new LinkedHashMap<>(maps));
    }
}
