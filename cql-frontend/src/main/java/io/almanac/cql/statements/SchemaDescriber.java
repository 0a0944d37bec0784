package io.almanac.cql.statements;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CQL that re-creates a keyspace or a table, in the format of Cassandra 5.0's {@code DESCRIBE}
 * ({@code KeyspaceMetadata.toCqlString}, {@code TableMetadata.toCqlString}, {@code TableParams.appendCqlTo}):
 * <pre>
 * CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}
 *     AND durable_writes = true;     (one line, two spaces before AND)
 *
 * CREATE TABLE ks.readings (
 *     device text,
 *     ts timestamp,
 *     v double,
 *     PRIMARY KEY (device, ts)
 * ) WITH CLUSTERING ORDER BY (ts DESC)
 *     AND additional_write_policy = '99p'
 *     ...
 *     AND speculative_retry = '99p';
 * </pre>
 * Columns come in Cassandra's create order: partition key, clustering, then the other columns (static before
 * regular, single-cell before multi-cell columns (non-frozen collections and user types), each by name). A
 * table with a one-column partition key and no clustering writes {@code PRIMARY KEY} after the column. Table options are listed in
 * Cassandra's order, every one of them; the options Almanac does not store ({@code additional_write_policy},
 * {@code allow_auto_snapshot}, {@code cdc}, {@code memtable}, {@code extensions}, {@code incremental_backups},
 * {@code max_index_interval}, {@code min_index_interval}, {@code read_repair}) show Cassandra's defaults, which
 * {@link TableOptions} accepts back. Replication classes of {@code org.apache.cassandra.locator} are shortened as
 * Cassandra does. Keyspaces and tables of Cassandra's virtual keyspaces are written as Cassandra writes them: a
 * comment holding {@code VIRTUAL KEYSPACE} / {@code VIRTUAL TABLE} (with only the comment as table option).
 *
 * <p>Thread safety: stateless.
 */
final class SchemaDescriber {

    private static final String INDENT = "    ";
    private static final Pattern UNQUOTED = Pattern.compile("[a-z][a-z0-9_]*");
    /**
     * Cassandra 5.0's reserved keywords ({@code ReservedKeywords}, {@code reserved_keywords.txt}): names spelled like
     * these are quoted. DEFAULT, MBEAN, MBEANS, REPLACE and UNSET are unreserved since 4.0 (CASSANDRA-16439).
     */
    private static final Set<String> RESERVED = Set.of("add", "allow", "alter", "and", "apply", "asc", "authorize",
            "batch", "begin", "by", "columnfamily", "create", "delete", "desc", "describe", "drop", "entries",
            "execute", "from", "full", "grant", "if", "in", "index", "infinity", "insert", "into", "is", "keyspace",
            "limit", "materialized", "modify", "nan", "norecursive", "not", "null", "of", "on", "or", "order",
            "primary", "rename", "revoke", "schema", "select", "set", "table", "to", "token", "truncate", "unlogged",
            "update", "use", "using", "view", "where", "with");
    /** Cassandra's virtual keyspaces ({@code SchemaConstants.VIRTUAL_SYSTEM_KEYSPACE_NAMES}). */
    private static final Set<String> VIRTUAL_KEYSPACES = Set.of("system_virtual_schema", "system_views");
    /** Name order of DESCRIBE listings and element lists ({@code SchemaElement.NAME_COMPARATOR}). */
    static final Comparator<String> NAME_ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private SchemaDescriber() {
    }

