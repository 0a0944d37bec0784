package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.data.Cell;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The result set of a lightweight transaction, shaped as Cassandra's {@code ModificationStatement.buildCasResultSet}:
 *
 * <pre>
 *   applied:                    [applied]=true
 *   not applied, no row:        [applied]=false
 *   not applied, IF [NOT] EXISTS [applied]=false | every column, as SELECT * orders them
 *   not applied, IF col ...     [applied]=false | the condition columns, in the order written
 *                               (a BATCH adds the primary key columns first; one result row per row tested)
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
final class CasResults {

    private CasResults() {
    }

    /** @return the {@code [applied]} column of {@code table} */
    static ColumnSpec appliedColumn(TableMetadata table) {
        return new ColumnSpec(table.keyspace(), table.name(), "[applied]", NativeType.BOOLEAN);
    }

    /** @return {@code [applied] = true} */
    static ResultMessage applied(TableMetadata table) {
        return new ResultMessage.Rows(new ResultMetadata(List.of(appliedColumn(table))),
                List.<byte[][]>of(new byte[][] {NativeType.BOOLEAN.encode(true)}), null);
    }

    /**
     * @param tested the existing rows the conditions were tested on (none: the rows do not exist)
     * @return {@code [applied] = false} with the current values of {@code tested}
     */
    static ResultMessage notApplied(TableMetadata table, DecoratedKey key, List<BatchStatement.Entry> entries,
                                    List<Row> tested, boolean batch) {
        byte[] notApplied = NativeType.BOOLEAN.encode(false);
        if (tested.isEmpty()) {
            return new ResultMessage.Rows(new ResultMetadata(List.of(appliedColumn(table))),
                    List.<byte[][]>of(new byte[][] {notApplied}), null);
        }
        List<ColumnMetadata> columns = columns(table, entries, batch);
        List<ColumnSpec> specs = new ArrayList<>();
        specs.add(appliedColumn(table));
        columns.forEach(c -> specs.add(new ColumnSpec(table.keyspace(), table.name(), c.name(), c.type())));
        byte[][] keyComponents = table.partitionKeyColumns().size() == 1 ? new byte[][] {key.key()}
                : PartitionKeys.split(key.key(), table.partitionKeyColumns().size());
        List<byte[][]> rows = new ArrayList<>();
        for (Row row : tested) {
            byte[][] values = new byte[columns.size() + 1][];
            values[0] = notApplied;
            for (int i = 0; i < columns.size(); i++) {
                values[i + 1] = value(table, columns.get(i), keyComponents, row);
            }
            rows.add(values);
        }
        return new ResultMessage.Rows(new ResultMetadata(specs), rows, null);
    }

    private static List<ColumnMetadata> columns(TableMetadata table, List<BatchStatement.Entry> entries,
                                                boolean batch) {
        List<ColumnMetadata> columns = new ArrayList<>();
        boolean existence = entries.stream().anyMatch(e -> ReadModifyWrites.testsExistence(
                e.statement().conditions()));
        if (existence) {
            columns.addAll(table.partitionKeyColumns());
            columns.addAll(table.clusteringColumns());
            table.regularColumns().stream().sorted(java.util.Comparator.comparing(ColumnMetadata::name))
                    .forEach(columns::add);
            return columns;
        }
        if (batch) {
            columns.addAll(table.partitionKeyColumns());
            columns.addAll(table.clusteringColumns());
        }
        for (BatchStatement.Entry entry : entries) {
            ColumnConditions conditions = entry.statement().conditions();
            if (conditions != null) {
                conditions.columns().stream().filter(c -> !columns.contains(c)).forEach(columns::add);
            }
        }
        return columns;
    }

    private static byte[] value(TableMetadata table, ColumnMetadata column, byte[][] keyComponents, Row row) {
        if (column.kind() == ColumnKind.PARTITION_KEY) {
            return keyComponents[column.position()];
        }
        if (column.kind() == ColumnKind.CLUSTERING) {
            // the static row (a static-only condition) has no clustering: its clustering columns read as null
            return row.clustering().isStatic() ? null : row.clustering().get(column.position());
        }
        int index = table.regularIndex(column.name());
        Cell cell = index < 0 || index >= row.cells().length ? null : row.cells()[index];
        return cell == null ? null : cell.value();
    }
}
