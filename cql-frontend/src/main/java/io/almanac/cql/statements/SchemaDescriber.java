package io.almanac.cql.statements;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.schema.UserType;
import java.util.ArrayList;
import java.util.Comparator;
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
 * regular, non-collection before multi-cell collection columns, each by name). A table with a one-column
 * partition key and no clustering writes {@code PRIMARY KEY} after the column. Table options are listed in
 * Cassandra's order, every one of them; the options Almanac does not store ({@code additional_write_policy},
 * {@code allow_auto_snapshot}, {@code cdc}, {@code memtable}, {@code extensions}, {@code incremental_backups},
 * {@code max_index_interval}, {@code min_index_interval}, {@code read_repair}) show Cassandra's defaults, which {@link TableOptions} accepts
 * back. Replication classes of {@code org.apache.cassandra.locator} are shortened as Cassandra does.
 *
 * <p>Thread safety: stateless.
 */
final class SchemaDescriber {

    private static final String INDENT = "    ";
    private static final Pattern UNQUOTED = Pattern.compile("[a-z][a-z0-9_]*");
    /** Cassandra's reserved keywords ({@code ReservedKeywords}): names spelled like these are quoted. */
    private static final Set<String> RESERVED = Set.of("add", "allow", "alter", "and", "apply", "asc", "authorize",
            "batch", "begin", "by", "columnfamily", "create", "default", "delete", "desc", "describe", "drop",
            "entries", "execute", "from", "full", "grant", "if", "in", "index", "infinity", "insert", "into", "is",
            "keyspace", "limit", "materialized", "mbean", "mbeans", "modify", "nan", "norecursive", "not", "null",
            "of", "on", "or", "order", "primary", "rename", "replace", "revoke", "schema", "select", "set", "table",
            "to", "token", "truncate", "unlogged", "unset", "update", "use", "using", "view", "where", "with");

    private SchemaDescriber() {
    }

    /** @return the name as CQL must spell it: unchanged, or double-quoted when not a plain lower-case identifier */
    static String maybeQuote(String name) {
        if (UNQUOTED.matcher(name).matches() && !RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** @return {@code CREATE KEYSPACE ...;} */
    static String keyspace(KeyspaceMetadata keyspace) {
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

    /** @return {@code CREATE TABLE ... WITH ...;} */
    static String table(TableMetadata table) {
        StringBuilder cql = new StringBuilder("CREATE TABLE ").append(maybeQuote(table.keyspace())).append('.')
                .append(maybeQuote(table.name())).append(" (\n");
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
        options(cql, table.params());
        return cql.append(';').toString();
    }

    private static List<ColumnMetadata> createOrder(TableMetadata table) {
        List<ColumnMetadata> ordered = new ArrayList<>(table.partitionKeyColumns());
        ordered.addAll(table.clusteringColumns());
        Comparator<ColumnMetadata> staticFirst = Comparator.comparing(c -> c.kind() != ColumnKind.STATIC);
        Comparator<ColumnMetadata> simpleFirst = Comparator.comparing(
                c -> c.type() instanceof CollectionType collection && !collection.frozen());
        table.regularColumns().stream().sorted(staticFirst.thenComparing(simpleFirst)
                        .thenComparing(ColumnMetadata::name))
                .forEach(ordered::add);
        return ordered;
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
