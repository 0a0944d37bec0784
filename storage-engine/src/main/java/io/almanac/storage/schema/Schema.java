package io.almanac.storage.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An immutable snapshot of every user keyspace and table, with its {@code schema_version}. A DDL statement produces
 * a new snapshot; readers keep whichever snapshot they started with.
 *
 * @param keyspaces the keyspaces by name
 * @param version   {@code schema_version}: a digest of the content, so equal schemas have equal versions and every
 *                  change gives a new one
 */
public record Schema(Map<String, KeyspaceMetadata> keyspaces, UUID version) {

    public static final Schema EMPTY = new Schema(Map.of(), UUID.nameUUIDFromBytes(new byte[0]));

    public Schema {
        keyspaces = Collections.unmodifiableMap(new TreeMap<>(keyspaces));
        Objects.requireNonNull(version, "version");
    }

    /** @return the keyspace, or null */
    public KeyspaceMetadata keyspace(String name) {
        return keyspaces.get(name);
    }

    /** @return the table, or null when the keyspace or the table does not exist */
    public TableMetadata table(String keyspace, String table) {
        KeyspaceMetadata metadata = keyspaces.get(keyspace);
        return metadata == null ? null : metadata.tables().get(table);
    }

    /** @return the table with this id, or null */
    public TableMetadata tableById(UUID id) {
        for (KeyspaceMetadata keyspace : keyspaces.values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                if (table.id().equals(id)) {
                    return table;
                }
            }
        }
        return null;
    }

    /**
     * @return the table
     * @throws InvalidRequestException "keyspace x does not exist" / "table y does not exist", as Cassandra 5.0 answers
     */
    public TableMetadata requireTable(String keyspace, String table) {
        KeyspaceMetadata metadata = keyspaces.get(keyspace);
        if (metadata == null) {
            throw new InvalidRequestException("keyspace " + keyspace + " does not exist");
        }
        TableMetadata found = metadata.tables().get(table);
        if (found == null) {
            throw new InvalidRequestException("table " + table + " does not exist");
        }
        return found;
    }
}
