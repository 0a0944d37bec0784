package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code BEGIN [UNLOGGED | COUNTER] BATCH ... APPLY BATCH} of INSERTs, UPDATEs and DELETEs, and the writing half of
 * the BATCH message. A batch with {@code IF} conditions (all on one partition), counter updates or collection
 * element operations runs as read-modify-writes on the shard writers ({@link ReadModifyWrites}).
 *
 * <p>Every statement without its own {@code USING TIMESTAMP} gets the batch's timestamp (its USING TIMESTAMP, the
 * client's default timestamp or one server timestamp). Mutations of the same partition are merged into one (rows
 * reconciled, the later partition deletion kept), so a partition's changes are applied atomically; the future
 * completes when every mutation is committed. LOGGED and UNLOGGED behave alike on one node (there is no
 * batchlog), so a batch spanning partitions is not atomic across them if a write fails midway.
 *
 * <p>Thread safety: immutable; executions may run concurrently.
 */
final class BatchStatement implements CqlStatement {

    /** One statement of a batch with the values bound to it. */
    record Entry(ModificationStatement statement, List<byte[]> values) {
    }

    private final List<ModificationStatement> statements;
    private final PreparedTerm timestamp;
    private final List<ColumnSpec> bindVariables;

    private BatchStatement(List<ModificationStatement> statements, PreparedTerm timestamp,
                           List<ColumnSpec> variables) {
        this.statements = List.copyOf(statements);
        this.timestamp = timestamp;
        this.bindVariables = variables;
    }

    /** @throws CqlException 0x2200 for invalid statements or a timestamp given on both levels */
    static BatchStatement prepare(ParsedStatement.Batch batch, int markerCount, String sessionKeyspace,
                                  Schema schema, VirtualTables systemTables,
                                   NativeFunctions functions) {
        BindVariables variables = new BindVariables(markerCount, functions);
        List<ModificationStatement> statements = new ArrayList<>();
        for (ParsedStatement.Modification child : batch.statements()) {
            ModificationStatement statement = prepare(child, variables, sessionKeyspace, schema, systemTables);
            checkTimestamps(batch.timestamp() != null, statement);
            statements.add(statement);
        }
        PreparedTerm timestamp = null;
        if (batch.timestamp() != null) {
            TableMetadata first = statements.isEmpty() ? null : statements.get(0).table();
            ColumnSpec receiver = new ColumnSpec(first == null ? "" : first.keyspace(),
                    first == null ? "" : first.name(), "[timestamp]", NativeType.BIGINT);
            timestamp = TermPreparer.prepare(batch.timestamp(), receiver, variables, null);
        }
        validate(batch.type(), statements, batch.timestamp() != null);
        return new BatchStatement(statements, timestamp, variables.specs());
    }

    private static ModificationStatement prepare(ParsedStatement.Modification child, BindVariables variables,
                                                 String sessionKeyspace, Schema schema, VirtualTables systemTables) {
        if (child instanceof ParsedStatement.Update update) {
            return UpdateStatement.prepare(update, variables, sessionKeyspace, schema, systemTables);
        }
        if (child instanceof ParsedStatement.Delete delete) {
            return DeleteStatement.prepare(delete, variables, sessionKeyspace, schema, systemTables);
        }
        if (child instanceof ParsedStatement.InsertJson insert) {
            return JsonInsertStatement.prepare(insert, variables, sessionKeyspace, schema, systemTables);
        }
        return InsertStatement.prepare((ParsedStatement.Insert) child, variables, sessionKeyspace, schema,
                systemTables);
    }

    /** @throws CqlException when the batch and one of its statements both set a timestamp */
    static void checkTimestamps(boolean batchHasTimestamp, ModificationStatement statement) {
        if (batchHasTimestamp && statement.hasTimestamp()) {
            throw CqlException.invalid("Timestamp must be set either on BATCH or individual statements");
        }
    }

