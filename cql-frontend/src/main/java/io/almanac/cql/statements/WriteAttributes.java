package io.almanac.cql.statements;

import io.almanac.cql.parser.Term;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code USING TTL} and {@code USING TIMESTAMP} of a write (Cassandra's {@code Attributes}), reference §5.2 and
 * §5.3: USING TIMESTAMP beats the client's default timestamp, which beats the server clock; USING TTL 0 means no
 * TTL, a bound null or empty TTL means 0, an unset one (or none) the table's {@code default_time_to_live}.
 *
 * <p>Thread safety: immutable.
 *
 * @param timeToLive the USING TTL term, or null
 * @param timestamp  the USING TIMESTAMP term, or null
 */
record WriteAttributes(PreparedTerm timeToLive, PreparedTerm timestamp) {

    /** Prepares the terms with the receivers Cassandra names {@code [ttl]} and {@code [timestamp]}. */
    static WriteAttributes prepare(Term timeToLive, Term timestamp, TableMetadata table, BindVariables variables) {
        return new WriteAttributes(attribute(timeToLive, table, "[ttl]", NativeType.INT, variables),
                attribute(timestamp, table, "[timestamp]", NativeType.BIGINT, variables));
    }

    private static PreparedTerm attribute(Term term, TableMetadata table, String name, NativeType type,
                                          BindVariables variables) {
        return term == null ? null : TermPreparer.prepare(term, new ColumnSpec(table.keyspace(), table.name(), name,
                type), variables, null);
    }

    boolean hasTimestamp() {
        return timestamp != null;
    }

    /**
     * @param fallback the timestamp without USING TIMESTAMP (or with an unset one), microseconds
     * @return the write timestamp, microseconds since the epoch
     * @throws CqlException "Invalid null value of timestamp"
     */
    long timestampMicros(List<byte[]> bound, LongSupplier fallback) {
        if (timestamp == null) {
            return fallback.getAsLong();
        }
        byte[] value = timestamp.bind(bound);
        if (QueryOptions.isUnset(value)) {
            return fallback.getAsLong();
        }
        if (value == null || value.length == 0) {
            throw CqlException.invalid("Invalid null value of timestamp");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    /**
     * @return the TTL in seconds for this execution
     * @throws CqlException with Cassandra's messages for a negative or too large TTL
     */
    int timeToLiveSeconds(List<byte[]> bound, TableMetadata table) {
        int defaultTtl = table.params().defaultTimeToLiveSeconds();
        if (timeToLive == null) {
            return defaultTtl;
        }
        byte[] value = timeToLive.bind(bound);
        if (QueryOptions.isUnset(value)) {
            return defaultTtl;
        }
        if (value == null || value.length == 0) {
            return 0;
        }
        int ttl = ByteBuffer.wrap(value).getInt();
        if (ttl < 0) {
            throw CqlException.invalid("A TTL must be greater or equal to 0, but was " + ttl);
        }
        if (ttl > TableParams.MAX_TTL_SECONDS) {
            throw CqlException.invalid("ttl is too large. requested (" + ttl + ") maximum ("
                    + TableParams.MAX_TTL_SECONDS + ")");
        }
        return ttl;
    }
}
