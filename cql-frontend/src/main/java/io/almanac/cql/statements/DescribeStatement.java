package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.cql.system.VirtualTable;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Server-side {@code DESCRIBE} as Cassandra 4+ answers it (CASSANDRA-14825, {@code DescribeStatement}); cqlsh 4+
 * sends it. Listings ({@code KEYSPACES}, {@code TABLES}, {@code TYPES}, {@code FUNCTIONS}, {@code AGGREGATES})
 * answer {@code keyspace_name, type, name}; element forms add {@code create_statement} (see
 * {@link SchemaDescriber}); all columns are text of the pseudo table {@code system.describe}. {@code CLUSTER}
 * answers {@code cluster, partitioner, snitch}.
 *
 * <p>Keyspaces are listed by name, tables by name within their keyspace; {@code TABLES} and the listings cover the
 * session keyspace when there is one, else every keyspace. {@code SCHEMA} covers the user keyspaces,
 * {@code FULL SCHEMA} the system keyspaces too (shown as {@code LocalStrategy} keyspaces). User-defined types
 * are described as {@code CREATE TYPE} statements, before the tables of their keyspace. Almanac has no functions,
 * aggregates, indexes or views: their listings are empty and naming one is "not found".
 *
 * <p>Differences from Cassandra: the whole answer is one page (no paging state; Cassandra pages by row offset), and
 * {@code DESCRIBE CLUSTER} leaves out {@code range_ownership}.
 *
 * <p>Thread safety: immutable.
 */
final class DescribeStatement implements CqlStatement {

    private static final String SNITCH = "SimpleSnitch";
    private static final String PARTITIONER = "Murmur3Partitioner";

    /** One described element: a keyspace or a table. */
    private record Element(String keyspace, String type, String name, String createStatement) {
    }

    private final ParsedStatement.Describe describe;

    DescribeStatement(ParsedStatement.Describe describe) {
        this.describe = describe;
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return List.of();
    }

    @Override
    public ResultMetadata resultMetadata() {
        return switch (describe.kind()) {
            case KEYSPACES, TABLES, TYPES, FUNCTIONS, AGGREGATES -> metadata("keyspace_name", "type", "name");
            case CLUSTER -> metadata("cluster", "partitioner", "snitch");
            default -> metadata("keyspace_name", "type", "name", "create_statement");
        };
    }

    private static ResultMetadata metadata(String... names) {
        List<ColumnSpec> specs = new ArrayList<>();
        for (String name : names) {
            specs.add(new ColumnSpec("system", "describe", name, NativeType.TEXT));
        }
        return new ResultMetadata(specs);
    }

