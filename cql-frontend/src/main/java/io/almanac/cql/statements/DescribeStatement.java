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
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.UserType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Server-side {@code DESCRIBE} as Cassandra 4+ answers it (CASSANDRA-14825, {@code DescribeStatement}); cqlsh 4+
 * sends it. Listings ({@code KEYSPACES}, {@code TABLES}, {@code TYPES}, {@code FUNCTIONS}, {@code AGGREGATES})
 * answer {@code keyspace_name, type, name}; element forms add {@code create_statement} (see
 * {@link SchemaDescriber}); all columns are text of the pseudo table {@code system.describe}. {@code CLUSTER}
 * answers {@code cluster, partitioner, snitch}, and {@code range_ownership} when a user keyspace is in use.
 *
 * <p>Keyspaces are listed by name, tables and types by name within their keyspace (case-insensitively, as
 * Cassandra's {@code SchemaElement.NAME_COMPARATOR}); {@code TABLES} and the listings cover the session keyspace
 * when there is one, else every keyspace. {@code SCHEMA} covers the user keyspaces, {@code FULL SCHEMA} the system
 * keyspaces too ({@code system} and {@code system_schema} as {@code LocalStrategy} keyspaces,
 * {@code system_virtual_schema} as a commented virtual keyspace). An element list of a keyspace holds the keyspace,
 * its user-defined types (each after the types it uses) and its tables. Almanac has no functions, aggregates,
 * indexes or views: their listings are empty and naming one is "not found" with Cassandra's message.
 *
 * <p>Differences from Cassandra: the whole answer is one page (no paging state; Cassandra pages by row offset), and
 * {@code WITH INTERNALS} is refused.
 *
 * <p>Thread safety: immutable.
 */
final class DescribeStatement implements CqlStatement {

    /**
     * The snitch Cassandra 5.0 names with its default configuration: {@code endpoint_snitch: SimpleSnitch} wrapped by
     * {@code dynamic_snitch: true}, shortened as {@code DescribeStatement} shortens
     * {@code org.apache.cassandra.locator}.
     */
    private static final String SNITCH = "DynamicEndpointSnitch";
    private static final String PARTITIONER = "Murmur3Partitioner";
    /** {@code range_ownership}: range end token -> replica endpoints ({@code /address:storage_port}). */
    private static final CqlType RANGE_OWNERSHIP = CollectionType.map(NativeType.TEXT,
            CollectionType.list(NativeType.TEXT, false), false);
    /**
     * Cassandra's system keyspaces ({@code SchemaConstants.isSystemKeyspace}: local, replicated and virtual), which
     * {@code DESCRIBE SCHEMA} leaves out.
     */
    private static final Set<String> SYSTEM_KEYSPACES = Set.of("system", "system_schema", "system_auth",
            "system_distributed", "system_traces", "system_views", "system_virtual_schema");

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
            return CompletableFuture.completedFuture(cluster(context.systemTables(), state.keyspace()));
        } else {
            boolean withStatements = resultMetadata().columns().size() == 4;
            for (Element element : elements(keyspaces, state.keyspace())) {
                rows.add(withStatements ? row(element.keyspace(), element.type(), element.name(),
                        element.createStatement()) : row(element.keyspace(), element.type(), element.name()));
            }
        }
        return CompletableFuture.completedFuture(new ResultMessage.Rows(resultMetadata(), rows, null));
    }

    private List<Element> elements(Map<String, KeyspaceMetadata> keyspaces, String sessionKeyspace) {
        List<Element> elements = new ArrayList<>();
        switch (describe.kind()) {
            case KEYSPACES -> keyspaces.values().forEach(k -> elements.add(keyspaceElement(k)));
            case TABLES -> listed(keyspaces, sessionKeyspace).forEach(k -> byName(k.tables(), TableMetadata::name)
                    .forEach(t -> elements.add(tableElement(t))));
            case TYPES -> listed(keyspaces, sessionKeyspace).forEach(k -> byName(k.types(), UserType::name)
                    .forEach(t -> elements.add(typeElement(t))));
            case FUNCTIONS, AGGREGATES -> listed(keyspaces, sessionKeyspace);
            case TYPE -> elements.add(typeElement(type(keyspace(keyspaces, keyspaceName(sessionKeyspace)))));
            case SCHEMA, FULL_SCHEMA -> keyspaces.values().stream()
                    .filter(k -> describe.kind() == ParsedStatement.DescribeKind.FULL_SCHEMA
                            || !SYSTEM_KEYSPACES.contains(k.name()))
                    .forEach(k -> addKeyspace(elements, k, false));
            case KEYSPACE, ONLY_KEYSPACE -> addKeyspace(elements, keyspace(keyspaces, keyspaceName(sessionKeyspace)),
                    describe.kind() == ParsedStatement.DescribeKind.ONLY_KEYSPACE);
            case TABLE -> elements.add(tableElement(table(keyspace(keyspaces, keyspaceName(sessionKeyspace)))));
            case GENERIC -> generic(elements, keyspaces, sessionKeyspace);
            default -> throw notFound(keyspace(keyspaces, keyspaceName(sessionKeyspace)));
        }
        return elements;
    }

    /**
     * {@code DESCRIBE name}: a keyspace of that name (when unqualified), else a table ("keyspace or a table or an
     * index or a materialized view (in this order)", {@code DescribeStatement.generic}; types are not looked up).
     */
    private void generic(List<Element> elements, Map<String, KeyspaceMetadata> keyspaces, String sessionKeyspace) {
        if (describe.keyspace() == null && keyspaces.containsKey(describe.name())) {
            addKeyspace(elements, keyspaces.get(describe.name()), false);
            return;
        }
        String keyspaceName = describe.keyspace() != null ? describe.keyspace()
                : sessionKeyspace != null ? sessionKeyspace : describe.name();
        KeyspaceMetadata keyspace = keyspace(keyspaces, keyspaceName);
        TableMetadata table = keyspace.tables().get(describe.name());
        if (table == null) {
            throw CqlException.invalid("'" + describe.name() + "' not found in keyspace '" + keyspace.name() + "'");
        }
        elements.add(tableElement(table));
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
            // Almanac has no indexes: Cassandra's first check, the indexed table, fails
            case INDEX -> "Table for existing index";
            default -> "Materialized view";
        };
        return CqlException.invalid(what + " '" + describe.name() + "' not found in '" + keyspace.name() + "'");
    }

    private static void addKeyspace(List<Element> elements, KeyspaceMetadata keyspace, boolean only) {
        elements.add(keyspaceElement(keyspace));
        if (!only) {
            SchemaDescriber.typesInCreateOrder(keyspace).forEach(t -> elements.add(typeElement(t)));
            byName(keyspace.tables(), TableMetadata::name).forEach(t -> elements.add(tableElement(t)));
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

    /** @return the values in DESCRIBE's name order (case-insensitive, {@code SchemaElement.NAME_COMPARATOR}) */
    private static <T> List<T> byName(Map<String, T> elements, Function<T, String> name) {
        return elements.values().stream().sorted(Comparator.comparing(name, SchemaDescriber.NAME_ORDER)).toList();
    }

    /** @return every keyspace in DESCRIBE's name order: the engine's and the virtual ones */
    private static Map<String, KeyspaceMetadata> keyspaces(Schema schema, VirtualTables systemTables) {
        Map<String, Map<String, TableMetadata>> virtual = new TreeMap<>();
        for (VirtualTable table : systemTables.all()) {
            virtual.computeIfAbsent(table.metadata().keyspace(), k -> new LinkedHashMap<>())
                    .put(table.metadata().name(), table.metadata());
        }
        Map<String, KeyspaceMetadata> all = new TreeMap<>(SchemaDescriber.NAME_ORDER);
        virtual.forEach((name, tables) -> all.put(name,
                new KeyspaceMetadata(name, Map.of("class", "LocalStrategy"), true, tables)));
        all.putAll(schema.keyspaces());
        return all;
    }

    /**
     * {@code DESCRIBE CLUSTER}: {@code cluster, partitioner, snitch}, plus {@code range_ownership} when a keyspace
     * other than a system keyspace is in use (each token range of this node, by its end token, to this node's
     * endpoint), as {@code DescribeStatement.cluster}.
     */
    private static ResultMessage.Rows cluster(VirtualTables systemTables, String sessionKeyspace) {
        Object clusterName = localValue(systemTables, "cluster_name");
        List<byte[]> row = new ArrayList<>();
        row.add(clusterName == null ? null : clusterName.toString().getBytes(StandardCharsets.UTF_8));
        row.add(PARTITIONER.getBytes(StandardCharsets.UTF_8));
        row.add(SNITCH.getBytes(StandardCharsets.UTF_8));
        ResultMetadata metadata = metadata("cluster", "partitioner", "snitch");
        if (sessionKeyspace != null && !SYSTEM_KEYSPACES.contains(sessionKeyspace)) {
            List<ColumnSpec> columns = new ArrayList<>(metadata.columns());
            columns.add(new ColumnSpec("system", "describe", "range_ownership", RANGE_OWNERSHIP));
            metadata = new ResultMetadata(columns);
            String endpoint = localValue(systemTables, "broadcast_address") + ":"
                    + localValue(systemTables, "broadcast_port");
            Map<String, List<String>> ownership = new LinkedHashMap<>();
            Object tokens = localValue(systemTables, "tokens");
            if (tokens instanceof Collection<?> all) {
                all.forEach(token -> ownership.put(token.toString(), List.of(endpoint)));
            }
            row.add(RANGE_OWNERSHIP.encode(ownership));
        }
        return new ResultMessage.Rows(metadata, List.<byte[][]>of(row.toArray(byte[][]::new)), null);
    }

    /** @return the decoded value of a column of {@code system.local}'s row, or null */
    private static Object localValue(VirtualTables systemTables, String column) {
        VirtualTable local = systemTables.table("system", "local");
        if (local == null || local.rows().isEmpty()) {
            return null;
        }
        List<ColumnMetadata> columns = local.metadata().columns();
        for (int i = 0; i < columns.size(); i++) {
            byte[] value = local.rows().get(0)[i];
            if (columns.get(i).name().equals(column) && value != null) {
                return columns.get(i).type().decode(value);
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
