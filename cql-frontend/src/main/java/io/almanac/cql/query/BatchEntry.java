package io.almanac.cql.query;

import java.util.List;

/**
 * One statement of a BATCH message: either query text or a prepared statement id, with its values.
 *
 * @param query      the CQL text, or null when {@code preparedId} is set
 * @param preparedId the prepared statement id, or null when {@code query} is set
 * @param values     the bound values ({@code null} = CQL null, {@link QueryOptions#UNSET} = not set)
 */
public record BatchEntry(String query, byte[] preparedId, List<byte[]> values) {
}
