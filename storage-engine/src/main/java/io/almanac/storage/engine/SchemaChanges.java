package io.almanac.storage.engine;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.schema.AlreadyExistsException;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import io.almanac.storage.sstable.compress.SSTableCompression;
import io.almanac.storage.write.WriteShard;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's schema changes (DDL): CREATE / ALTER / DROP of keyspaces, tables and user-defined types, with the
 * table stores they open or remove. {@link ShardedStorageEngine} delegates its {@link StorageEngine} schema methods
 * here; their contracts (results, exceptions, messages) are the ones documented on {@link StorageEngine}.
 *
 * <p>Thread safety: every method is safe from any thread. One lock ({@code schemaLock}) serializes all DDL: it
 * guards replacing {@link #schema()}, {@link SchemaStore#persist} (which needs its callers serialized), adding and
 * removing entries of the shared {@code tables} map and {@link TableStore#alter}. The schema is a volatile
 * immutable snapshot, read without the lock; the {@code tables} map is concurrent and read without the lock by the
 * write, read and compaction paths.
 *
 * <p>Invariants (crash safety): a new table's store (its directory) is opened before the schema naming it is
 * persisted, and it becomes visible in {@code tables} only after; an altered table's new layout is installed after
 * the schema is persisted and before the new snapshot is published; a dropped keyspace or table leaves the
 * persisted schema before its data is removed, so a crash in between leaves only directories the next open deletes
 * ({@link EngineResources#removeOrphanedDirectories}) and commit-log entries replay skips.
 */
final class SchemaChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaChanges.class);

    private final EngineResources resources;
    private final SchemaStore schemaStore;
    private final Map<String, CompactionStrategyProvider> providers;
    private final Map<UUID, TableStore> tables;
    private final Object schemaLock = new Object();
    private volatile Schema schema;

    /**
     * @param schema the schema loaded at open
     * @param providers the compaction strategy providers by class name
     * @param tables the engine's open table stores by table id (concurrent; shared with the engine)
     */
    SchemaChanges(EngineResources resources, SchemaStore schemaStore, Schema schema,
                  Map<String, CompactionStrategyProvider> providers, Map<UUID, TableStore> tables) {
        this.resources = resources;
        this.schemaStore = schemaStore;
        this.schema = schema;
        this.providers = providers;
        this.tables = tables;
    }

    /** @return the current schema snapshot (the last one persisted) */
    Schema schema() {
        return schema;
    }

    /** Creates a keyspace (empty), then its tables, as {@link StorageEngine#createKeyspace}. */
    boolean createKeyspace(KeyspaceMetadata keyspace, boolean ifNotExists) {
        synchronized (schemaLock) {
            if (schema.keyspace(keyspace.name()) != null) {
                if (ifNotExists) {
                    return false;
                }
                throw new AlreadyExistsException(keyspace.name(), "");
            }
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            KeyspaceMetadata empty = new KeyspaceMetadata(keyspace.name(), keyspace.replication(),
                    keyspace.durableWrites(), Map.of(), keyspace.types());
            next.put(keyspace.name(), empty);
            schema = schemaStore.persist(next);
            for (TableMetadata table : keyspace.tables().values()) {
                createTable(table, ifNotExists);
            }
            return true;
        }
    }

    /** Drops a keyspace, then its tables' data and directory, as {@link StorageEngine#dropKeyspace}. */
    boolean dropKeyspace(String keyspace, boolean ifExists) {
        synchronized (schemaLock) {
            KeyspaceMetadata existing = schema.keyspace(keyspace);
            if (existing == null) {
                if (ifExists) {
                    return false;
                }
                throw new InvalidRequestException("Keyspace '" + keyspace + "' doesn't exist");
            }
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.remove(keyspace);
            schema = schemaStore.persist(next);
            for (TableMetadata table : existing.tables().values()) {
                removeTableData(table);
            }
            resources.deleteKeyspaceDirectory(keyspace);
            return true;
        }
    }

    /** Opens the table's store, persists the schema, then publishes the store, as {@link StorageEngine#createTable}. */
    boolean createTable(TableMetadata table, boolean ifNotExists) {
        synchronized (schemaLock) {
            KeyspaceMetadata keyspace = schema.keyspace(table.keyspace());
            if (keyspace == null) {
                throw new InvalidRequestException("Keyspace '" + table.keyspace() + "' doesn't exist");
            }
            if (keyspace.tables().containsKey(table.name())) {
                if (ifNotExists) {
                    return false;
                }
                throw new AlreadyExistsException(table.keyspace(), table.name());
            }
            if (schema.tableById(table.id()) != null) {
                throw new InvalidRequestException("Table id " + table.id() + " is already used");
            }
            validateCompaction(table);
            SSTableCompression.fromOptions(table.params().compression());
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.put(keyspace.name(), keyspace.withTable(table));
            TableStore store = resources.openTable(table);
            schema = schemaStore.persist(next);
            tables.put(table.id(), store);
            return true;
        }
    }

    private void validateCompaction(TableMetadata table) {
        String className = table.params().compactionClass();
        CompactionStrategyProvider provider = className == null ? null : providers.get(className);
        if (provider == null) {
            throw new ConfigurationException("Unable to find compaction strategy class '"
                    + className + "'");
        }
        provider.validateOptions(table.params().compaction());
    }

    /** As {@link StorageEngine#alterKeyspace}. */
    void alterKeyspace(KeyspaceMetadata keyspace) {
        synchronized (schemaLock) {
            KeyspaceMetadata existing = schema.keyspace(keyspace.name());
            if (existing == null) {
                throw new InvalidRequestException("Keyspace '" + keyspace.name() + "' doesn't exist");
            }
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.put(keyspace.name(), new KeyspaceMetadata(keyspace.name(), keyspace.replication(),
                    keyspace.durableWrites(), existing.tables(), existing.types()));
            schema = schemaStore.persist(next);
        }
    }

    /** As {@link StorageEngine#alterTable}; a changed compaction strategy is re-created on the compaction thread. */
    void alterTable(TableMetadata table) {
        synchronized (schemaLock) {
            TableMetadata existing = schema.requireTable(table.keyspace(), table.name());
            if (!existing.id().equals(table.id())) {
                throw new InvalidRequestException("Table " + table + " has id " + existing.id() + ", not "
                        + table.id());
            }
            if (!sameKey(existing.partitionKeyColumns(), table.partitionKeyColumns())
                    || !sameKey(existing.clusteringColumns(), table.clusteringColumns())) {
                throw new InvalidRequestException("The primary key of " + table + " cannot be altered");
            }
            validateCompaction(table);
            if (!table.params().compression().equals(existing.params().compression())) {
                // an unchanged option stays as stored, even one written before options were checked
                SSTableCompression.fromOptions(table.params().compression());
            }
            TableStore store = tables.get(table.id());
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.put(table.keyspace(), schema.keyspace(table.keyspace()).withTable(table));
            Schema persisted = schemaStore.persist(next);
            // a running compaction finishes under the layout it started with; writes decode into the new one from
            // now on, before any client can see the new schema
            boolean compactionChanged = store.alter(TableLayout.of(table));
            schema = persisted;
            if (compactionChanged) {
                // the strategy is cached by the compaction thread: re-create it there
                resources.onCompactionThread(() -> {
                    store.strategy(null);
                    return null;
                });
            }
        }
    }

    /** @return whether two primary key column lists agree in all but the names (RENAME may change those) */
    private static boolean sameKey(List<ColumnMetadata> existing, List<ColumnMetadata> altered) {
        if (existing.size() != altered.size()) {
            return false;
        }
        for (int i = 0; i < existing.size(); i++) {
            ColumnMetadata before = existing.get(i);
            ColumnMetadata after = altered.get(i);
            if (!before.type().equals(after.type()) || before.order() != after.order()) {
                return false;
            }
        }
        return true;
    }

    /** Persists the schema without the table, then removes its data, as {@link StorageEngine#dropTable}. */
    boolean dropTable(String keyspace, String table, boolean ifExists) {
        synchronized (schemaLock) {
            KeyspaceMetadata metadata = schema.keyspace(keyspace);
            TableMetadata existing = metadata == null ? null : metadata.tables().get(table);
            if (existing == null) {
                if (ifExists) {
                    return false;
                }
                schema.requireTable(keyspace, table);
            }
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.put(keyspace, metadata.withoutTable(table));
            schema = schemaStore.persist(next);
            removeTableData(existing);
            return true;
        }
    }

    /** As {@link StorageEngine#createType}. */
    boolean createType(UserType type, boolean ifNotExists) {
        return updateKeyspace(type.keyspace(), keyspace -> UserTypeSchema.create(keyspace, type, ifNotExists));
    }

    /** As {@link StorageEngine#alterType}. */
    void alterType(UserType type) {
        updateKeyspace(type.keyspace(), keyspace -> UserTypeSchema.alter(keyspace, type));
    }

    /** As {@link StorageEngine#dropType}. */
    boolean dropType(String keyspace, String type, boolean ifExists) {
        return updateKeyspace(keyspace, metadata -> UserTypeSchema.drop(metadata, type, ifExists));
    }

    /** Applies a change to one keyspace's metadata and persists it; @return false when the change returned null */
    private boolean updateKeyspace(String name, UnaryOperator<KeyspaceMetadata> change) {
        synchronized (schemaLock) {
            KeyspaceMetadata keyspace = schema.keyspace(name);
            if (keyspace == null) {
                throw new InvalidRequestException("Keyspace '" + name + "' doesn't exist");
            }
            KeyspaceMetadata changed = change.apply(keyspace);
            if (changed == null) {
                return false;
            }
            Map<String, KeyspaceMetadata> next = new LinkedHashMap<>(schema.keyspaces());
            next.put(name, changed);
            schema = schemaStore.persist(next);
            return true;
        }
    }

    /** Removes a dropped table's store, memtable data and files (a failed delete is left to the next open). */
    private void removeTableData(TableMetadata table) {
        TableStore store = tables.remove(table.id());
        for (WriteShard shard : resources.shards()) {
            for (Memtable memtable : shard.view().all()) {
                memtable.dropTable(table.id());
            }
        }
        if (store != null) {
            store.dropAll();
            try {
                new DurableFiles(store.files()).deleteRecursively(store.directory());
            } catch (UncheckedIOException e) {
                // the schema no longer has the table: the next start removes the directory
                LOG.warn("Files of dropped table {} not all deleted; the next start removes them", table, e);
            }
        }
    }
}
