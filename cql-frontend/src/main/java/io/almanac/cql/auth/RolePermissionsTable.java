package io.almanac.cql.auth;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The stored {@code system_auth.role_permissions} table, as Cassandra's {@code AuthKeyspace} defines it, and the
 * serialized form of its {@code permissions} column:
 *
 * <pre>
 *   CREATE TABLE system_auth.role_permissions (role text, resource text, permissions set&lt;text&gt;,
 *                                              PRIMARY KEY (role, resource));
 *
 *   permissions (a set&lt;text&gt; value, native_protocol_v4.spec §6.11):
 *   +-------------+---------------+-----------------+-----+
 *   | n: int32 BE | len: int32 BE | name: UTF-8     | ... |   n times (len, name), names in set order
 *   +-------------+---------------+-----------------+-----+
 * </pre>
 *
 * <p>Thread safety: immutable constants and stateless functions.
 */
public final class RolePermissionsTable {

    /** {@code role_permissions}. */
    public static final String TABLE = "role_permissions";

    private RolePermissionsTable() {
    }

    /** @return the table definition; its id is derived from the name, so it is the same on every start */
    public static TableMetadata table() {
        List<ColumnMetadata> columns = List.of(
                new ColumnMetadata("role", CqlTypes.parse("text"), ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("resource", CqlTypes.parse("text"), ColumnKind.CLUSTERING, 0,
                        ClusteringOrder.ASC),
                new ColumnMetadata("permissions", CqlTypes.parse("set<text>"), ColumnKind.REGULAR, -1,
                        ClusteringOrder.NONE));
        UUID id = UUID.nameUUIDFromBytes((RolesTable.KEYSPACE + "." + TABLE).getBytes(StandardCharsets.UTF_8));
        return new TableMetadata(RolesTable.KEYSPACE, TABLE, id, columns, TableParams.DEFAULT);
    }

    /** @return the serialized {@code set<text>} of the names, in the given (sorted) order */
    public static byte[] encodeNames(Collection<String> names) {
        List<byte[]> encoded = new ArrayList<>(names.size());
        int size = 4;
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            encoded.add(bytes);
            size += 4 + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(encoded.size());
        for (byte[] bytes : encoded) {
            buffer.putInt(bytes.length).put(bytes);
        }
        return buffer.array();
    }

    /**
     * @return the names in a serialized {@code set<text>}; empty for null (no cell)
     * @throws IllegalArgumentException when the value is truncated
     */
    public static List<String> decodeNames(byte[] value) {
        if (value == null) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        try {
            int count = buffer.getInt();
            List<String> names = new ArrayList<>(Math.min(count, 16));
            for (int i = 0; i < count; i++) {
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                names.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return names;
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("Truncated set<text> value of " + value.length + " bytes", e);
        }
    }
}
