package io.almanac.cql.auth;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored {@code system_auth.roles} table, as Cassandra's {@code AuthKeyspace} defines it:
 *
 * <pre>
 *   CREATE KEYSPACE system_auth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
 *   CREATE TABLE system_auth.roles (role text PRIMARY KEY, can_login boolean, is_superuser boolean,
 *                                   member_of set&lt;text&gt;, salted_hash text);
 * </pre>
 *
 * <p>Thread safety: immutable constants.
 */
public final class RolesTable {

    /** {@code system_auth}. */
    public static final String KEYSPACE = "system_auth";
    /** {@code roles}. */
    public static final String TABLE = "roles";

    private RolesTable() {
    }

    /** @return the keyspace definition: SimpleStrategy, replication factor 1, durable writes */
    public static KeyspaceMetadata keyspace() {
        return new KeyspaceMetadata(KEYSPACE, Map.of("class", "SimpleStrategy", "replication_factor", "1"), true,
                Map.of());
    }

    /** @return the table definition; its id is derived from the name, so it is the same on every start */
    public static TableMetadata table() {
        List<ColumnMetadata> columns = List.of(
                new ColumnMetadata("role", CqlTypes.parse("text"), ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("can_login", CqlTypes.parse("boolean"), ColumnKind.REGULAR, -1,
                        ClusteringOrder.NONE),
                new ColumnMetadata("is_superuser", CqlTypes.parse("boolean"), ColumnKind.REGULAR, -1,
                        ClusteringOrder.NONE),
                new ColumnMetadata("member_of", CqlTypes.parse("set<text>"), ColumnKind.REGULAR, -1,
                        ClusteringOrder.NONE),
                new ColumnMetadata("salted_hash", CqlTypes.parse("text"), ColumnKind.REGULAR, -1,
                        ClusteringOrder.NONE));
        UUID id = UUID.nameUUIDFromBytes((KEYSPACE + "." + TABLE).getBytes(StandardCharsets.UTF_8));
        return new TableMetadata(KEYSPACE, TABLE, id, columns, TableParams.DEFAULT);
    }
}