    /**
     * Cassandra's {@code BatchStatement.validate}: counter statements only in COUNTER batches (and those hold
     * nothing else), no custom timestamp on a conditional batch.
     *
     * @throws CqlException 0x2200 with Cassandra's messages
     */
    static void validate(BatchType type, List<ModificationStatement> statements, boolean batchHasTimestamp) {
        boolean counters = false;
        boolean others = false;
        boolean conditional = false;
        for (ModificationStatement statement : statements) {
            if (type == BatchType.COUNTER && !statement.isCounter()) {
                throw CqlException.invalid("Cannot include non-counter statement in a counter batch");
            }
            if (type == BatchType.LOGGED && statement.isCounter()) {
                throw CqlException.invalid("Cannot include a counter statement in a logged batch");
            }
            counters |= statement.isCounter();
            others |= !statement.isCounter();
            conditional |= statement.conditions() != null;
        }
        if (counters && others) {
            throw CqlException.invalid("Counter and non-counter mutations cannot exist in the same batch");
        }
        if (conditional && batchHasTimestamp) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional BATCH");
        }
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return bindVariables;
    }

    @Override
    public boolean isValid(Schema schema) {
        return statements.stream().allMatch(s -> s.isValid(schema));
    }

    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        long timestampMicros;
        byte[] value = timestamp == null ? QueryOptions.UNSET : timestamp.bind(options.values());
        if (value == null || (value.length == 0 && !QueryOptions.isUnset(value))) {
            throw CqlException.invalid("Invalid null value of timestamp");
        }
        timestampMicros = QueryOptions.isUnset(value) ? context.defaultTimestampMicros(options)
                : ByteBuffer.wrap(value).getLong();
        List<Entry> entries = new ArrayList<>();
        statements.forEach(s -> entries.add(new Entry(s, options.values())));
        if (needsCurrentRows(entries)) {
            return ReadModifyWrites.execute(context.engine(), entries, true,
                    QueryOptions.isUnset(value) ? null : timestampMicros);
        }
        return write(context.engine(), entries, timestampMicros, context.nowSeconds(options));
    }

    /** @return whether some statement has conditions or reads current values (see {@link ReadModifyWrites}) */
    static boolean needsCurrentRows(List<Entry> entries) {
        return entries.stream().anyMatch(e -> e.statement().conditions() != null
                || e.statement().readsCurrentRows());
    }

    /**
     * Builds and writes the mutations of {@code entries}, one per partition.
     *
     * @param timestampMicros the timestamp of statements without their own
     * @return completes with Void when every mutation is committed
     */
    static CompletableFuture<ResultMessage> write(StorageEngine engine, List<Entry> entries, long timestampMicros,
                                                  long nowSeconds) {
        record PartitionId(UUID table, DecoratedKey key) {
        }
        Map<PartitionId, Map<Clustering, Row>> rows = new LinkedHashMap<>();
        Map<PartitionId, DeletionTime> deletions = new LinkedHashMap<>();
        Map<PartitionId, List<RangeTombstone>> rangeTombstones = new LinkedHashMap<>();
        Map<PartitionId, TableMetadata> tables = new LinkedHashMap<>();
        for (Entry entry : entries) {
            long entryTimestamp = entry.statement().timestampMicros(entry.values(), () -> timestampMicros);
            for (Mutation mutation : entry.statement().mutations(entry.values(), entryTimestamp, nowSeconds)) {
                PartitionId id = new PartitionId(mutation.table().id(), mutation.key());
                tables.putIfAbsent(id, mutation.table());
                Map<Clustering, Row> partition = rows.computeIfAbsent(id, k -> new LinkedHashMap<>());
                for (Row row : mutation.rows()) {
                    partition.merge(row.clustering(), row, Row::merge);
                }
                if (mutation.partitionDeletion() != null) {
                    deletions.merge(id, mutation.partitionDeletion(), DeletionTime::latest);
                }
                if (!mutation.rangeTombstones().isEmpty()) {
                    rangeTombstones.computeIfAbsent(id, k -> new ArrayList<>()).addAll(mutation.rangeTombstones());
                }
            }
        }
        List<Mutation> mutations = new ArrayList<>(rows.size());
        rows.forEach((id, partition) -> mutations.add(new Mutation(tables.get(id), id.key(), deletions.get(id),
                new ArrayList<>(partition.values()), rangeTombstones.getOrDefault(id, List.of()))));
        return engine.write(mutations).thenApply(done -> ResultMessage.Void.INSTANCE);
    }
}
