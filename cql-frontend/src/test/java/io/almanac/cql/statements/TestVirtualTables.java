package io.almanac.cql.statements;

import io.almanac.cql.system.VirtualTable;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * TEST FIXTURE: a small set of virtual tables shaped like the ones drivers query at connect (reference §2.1/§2.2):
 * {@code system.local} (one row, key 'local'), {@code system.peers_v2} (two fake peers, PRIMARY KEY ((peer),
 * peer_port)) and {@code system_schema.columns} (PRIMARY KEY ((keyspace_name), table_name, column_name)) with
 * {@code columnCount} rows per keyspace (ks_a, ks_b), for paging, and {@code system_schema.functions} with a
 * frozen list clustering column.
 */
final class TestVirtualTables implements VirtualTables {

    static final UUID HOST_ID = UUID.fromString("2f1b3c4d-0000-4000-8000-000000000001");

    private final Map<String, VirtualTable> tables = new LinkedHashMap<>();

    TestVirtualTables(int columnCount) {
        add(local());
        add(peers());
        add(columns(columnCount));
        add(functions());
    }

    private void add(VirtualTable table) {
        tables.put(table.metadata().keyspace() + "." + table.metadata().name(), table);
    }

    @Override
    public VirtualTable table(String keyspace, String table) {
        return tables.get(keyspace + "." + table);
    }

    @Override
    public boolean isVirtualKeyspace(String keyspace) {
        return Set.of("system", "system_schema", "system_virtual_schema").contains(keyspace);
    }

    @Override
    public Collection<VirtualTable> all() {
        return tables.values();
    }

    private static VirtualTable local() {
        TableMetadata metadata = table("system", "local", List.of(
                column("key", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0),
                column("cluster_name", NativeType.TEXT, ColumnKind.REGULAR, -1),
                column("host_id", NativeType.UUID, ColumnKind.REGULAR, -1),
                column("release_version", NativeType.TEXT, ColumnKind.REGULAR, -1),
                column("tokens", CollectionType.set(NativeType.TEXT, false), ColumnKind.REGULAR, -1)));
        byte[][] row = {NativeType.TEXT.encode("local"), NativeType.TEXT.encode("Test Cluster"),
                NativeType.UUID.encode(HOST_ID), NativeType.TEXT.encode("4.1.0"),
                CollectionType.set(NativeType.TEXT, false).encode(Set.of("0"))};
        return fixed(metadata, List.<byte[][]>of(row));
    }

    private static VirtualTable peers() {
        TableMetadata metadata = table("system", "peers_v2", List.of(
                column("peer", NativeType.INET, ColumnKind.PARTITION_KEY, 0),
                column("peer_port", NativeType.INT, ColumnKind.CLUSTERING, 0),
                column("data_center", NativeType.TEXT, ColumnKind.REGULAR, -1)));
        List<byte[][]> rows = new ArrayList<>();
        rows.add(new byte[][] {NativeType.INET.encode(inet("127.0.0.2")), NativeType.INT.encode(7000),
                NativeType.TEXT.encode("dc1")});
        rows.add(new byte[][] {NativeType.INET.encode(inet("127.0.0.2")), NativeType.INT.encode(7001),
                NativeType.TEXT.encode("dc1")});
        rows.add(new byte[][] {NativeType.INET.encode(inet("127.0.0.3")), NativeType.INT.encode(7000),
                NativeType.TEXT.encode("dc2")});
        return fixed(metadata, rows);
    }

    private static VirtualTable columns(int count) {
        TableMetadata metadata = table("system_schema", "columns", List.of(
                column("keyspace_name", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0),
                column("table_name", NativeType.TEXT, ColumnKind.CLUSTERING, 0),
                column("column_name", NativeType.TEXT, ColumnKind.CLUSTERING, 1),
                column("type", NativeType.TEXT, ColumnKind.REGULAR, -1)));
        List<byte[][]> rows = new ArrayList<>();
        for (String keyspace : List.of("ks_a", "ks_b")) {
            for (int i = 0; i < count; i++) {
                rows.add(new byte[][] {NativeType.TEXT.encode(keyspace), NativeType.TEXT.encode("t"),
                        NativeType.TEXT.encode(String.format("c%04d", i)), NativeType.TEXT.encode("int")});
            }
        }
        return fixed(metadata, rows);
    }

    private static VirtualTable functions() {
        CollectionType arguments = CollectionType.list(NativeType.TEXT, true);
        TableMetadata metadata = table("system_schema", "functions", List.of(
                column("keyspace_name", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0),
                column("function_name", NativeType.TEXT, ColumnKind.CLUSTERING, 0),
                column("argument_types", arguments, ColumnKind.CLUSTERING, 1),
                column("body", NativeType.TEXT, ColumnKind.REGULAR, -1)));
        List<byte[][]> rows = new ArrayList<>();
        rows.add(new byte[][] {NativeType.TEXT.encode("ks_a"), NativeType.TEXT.encode("f"),
                arguments.encode(List.of("int")), NativeType.TEXT.encode("return 1;")});
        rows.add(new byte[][] {NativeType.TEXT.encode("ks_a"), NativeType.TEXT.encode("f"),
                arguments.encode(List.of("int", "text")), NativeType.TEXT.encode("return 2;")});
        return fixed(metadata, rows);
    }

    private static VirtualTable fixed(TableMetadata metadata, List<byte[][]> rows) {
        return new VirtualTable() {
            @Override
            public TableMetadata metadata() {
                return metadata;
            }

            @Override
            public List<byte[][]> rows() {
                return rows;
            }
        };
    }

    private static TableMetadata table(String keyspace, String name, List<ColumnMetadata> columns) {
        return new TableMetadata(keyspace, name, UUID.nameUUIDFromBytes((keyspace + name).getBytes()), columns,
                TableParams.DEFAULT);
    }

    private static ColumnMetadata column(String name, CqlType type, ColumnKind kind, int position) {
        return new ColumnMetadata(name, type, kind, position,
                kind == ColumnKind.CLUSTERING ? ClusteringOrder.ASC : ClusteringOrder.NONE);
    }

    private static InetAddress inet(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
