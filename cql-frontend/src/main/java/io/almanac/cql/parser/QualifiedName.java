package io.almanac.cql.parser;

import java.util.Objects;

/**
 * A table name as written: {@code [keyspace.]table}, identifiers already case-folded (unquoted lower-cased).
 *
 * @param keyspace the keyspace, or null when the statement relies on the session's keyspace (USE)
 * @param name     the table name
 */
public record QualifiedName(String keyspace, String name) {

    public QualifiedName {
        Objects.requireNonNull(name, "name");
    }

    /** @return {@code keyspace.name}, or {@code name} when no keyspace was written */
    @Override
    public String toString() {
        return keyspace == null ? name : keyspace + "." + name;
    }
}