    /** @return the name as CQL must spell it: unchanged, or double-quoted when not a plain lower-case identifier */
    static String maybeQuote(String name) {
        if (UNQUOTED.matcher(name).matches() && !RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** @return whether Cassandra describes {@code keyspace} as a virtual keyspace (a comment, not a CREATE) */
    static boolean isVirtual(String keyspace) {
        return VIRTUAL_KEYSPACES.contains(keyspace);
    }

    /**
     * @return {@code CREATE KEYSPACE ...;}, or for a virtual keyspace the commented {@code VIRTUAL KEYSPACE} form of
     *         {@code KeyspaceMetadata.toCqlString}
     */
    static String keyspace(KeyspaceMetadata keyspace) {
        if (isVirtual(keyspace.name())) {
            String name = maybeQuote(keyspace.name());
            return "/*\nWarning: Keyspace " + name + " is a virtual keyspace and cannot be recreated with CQL.\n"
                    + "Structure, for reference:\nVIRTUAL KEYSPACE " + name + ";\n*/";
        }
        StringBuilder cql = new StringBuilder("CREATE KEYSPACE ").append(maybeQuote(keyspace.name()))
                .append(" WITH replication = {'class': ");
        String className = keyspace.replication().get("class");
        if (className.startsWith(KeyspaceMetadata.REPLICATION_PACKAGE)) {
            className = className.substring(KeyspaceMetadata.REPLICATION_PACKAGE.length());
        }
        quoted(cql, className);
        keyspace.replication().forEach((key, value) -> {
            if (!key.equals("class")) {
                quoted(cql.append(", "), key);
                quoted(cql.append(": "), value);
            }
        });
        return cql.append("}  AND durable_writes = ").append(keyspace.durableWrites()).append(';').toString();
    }

    /** @return {@code CREATE TYPE ks.name (field type, ...);} as Cassandra's DESCRIBE writes it */
    static String type(UserType type) {
        StringBuilder cql = new StringBuilder("CREATE TYPE ").append(maybeQuote(type.keyspace())).append('.')
                .append(maybeQuote(type.name())).append(" (\n");
        for (int i = 0; i < type.fieldNames().size(); i++) {
            cql.append(INDENT).append(maybeQuote(type.fieldNames().get(i))).append(' ')
                    .append(type.fieldTypes().get(i).cqlName()).append(i < type.fieldNames().size() - 1 ? ",\n" : "\n");
        }
        return cql.append(");").toString();
    }

    /**
     * @return the keyspace's types in Cassandra's DESCRIBE order ({@code Types.sortedStream}): by name, each type
     *         after the types it uses (so the statements can be run in this order)
     */
    static List<UserType> typesInCreateOrder(KeyspaceMetadata keyspace) {
        List<UserType> byName = new ArrayList<>(keyspace.types().values());
        byName.sort(Comparator.comparing(UserType::name));
        Map<String, UserType> ordered = new LinkedHashMap<>();
        Set<String> visiting = new HashSet<>();
        for (UserType type : byName) {
            addAfterUsedTypes(type, keyspace, ordered, visiting);
        }
        return List.copyOf(ordered.values());
    }

    private static void addAfterUsedTypes(CqlType type, KeyspaceMetadata keyspace, Map<String, UserType> ordered,
                                          Set<String> visiting) {
        if (type instanceof UserType user) {
            UserType stored = keyspace.types().get(user.name());
            if (stored == null || ordered.containsKey(user.name()) || !visiting.add(user.name())) {
                return;
            }
            stored.fieldTypes().forEach(field -> addAfterUsedTypes(field, keyspace, ordered, visiting));
            ordered.putIfAbsent(user.name(), stored);
        } else if (type instanceof CollectionType collection) {
            addAfterUsedTypes(collection.elements(), keyspace, ordered, visiting);
            if (collection.values() != null) {
                addAfterUsedTypes(collection.values(), keyspace, ordered, visiting);
            }
        } else if (type instanceof TupleType tuple) {
            tuple.componentTypes().forEach(component -> addAfterUsedTypes(component, keyspace, ordered, visiting));
        }
    }

    /**
     * @return {@code CREATE TABLE ... WITH ...;}, or for a table of a virtual keyspace the commented
     *         {@code VIRTUAL TABLE} form of {@code TableMetadata.toCqlString} (only the comment as option)
     */
    static String table(TableMetadata table) {
        boolean virtual = isVirtual(table.keyspace());
        String qualifiedName = maybeQuote(table.keyspace()) + '.' + maybeQuote(table.name());
        StringBuilder cql = new StringBuilder();
        if (virtual) {
            cql.append("/*\nWarning: Table ").append(qualifiedName)
                    .append(" is a virtual table and cannot be recreated with CQL.\nStructure, for reference:\n");
        }
        cql.append(virtual ? "VIRTUAL TABLE " : "CREATE TABLE ").append(qualifiedName).append(" (\n");
        boolean singleColumnKey = table.partitionKeyColumns().size() == 1 && table.clusteringColumns().isEmpty();
        List<ColumnMetadata> columns = createOrder(table);
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            cql.append(INDENT).append(maybeQuote(column.name())).append(' ').append(column.type().cqlName());
            if (column.kind() == ColumnKind.STATIC) {
                cql.append(" static");
            }
            if (singleColumnKey && column.isPrimaryKey()) {
                cql.append(" PRIMARY KEY");
            }
            cql.append(!singleColumnKey || i < columns.size() - 1 ? ",\n" : "\n");
        }
        if (!singleColumnKey) {
            cql.append(INDENT).append("PRIMARY KEY (").append(primaryKey(table)).append(")\n");
        }
        cql.append(") WITH ");
        if (!table.clusteringColumns().isEmpty()) {
            List<String> orders = table.clusteringColumns().stream().map(c -> maybeQuote(c.name())
                    + (c.order() == ClusteringOrder.DESC ? " DESC" : " ASC")).toList();
            cql.append("CLUSTERING ORDER BY (").append(String.join(", ", orders)).append(")\n")
                    .append(INDENT).append("AND ");
        }
        if (virtual) {
            quoted(cql.append("comment = "), table.params().comment());
            return cql.append(";\n*/").toString();
        }
        options(cql, table.params());
        return cql.append(';').toString();
    }

    private static List<ColumnMetadata> createOrder(TableMetadata table) {
        List<ColumnMetadata> ordered = new ArrayList<>(table.partitionKeyColumns());
        ordered.addAll(table.clusteringColumns());
        Comparator<ColumnMetadata> staticFirst = Comparator.comparing(c -> c.kind() != ColumnKind.STATIC);
        Comparator<ColumnMetadata> simpleFirst = Comparator.comparing(c -> isMultiCell(c.type()));
        table.regularColumns().stream().sorted(staticFirst.thenComparing(simpleFirst)
                        .thenComparing(ColumnMetadata::name))
                .forEach(ordered::add);
        return ordered;
    }

    /** @return whether cells of the type are written one per element or field (Cassandra's complex columns) */
    private static boolean isMultiCell(CqlType type) {
        return type instanceof CollectionType collection && !collection.frozen()
                || type instanceof UserType user && !user.frozen();
    }

    private static String primaryKey(TableMetadata table) {
        List<String> partitionKey = table.partitionKeyColumns().stream().map(c -> maybeQuote(c.name())).toList();
        String key = partitionKey.size() > 1 ? "(" + String.join(", ", partitionKey) + ")" : partitionKey.get(0);
        List<String> parts = new ArrayList<>(List.of(key));
        table.clusteringColumns().forEach(c -> parts.add(maybeQuote(c.name())));
        return String.join(", ", parts);
    }

    private static void options(StringBuilder cql, TableParams params) {
        String and = "\n" + INDENT + "AND ";
        cql.append("additional_write_policy = '99p'")
                .append(and).append("allow_auto_snapshot = true")
                .append(and).append("bloom_filter_fp_chance = ").append(params.bloomFilterFpChance())
                .append(and).append("caching = ");
        map(cql, params.caching());
        cql.append(and).append("cdc = false").append(and).append("comment = ");
        quoted(cql, params.comment());
        cql.append(and).append("compaction = ");
        map(cql, params.compaction());
        cql.append(and).append("compression = ");
        map(cql, params.compression());
        cql.append(and).append("memtable = 'default'")
                .append(and).append("crc_check_chance = ").append(params.crcCheckChance())
                .append(and).append("default_time_to_live = ").append(params.defaultTimeToLiveSeconds())
                .append(and).append("extensions = {}")
                .append(and).append("gc_grace_seconds = ").append(params.gcGraceSeconds())
                .append(and).append("incremental_backups = true")
                .append(and).append("max_index_interval = 2048")
                .append(and).append("memtable_flush_period_in_ms = ").append(params.memtableFlushPeriodMillis())
                .append(and).append("min_index_interval = 128")
                .append(and).append("read_repair = 'BLOCKING'")
                .append(and).append("speculative_retry = ");
        quoted(cql, params.speculativeRetry());
    }

    /** Appends {@code {'key': 'value', ...}} in key order (the maps of TableParams are sorted). */
    private static void map(StringBuilder cql, Map<String, String> options) {
        cql.append('{');
        boolean first = true;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!first) {
                cql.append(", ");
            }
            first = false;
            quoted(cql, option.getKey());
            quoted(cql.append(": "), option.getValue());
        }
        cql.append('}');
    }

    private static StringBuilder quoted(StringBuilder cql, String text) {
        return cql.append('\'').append(text.replace("'", "''")).append('\'');
    }
}
