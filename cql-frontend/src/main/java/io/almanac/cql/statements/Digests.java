package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MD5 digests of the native protocol: prepared statement ids and v5 result metadata ids.
 *
 * <p>Thread safety: stateless (a new MessageDigest per call).
 */
public final class Digests {

    private Digests() {
    }

    /**
     * Cassandra's {@code QueryProcessor.computeId}: MD5 of the UTF-8 bytes of {@code keyspace + query}, or of
     * {@code query} alone when no keyspace is set. Deterministic, so a driver that re-prepares after a restart
     * gets the same id.
     *
     * @param keyspace the keyspace the statement was prepared in, or null
     * @param query    the query text as the client sent it
     * @return the 16-byte id
     */
    public static byte[] preparedId(String keyspace, String query) {
        return md5((keyspace == null ? query : keyspace + query).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The v5 {@code result_metadata_id}: MD5 over each result column's keyspace, table, name and CQL type (each as
     * a 4-byte big-endian length and UTF-8 bytes), so it changes exactly when the columns a prepared SELECT returns
     * change (CASSANDRA-10786). The transport computes the same digest to decide on Metadata_changed.
     *
     * @return the 16-byte id
     */
    public static byte[] resultMetadataId(ResultMetadata metadata) {
        MessageDigest digest = newMd5();
        for (ColumnSpec column : metadata.columns()) {
            for (String part : new String[] {column.keyspace(), column.table(), column.name(),
                    column.type().cqlName()}) {
                byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
                digest.update((byte) (bytes.length >>> 24));
                digest.update((byte) (bytes.length >>> 16));
                digest.update((byte) (bytes.length >>> 8));
                digest.update((byte) bytes.length);
                digest.update(bytes);
            }
        }
        return digest.digest();
    }

    private static byte[] md5(byte[] bytes) {
        return newMd5().digest(bytes);
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }
}
