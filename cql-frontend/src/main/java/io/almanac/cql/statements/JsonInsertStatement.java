package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A prepared INSERT JSON (Cassandra's {@code UpdateStatement.ParsedInsertJson}): the JSON object, given as a string
 * literal or bound to the marker {@code [json]} (text), is decoded by {@link JsonDecoder} at each execution into one
 * value per column and written as an INSERT of those columns ({@link InsertStatement#mutation}). Columns missing
 * from the object are set to null (DEFAULT NULL, the default) or left as they are (DEFAULT UNSET); missing primary
 * key columns get Cassandra's "Invalid null value ..." / "Invalid unset value ..." errors. The partition key is not
 * known before execution, so the Prepared result names no partition key index.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class JsonInsertStatement extends TableModification {

    private final PreparedTerm json;
    private final boolean defaultUnset;

    private JsonInsertStatement(TableTarget target, PreparedTerm json, boolean defaultUnset,
                                WriteAttributes attributes, List<ColumnSpec> bindVariables) {
        super(target, attributes, bindVariables, new int[0]);
        this.json = json;
        this.defaultUnset = defaultUnset;
    }

    /** Prepares a stand-alone INSERT JSON. */
    static JsonInsertStatement prepare(ParsedStatement.InsertJson insert, int markerCount, String sessionKeyspace,
                                       Schema schema, VirtualTables systemTables, NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        JsonInsertStatement prepared = prepare(insert, variables, sessionKeyspace, schema, systemTables);
        return new JsonInsertStatement(prepared.target, prepared.json, prepared.defaultUnset, prepared.attributes,
                variables.specs());
    }

    /**
     * Prepares an INSERT JSON whose markers are recorded in {@code variables} (shared by the statements of a BATCH).
     *
     * @throws CqlException 0x2100 for system keyspaces, 0x2200 for an unknown table
     */
    static JsonInsertStatement prepare(ParsedStatement.InsertJson insert, BindVariables variables,
                                       String sessionKeyspace, Schema schema, VirtualTables systemTables) {
        TableTarget.checkModifiable(TableTarget.keyspace(insert.table().keyspace(), sessionKeyspace),
                systemTables);
        TableTarget target = TableTarget.resolve(insert.table(), sessionKeyspace, schema, systemTables);
        TableMetadata table = target.metadata();
        if (table.columns().stream().anyMatch(column -> column.type() == NativeType.COUNTER)) {
            throw CqlException.invalid("INSERT statements are not allowed on counter tables, use UPDATE instead");
        }
        PreparedTerm json = TermPreparer.prepare(insert.json(), new ColumnSpec(table.keyspace(), table.name(),
                JsonEncoder.JSON_COLUMN, NativeType.TEXT), variables, null);
        WriteAttributes attributes = WriteAttributes.prepare(insert.timeToLive(), insert.timestamp(), table,
                variables);
        return new JsonInsertStatement(target, json, insert.defaultUnset(), attributes, List.of());
    }

    @Override
    public List<Mutation> mutations(List<byte[]> bound, long timestampMicros, long nowSeconds) {
        TableMetadata table = target.metadata();
        byte[] text = json.bind(bound);
        if (text == null) {
            throw CqlException.invalid("Got null for INSERT JSON values");
        }
        if (QueryOptions.isUnset(text)) {
            throw CqlException.invalid("Got unset value for INSERT JSON values");
        }
        byte[][] values = JsonDecoder.values(table, new String(text, StandardCharsets.UTF_8), defaultUnset);
        List<ColumnMetadata> columns = table.columns();
        return List.of(InsertStatement.mutation(table, columns, values, attributes.timeToLiveSeconds(bound, table),
                timestampMicros, nowSeconds));
    }

    @Override
    public List<Clustering> clusterings(List<byte[]> bound) {
        return List.of(mutations(bound, 0, 0).get(0).rows().get(0).clustering());
    }

    @Override
    public List<DecoratedKey> partitionKeys(List<byte[]> bound) {
        return List.of(mutations(bound, 0, 0).get(0).key());
    }
}
