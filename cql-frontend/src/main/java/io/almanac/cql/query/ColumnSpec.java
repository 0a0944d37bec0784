package io.almanac.cql.query;

import io.almanac.storage.schema.CqlType;

/**
 * One column of result or bind metadata ({@code <ksname><tablename><name><type>}, native_protocol_v4.spec §4.2.5.2).
 *
 * @param keyspace the keyspace of the column's table
 * @param table    the table
 * @param name     the column name, or the bind marker name ({@code [ttl]}, {@code [timestamp]}, a named marker)
 * @param type     the column's CQL type
 */
public record ColumnSpec(String keyspace, String table, String name, CqlType type) {
}
