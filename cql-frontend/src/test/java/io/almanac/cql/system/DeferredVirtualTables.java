package io.almanac.cql.system;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test support: virtual tables handed to a query handler before they exist (they need the bound port of the server
 * that serves the handler); {@link #set} supplies them once the server is up.
 */
public final class DeferredVirtualTables implements VirtualTables {

    private final AtomicReference<VirtualTables> tables = new AtomicReference<>();

    public void set(VirtualTables value) {
        tables.set(value);
    }

    /** @return whether {@link #set} was called */
    public boolean isSet() {
        return tables.get() != null;
    }

    @Override
    public VirtualTable table(String keyspace, String table) {
        return tables.get().table(keyspace, table);
    }

    @Override
    public boolean isVirtualKeyspace(String keyspace) {
        return tables.get().isVirtualKeyspace(keyspace);
    }

    @Override
    public Collection<VirtualTable> all() {
        return tables.get().all();
    }
}
