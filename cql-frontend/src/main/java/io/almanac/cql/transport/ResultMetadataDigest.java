package io.almanac.cql.transport;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The v5 {@code result_metadata_id}: an MD5 digest of a result's column specs (keyspace, table, name, type), so it
 * changes exactly when the columns a prepared statement returns change (CASSANDRA-10786, reference §1.7). The
 * transport compares it with the id an EXECUTE carries to decide on {@code Metadata_changed}, and sends it in
 * PREPARED results whose {@code resultMetadataId} is null. A query processor that fills that field must compute
 * the same digest, or every first EXECUTE after a PREPARE comes back with {@code Metadata_changed} (harmless: the
 * driver then adopts the new id).
 *
 * <p>Thread safety: stateless.
 *
 * <pre>
 *   MD5( for each column: [int] n + keyspace UTF-8, [int] n + table, [int] n + name, [int] n + CQL type text )
 * </pre>
 */
public final class ResultMetadataDigest {

    /** Digest length in bytes. */
    public static final int BYTES = 16;

    private ResultMetadataDigest() {
    }

    /** @return the 16-byte digest of {@code metadata} */
    public static byte[] of(ResultMetadata metadata) {
        MessageDigest md5 = md5();
        for (ColumnSpec column : metadata.columns()) {
            update(md5, column.keyspace());
            update(md5, column.table());
            update(md5, column.name());
            update(md5, column.type().cqlName());
        }
        return md5.digest();
    }

    private static void update(MessageDigest md5, String text) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        md5.update((byte) (bytes.length >>> 24));
        md5.update((byte) (bytes.length >>> 16));
        md5.update((byte) (bytes.length >>> 8));
        md5.update((byte) bytes.length);
        md5.update(bytes);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}
