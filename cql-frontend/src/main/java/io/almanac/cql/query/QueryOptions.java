package io.almanac.cql.query;

import java.util.List;

/**
 * The {@code <query_parameters>} of QUERY, EXECUTE and BATCH, decoded (native_protocol_v5.spec §4.1.4).
 *
 * @param consistency            the consistency level code; on one node every level is satisfied
 * @param values                 bound values in marker order (named values already put in marker order by the
 *                               processor when {@code names} is set); an element is {@code null} for CQL null or
 *                               {@link #UNSET} for "not set"
 * @param names                  the value names when NAMES_FOR_VALUES (0x40) was set, otherwise null
 * @param skipMetadata           SKIP_METADATA (0x02): Rows results omit column specs
 * @param pageSize               rows per page; &lt;= 0 means no paging
 * @param pagingState            the paging state from a previous page, or null
 * @param serialConsistency      the serial consistency code, or -1
 * @param defaultTimestampMicros DEFAULT_TIMESTAMP (0x20), microseconds since the epoch, or {@link Long#MIN_VALUE}
 *                               when the client sent none
 * @param keyspace               WITH_KEYSPACE (0x80, v5), or null
 * @param nowInSeconds           NOW_IN_SECONDS (0x100, v5), or {@link Integer#MIN_VALUE} when not sent
 * @param protocolVersion        the connection's protocol version (paging states are tied to it)
 */
public record QueryOptions(int consistency, List<byte[]> values, List<String> names, boolean skipMetadata,
                           int pageSize, byte[] pagingState, int serialConsistency, long defaultTimestampMicros,
                           String keyspace, int nowInSeconds, int protocolVersion) {

    /** The "not set" value marker ({@code [value]} length -2); compare by identity. */
    public static final byte[] UNSET = new byte[0];

    /** Consistency ONE and nothing else; for internal and test use. */
    public static QueryOptions defaults(int protocolVersion) {
        return new QueryOptions(1, List.of(), null, false, -1, null, -1, Long.MIN_VALUE, null, Integer.MIN_VALUE,
                protocolVersion);
    }

    /** @return whether {@code value} is the {@link #UNSET} marker */
    public static boolean isUnset(byte[] value) {
        return value == UNSET;
    }
}
