package io.almanac.cql.transport;

import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryHandler;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.cql.query.UnpreparedException;
import io.almanac.cql.system.VirtualTable;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST FIXTURE, not a query processor: a {@link QueryHandler} that understands just enough CQL to let a real driver
 * connect to {@link CqlServer} and read the virtual tables — {@code SELECT <columns | *> FROM ks.table
 * [WHERE col = 'text' [AND ...]]} and {@code USE ks}. It exists so the transport and the system tables can be tested
 * on the wire while the real {@code QueryProcessor} is written elsewhere; everything else is a syntax error.
 * PREPARE answers with a prepared SELECT whose EXECUTE re-runs the query, enough to exercise the v5
 * result_metadata_id round trip; {@link #prepareWithoutLastColumn} simulates a table that gained a column between
 * PREPARE and EXECUTE.
 */
final class SystemTableQueryFixture implements QueryHandler {

    private static final Pattern SELECT = Pattern.compile(
            "\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)\\.(\\w+)(?:\\s+WHERE\\s+(.+?))?\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern USE = Pattern.compile("\\s*USE\\s+\"?(\\w+)\"?\\s*;?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern EQUALS = Pattern.compile("\\s*(\\w+)\\s*=\\s*'([^']*)'\\s*");

    private final VirtualTables tables;
    private final List<Consumer<ResultMessage.SchemaChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile boolean prepareWithoutLastColumn;

    SystemTableQueryFixture(VirtualTables tables) {
        this.tables = tables;
    }

    /** Makes PREPARE report one result column less than EXECUTE returns, as after an ALTER TABLE ADD. */
    void prepareWithoutLastColumn() {
        prepareWithoutLastColumn = true;
    }

    /** @return every query text received, in arrival order */
    List<String> queries() {
        return List.copyOf(queries);
    }

    /** Delivers {@code change} to the registered listeners, as a DDL statement would. */
    void fireSchemaChange(ResultMessage.SchemaChange change) {
        listeners.forEach(listener -> listener.accept(change));
    }

    @Override
    public CompletableFuture<ResultMessage> query(ClientState state, String query, QueryOptions options) {
        queries.add(query);
        try {
            Matcher use = USE.matcher(query);
            if (use.matches()) {
                return CompletableFuture.completedFuture(new ResultMessage.SetKeyspace(use.group(1)));
            }
            return CompletableFuture.completedFuture(select(query));
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<ResultMessage.Prepared> prepare(ClientState state, String query, String keyspace) {
        queries.add(query);
        try {
            List<ColumnSpec> columns = select(query).metadata().columns();
            ResultMetadata metadata = new ResultMetadata(prepareWithoutLastColumn
                    ? columns.subList(0, columns.size() - 1) : columns);
            byte[] id = query.getBytes(StandardCharsets.UTF_8);
            return CompletableFuture.completedFuture(new ResultMessage.Prepared(id,
                    ResultMetadataDigest.of(metadata), ResultMetadata.EMPTY, new int[0], metadata));
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ClientState state, byte[] id, byte[] resultMetadataId,
                                                    QueryOptions options) {
        String query = new String(id, StandardCharsets.UTF_8);
        if (!SELECT.matcher(query).matches()) {
            return CompletableFuture.failedFuture(new UnpreparedException(id));
        }
        return query(state, query, options);
    }

    @Override
    public CompletableFuture<ResultMessage> batch(ClientState state, BatchType type, List<BatchEntry> statements,
                                                  QueryOptions options) {
        return CompletableFuture.failedFuture(CqlException.invalid("the test fixture executes no BATCH"));
    }

    @Override
    public void addSchemaChangeListener(Consumer<ResultMessage.SchemaChange> listener) {
        listeners.add(listener);
    }

    private ResultMessage.Rows select(String query) {
        Matcher matcher = SELECT.matcher(query);
        if (!matcher.matches()) {
            throw CqlException.syntax("the test fixture only answers SELECT on virtual tables: " + query);
        }
        VirtualTable table = tables.table(matcher.group(2).toLowerCase(Locale.ROOT),
                matcher.group(3).toLowerCase(Locale.ROOT));
        if (table == null) {
            throw CqlException.invalid("table " + matcher.group(3) + " does not exist");
        }
        TableMetadata metadata = table.metadata();
        List<Integer> selected = projection(metadata, matcher.group(1).trim());
        List<ColumnSpec> specs = new ArrayList<>();
        for (int index : selected) {
            ColumnMetadata column = metadata.columns().get(index);
            specs.add(new ColumnSpec(metadata.keyspace(), metadata.name(), column.name(), column.type()));
        }
        List<byte[][]> rows = new ArrayList<>();
        for (byte[][] row : table.rows()) {
            if (matches(metadata, row, matcher.group(4))) {
                byte[][] projected = new byte[selected.size()][];
                for (int i = 0; i < selected.size(); i++) {
                    projected[i] = row[selected.get(i)];
                }
                rows.add(projected);
            }
        }
        return new ResultMessage.Rows(new ResultMetadata(specs), rows, null);
    }

    private static List<Integer> projection(TableMetadata metadata, String columns) {
        List<Integer> selected = new ArrayList<>();
        if (columns.equals("*")) {
            for (int i = 0; i < metadata.columns().size(); i++) {
                selected.add(i);
            }
            return selected;
        }
        for (String name : columns.split(",")) {
            ColumnMetadata column = metadata.column(name.trim().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + name.trim());
            }
            selected.add(metadata.columns().indexOf(column));
        }
        return selected;
    }

    private static boolean matches(TableMetadata metadata, byte[][] row, String where) {
        if (where == null) {
            return true;
        }
        for (String condition : where.split("(?i)\\s+AND\\s+")) {
            Matcher equals = EQUALS.matcher(condition);
            if (!equals.matches()) {
                throw CqlException.syntax("the test fixture only filters on column = 'text': " + condition);
            }
            ColumnMetadata column = metadata.column(equals.group(1).toLowerCase(Locale.ROOT));
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + equals.group(1));
            }
            byte[] value = row[metadata.columns().indexOf(column)];
            if (value == null || !new String(value, StandardCharsets.UTF_8).equals(equals.group(2))) {
                return false;
            }
        }
        return true;
    }
}
