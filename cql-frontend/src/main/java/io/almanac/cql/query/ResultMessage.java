package io.almanac.cql.query;

import java.util.List;

/**
 * The outcome of a statement, one case per RESULT kind of native_protocol_v4.spec §4.2.5. The transport encodes it
 * for the connection's protocol version.
 */
public sealed interface ResultMessage {

    /** Kind 0x0001: no result (INSERT, most DDL that is not a schema change answer). */
    record Void() implements ResultMessage {
        public static final Void INSTANCE = new Void();
    }

    /**
     * Kind 0x0002: rows.
     *
     * @param metadata    the columns
     * @param rows        each row holds one serialized value per column ({@code null} = CQL null)
     * @param pagingState an opaque state to fetch the next page, or null when this is the last page
     */
    record Rows(ResultMetadata metadata, List<byte[][]> rows, byte[] pagingState) implements ResultMessage {
        public Rows {
            rows = List.copyOf(rows);
        }
    }

    /** Kind 0x0003: the answer to USE; the connection's keyspace is now {@code keyspace}. */
    record SetKeyspace(String keyspace) implements ResultMessage {
    }

    /**
     * Kind 0x0005, and the body of a SCHEMA_CHANGE event (§4.2.6).
     *
     * @param change   CREATED, UPDATED or DROPPED
     * @param target   KEYSPACE, TABLE or TYPE
     * @param keyspace the keyspace
     * @param name     the table or type name; "" for a KEYSPACE target
     */
    record SchemaChange(String change, String target, String keyspace, String name) implements ResultMessage {
    }

    /**
     * Kind 0x0004: a prepared statement.
     *
     * @param id               the statement id: MD5 of keyspace + query text (Cassandra's {@code computeId}), stable
     *                         across restarts
     * @param resultMetadataId v5 only: a digest of {@code resultMetadata}
     * @param bindVariables    the bind markers, in order
     * @param pkIndexes        for each partition key column, the index of its bind marker; empty if not all bound
     * @param resultMetadata   the result columns (empty for non-SELECT)
     */
    record Prepared(byte[] id, byte[] resultMetadataId, ResultMetadata bindVariables, int[] pkIndexes,
                    ResultMetadata resultMetadata) implements ResultMessage {
    }
}
