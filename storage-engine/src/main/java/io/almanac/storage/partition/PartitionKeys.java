package io.almanac.storage.partition;

import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and splits serialized partition keys. A single-column key is the column's value as is; a composite key is
 * Cassandra's {@code CompositeType} layout, the bytes drivers hash for routing ({@code RoutingKey.compose}):
 *
 * <pre>
 *   for each component, in declaration order:
 *   +-----------------+-------------------+-------------+
 *   | length: u16 BE  | component bytes   | 0x00 (EOC)  |
 *   +-----------------+-------------------+-------------+
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class PartitionKeys {

    /** Cassandra's limit on a partition key component, bytes ({@code FBUtilities.MAX_UNSIGNED_SHORT}). */
    public static final int MAX_COMPONENT_BYTES = 0xFFFF;

    private PartitionKeys() {
    }

    /**
     * @param components the serialized values of the partition key columns, in declaration order
     * @return the serialized partition key
     * @throws InvalidRequestException if a component is null or longer than 65535 bytes
     */
    public static byte[] compose(byte[]... components) {
        for (byte[] component : components) {
            if (component == null) {
                throw new InvalidRequestException("Invalid null value for partition key part");
            }
            if (component.length > MAX_COMPONENT_BYTES) {
                throw new InvalidRequestException("Key length of " + component.length
                        + " is longer than maximum of " + MAX_COMPONENT_BYTES);
            }
        }
        if (components.length == 1) {
            return components[0];
        }
        int size = 0;
        for (byte[] component : components) {
            size += 3 + component.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] component : components) {
            buffer.putShort((short) component.length).put(component).put((byte) 0);
        }
        return buffer.array();
    }

    /**
     * @param key   a serialized partition key
     * @param count the number of partition key columns
     * @return the component values
     * @throws InvalidRequestException if a composite key is malformed
     */
    public static byte[][] split(byte[] key, int count) {
        if (count == 1) {
            return new byte[][] {key};
        }
        List<byte[]> parts = new ArrayList<>(count);
        ByteBuffer buffer = ByteBuffer.wrap(key);
        try {
            while (buffer.hasRemaining()) {
                byte[] part = new byte[buffer.getShort() & 0xFFFF];
                buffer.get(part);
                buffer.get();
                parts.add(part);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new InvalidRequestException("Malformed composite partition key");
        }
        if (parts.size() != count) {
            throw new InvalidRequestException("Composite partition key has " + parts.size() + " parts, expected "
                    + count);
        }
        return parts.toArray(new byte[0][]);
    }

    /**
     * Parses a partition key from its plain string form, as {@code nodetool getsstables} takes it (Cassandra's
     * {@code CompositeType.fromString}): one column's value as {@link CqlType#fromString} reads it; for a composite
     * key the components joined with {@code ':'}, a literal colon inside a component escaped as {@code \:}.
     *
     * @param types the partition key column types, in declaration order
     * @return the serialized partition key
     * @throws InvalidRequestException when the number of components is wrong or one does not parse
     */
    public static byte[] fromString(List<CqlType> types, String text) {
        if (types.size() == 1) {
            return compose(types.get(0).fromString(text));
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                part.append(':');
                i++;
            } else if (c == ':') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.size() != types.size()) {
            throw new InvalidRequestException("Invalid partition key '" + text + "': expected " + types.size()
                    + " components separated by ':', got " + parts.size());
        }
        byte[][] components = new byte[parts.size()][];
        for (int i = 0; i < components.length; i++) {
            components[i] = types.get(i).fromString(parts.get(i));
        }
        return compose(components);
    }
}
