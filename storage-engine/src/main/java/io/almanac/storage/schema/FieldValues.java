package io.almanac.storage.schema;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The serialization tuples and user-defined types share (native_protocol_v5.spec §6 "tuple" and "udt"): a sequence of
 * {@code [bytes]} values, each a 4-byte big-endian length then that many bytes, length -1 for null.
 *
 * <pre>
 *   +-----------------+-----------------+-----+------------------+
 *   | len0:i32 bytes0 | len1:i32 bytes1 | ... | lenK:i32 bytesK  |   len -1 = null (no bytes follow)
 *   +-----------------+-----------------+-----+------------------+
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class FieldValues {

    private FieldValues() {
    }

    /**
     * @param value    the serialized value
     * @param max      the most fields the type has
     * @param typeName the type as CQL text, for errors
     * @return the fields in order (null for a null field), at most {@code max}; allocates one array per field
     * @throws InvalidRequestException if the bytes are truncated or carry more than {@code max} fields
     */
    static List<byte[]> split(byte[] value, int max, String typeName) {
        List<byte[]> parts = new ArrayList<>(max);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            while (buffer.hasRemaining()) {
                if (parts.size() == max) {
                    throw new InvalidRequestException("Invalid " + typeName + " value: too many fields (the type"
                            + " has " + max + ")");
                }
                int length = buffer.getInt();
                if (length < 0) {
                    parts.add(null);
                    continue;
                }
                byte[] part = new byte[length];
                buffer.get(part);
                parts.add(part);
            }
            return parts;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid " + typeName + " value: truncated");
        }
    }

    /** @return the serialization of these fields (null parts as length -1) */
    static byte[] join(List<byte[]> parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += 4 + (part == null ? 0 : part.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            if (part == null) {
                buffer.putInt(-1);
            } else {
                buffer.putInt(part.length).put(part);
            }
        }
        return buffer.array();
    }

    /**
     * Compares field by field in the fields' types' orders, a null field before any value, and a value with fewer
     * fields before one that continues (Cassandra TupleType.compareCustom).
     */
    static int compare(List<byte[]> left, List<byte[]> right, List<CqlType> types) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            byte[] x = left.get(i);
            byte[] y = right.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            int c = types.get(i).compare(x, y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
