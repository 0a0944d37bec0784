package io.almanac.cql.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The data hierarchy of Cassandra's {@code DataResource}: {@code data} ({@code <all keyspaces>}), {@code data/ks}
 * ({@code <keyspace ks>}) and {@code data/ks/t} ({@code <table ks.t>}). The stored name and the parent are computed
 * once, so a permission check on a prepared statement's resource allocates nothing.
 *
 * <p>Applicable permissions (Cassandra 4.x): CREATE, ALTER, DROP, SELECT, MODIFY, AUTHORIZE on all keyspaces and on
 * a keyspace; ALTER, DROP, SELECT, MODIFY, AUTHORIZE on a table.
 *
 * <p>Thread safety: immutable.
 */
public final class DataResource implements Resource {

    private static final Set<Permission> KEYSPACE_LEVEL = Collections.unmodifiableSet(EnumSet.of(Permission.CREATE,
            Permission.ALTER, Permission.DROP, Permission.SELECT, Permission.MODIFY, Permission.AUTHORIZE));
    private static final Set<Permission> TABLE_LEVEL = Collections.unmodifiableSet(EnumSet.of(Permission.ALTER,
            Permission.DROP, Permission.SELECT, Permission.MODIFY, Permission.AUTHORIZE));
    private static final DataResource ROOT = new DataResource(null, null);

    private final String keyspace;
    private final String table;
    private final String name;
    private final DataResource parent;

    private DataResource(String keyspace, String table) {
        this.keyspace = keyspace;
        this.table = table;
        if (keyspace == null) {
            this.name = "data";
            this.parent = null;
        } else if (table == null) {
            this.name = "data/" + keyspace;
            this.parent = ROOT;
        } else {
            this.name = "data/" + keyspace + "/" + table;
            this.parent = new DataResource(keyspace, null);
        }
    }

    /** @return {@code <all keyspaces>} */
    public static DataResource root() {
        return ROOT;
    }

    /** @return {@code <keyspace ks>} */
    public static DataResource keyspace(String keyspace) {
        return new DataResource(Objects.requireNonNull(keyspace, "keyspace"), null);
    }

    /** @return {@code <table ks.t>} */
    public static DataResource table(String keyspace, String table) {
        return new DataResource(Objects.requireNonNull(keyspace, "keyspace"), Objects.requireNonNull(table, "table"));
    }

    /** @return the keyspace, or null for all keyspaces */
    public String keyspace() {
        return keyspace;
    }

    /** @return the table, or null for all keyspaces and for a keyspace */
    public String table() {
        return table;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Resource parent() {
        return parent;
    }

    @Override
    public Set<Permission> applicablePermissions() {
        return table == null ? KEYSPACE_LEVEL : TABLE_LEVEL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataResource data && name.equals(data.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        if (keyspace == null) {
            return "<all keyspaces>";
        }
        return table == null ? "<keyspace " + keyspace + ">" : "<table " + keyspace + "." + table + ">";
    }
}
