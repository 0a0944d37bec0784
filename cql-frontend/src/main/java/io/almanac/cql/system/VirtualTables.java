package io.almanac.cql.system;

import java.util.Collection;

/**
 * The virtual keyspaces a node serves ({@code system}, {@code system_schema}, {@code system_virtual_schema}).
 *
 * <p>Thread safety: immutable registry; tables compute their rows per call.
 */
public interface VirtualTables {

    /** @return the virtual table, or null when {@code keyspace.table} is not virtual */
    VirtualTable table(String keyspace, String table);

    /** @return whether {@code keyspace} is one of the virtual (read-only) keyspaces */
    boolean isVirtualKeyspace(String keyspace);

    /** @return every virtual table */
    Collection<VirtualTable> all();
}