    /**
     * @throws CqlException 0x2200 for an unknown keyspace ("'k' not found in keyspaces"), table ("Table 't' not
     *         found in keyspace 'k'") or element, and for a form that needs a keyspace without one in use
     */
    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        Map<String, KeyspaceMetadata> keyspaces = keyspaces(context.engine().schema(), context.systemTables());
        List<byte[][]> rows = new ArrayList<>();
        if (describe.kind() == ParsedStatement.DescribeKind.CLUSTER) {
            rows.add(row(clusterName(context.systemTables()), PARTITIONER, SNITCH));
        } else {
            boolean withStatements = resultMetadata().columns().size() == 4;
            for (Element element : elements(keyspaces, state.keyspace(), context.systemTables())) {
                rows.add(withStatements ? row(element.keyspace(), element.type(), element.name(),
                        element.createStatement()) : row(element.keyspace(), element.type(), element.name()));
            }
        }
        return CompletableFuture.completedFuture(new ResultMessage.Rows(resultMetadata(), rows, null));
    }

    private List<Element> elements(Map<String, KeyspaceMetadata> keyspaces, String sessionKeyspace,
                                   VirtualTables systemTables) {
        List<Element> elements = new ArrayList<>();
        switch (describe.kind()) {
            case KEYSPACES -> keyspaces.values().forEach(k -> elements.add(keyspaceElement(k)));
            case TABLES -> listed(keyspaces, sessionKeyspace).forEach(k -> k.tables().values()
                    .forEach(t -> elements.add(tableElement(t))));
            case TYPES -> listed(keyspaces, sessionKeyspace).forEach(k -> k.types().values()
                    .forEach(t -> elements.add(typeElement(t))));
            case FUNCTIONS, AGGREGATES -> listed(keyspaces, sessionKeyspace);
            case TYPE -> elements.add(typeElement(type(keyspace(keyspaces, keyspaceName(sessionKeyspace)))));
            case SCHEMA, FULL_SCHEMA -> keyspaces.values().stream()
                    .filter(k -> describe.kind() == ParsedStatement.DescribeKind.FULL_SCHEMA
                            || !TableTarget.isSystemKeyspace(k.name(), systemTables))
                    .forEach(k -> addKeyspace(elements, k, false));
            case KEYSPACE, ONLY_KEYSPACE -> addKeyspace(elements, keyspace(keyspaces, keyspaceName(sessionKeyspace)),
                    describe.kind() == ParsedStatement.DescribeKind.ONLY_KEYSPACE);
            case TABLE -> elements.add(tableElement(table(keyspace(keyspaces, keyspaceName(sessionKeyspace)))));
            case GENERIC -> generic(elements, keyspaces, sessionKeyspace);
            default -> throw notFound(keyspace(keyspaces, keyspaceName(sessionKeyspace)));
        }
        return elements;
    }

    /** {@code DESCRIBE name}: a keyspace of that name (when unqualified), else a table. */
    private void generic(List<Element> elements, Map<String, KeyspaceMetadata> keyspaces, String sessionKeyspace) {
        if (describe.keyspace() == null && keyspaces.containsKey(describe.name())) {
            addKeyspace(elements, keyspaces.get(describe.name()), false);
            return;
        }
        String keyspaceName = describe.keyspace() != null ? describe.keyspace()
                : sessionKeyspace != null ? sessionKeyspace : describe.name();
        KeyspaceMetadata keyspace = keyspace(keyspaces, keyspaceName);
        TableMetadata table = keyspace.tables().get(describe.name());
        UserType type = keyspace.types().get(describe.name());
        if (table == null && type == null) {
            throw CqlException.invalid("'" + describe.name() + "' not found in keyspace '" + keyspace.name() + "'");
        }
        elements.add(table != null ? tableElement(table) : typeElement(type));
    }

    private UserType type(KeyspaceMetadata keyspace) {
        UserType type = keyspace.types().get(describe.name());
        if (type == null) {
            throw notFound(keyspace);
        }
        return type;
    }

    private static Element typeElement(UserType type) {
        return new Element(SchemaDescriber.maybeQuote(type.keyspace()), "type", SchemaDescriber.maybeQuote(type.name()),
                SchemaDescriber.type(type));
    }

    private List<KeyspaceMetadata> listed(Map<String, KeyspaceMetadata> keyspaces, String sessionKeyspace) {
        return sessionKeyspace == null ? List.copyOf(keyspaces.values())
                : List.of(keyspace(keyspaces, sessionKeyspace));
    }

    private String keyspaceName(String sessionKeyspace) {
        String name = describe.keyspace() != null ? describe.keyspace() : sessionKeyspace;
        if (name == null) {
            throw CqlException.invalid("No keyspace specified and no current keyspace");
        }
        return name;
    }

    private static KeyspaceMetadata keyspace(Map<String, KeyspaceMetadata> keyspaces, String name) {
        KeyspaceMetadata keyspace = keyspaces.get(name);
        if (keyspace == null) {
            throw CqlException.invalid("'" + name + "' not found in keyspaces");
        }
        return keyspace;
    }

    private TableMetadata table(KeyspaceMetadata keyspace) {
        TableMetadata table = keyspace.tables().get(describe.name());
        if (table == null) {
            throw CqlException.invalid("Table '" + describe.name() + "' not found in keyspace '" + keyspace.name()
                    + "'");
        }
        return table;
    }

    private CqlException notFound(KeyspaceMetadata keyspace) {
        String what = switch (describe.kind()) {
            case TYPE -> "User defined type";
            case FUNCTION -> "User defined function";
            case AGGREGATE -> "User defined aggregate";
            case INDEX -> "Index";
            default -> "Materialized view";
        };
        return CqlException.invalid(what + " '" + describe.name() + "' not found in '" + keyspace.name() + "'");
    }

    private static void addKeyspace(List<Element> elements, KeyspaceMetadata keyspace, boolean only) {
        elements.add(keyspaceElement(keyspace));
        if (!only) {
            keyspace.types().values().forEach(t -> elements.add(typeElement(t)));
            keyspace.tables().values().forEach(t -> elements.add(tableElement(t)));
        }
    }

    private static Element keyspaceElement(KeyspaceMetadata keyspace) {
        String name = SchemaDescriber.maybeQuote(keyspace.name());
        return new Element(name, "keyspace", name, SchemaDescriber.keyspace(keyspace));
    }

    private static Element tableElement(TableMetadata table) {
        return new Element(SchemaDescriber.maybeQuote(table.keyspace()), "table",
                SchemaDescriber.maybeQuote(table.name()), SchemaDescriber.table(table));
    }

    /** @return every keyspace by name: the engine's and the virtual ones, with their tables sorted by name */
    private static Map<String, KeyspaceMetadata> keyspaces(Schema schema, VirtualTables systemTables) {
        Map<String, Map<String, TableMetadata>> virtual = new TreeMap<>();
        for (VirtualTable table : systemTables.all()) {
            virtual.computeIfAbsent(table.metadata().keyspace(), k -> new LinkedHashMap<>())
                    .put(table.metadata().name(), table.metadata());
        }
        Map<String, KeyspaceMetadata> all = new TreeMap<>();
        virtual.forEach((name, tables) -> all.put(name,
                new KeyspaceMetadata(name, Map.of("class", "LocalStrategy"), true, tables)));
        all.putAll(schema.keyspaces());
        return all;
    }

    /** @return {@code system.local}'s cluster_name */
    private static String clusterName(VirtualTables systemTables) {
        VirtualTable local = systemTables.table("system", "local");
        if (local != null) {
            List<ColumnMetadata> columns = local.metadata().columns();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals("cluster_name") && !local.rows().isEmpty()) {
                    byte[] value = local.rows().get(0)[i];
                    return value == null ? null : new String(value, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static byte[][] row(String... values) {
        byte[][] row = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            row[i] = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
        }
        return row;
    }
}
