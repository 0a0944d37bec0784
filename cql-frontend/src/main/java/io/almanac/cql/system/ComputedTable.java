package io.almanac.cql.system;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link VirtualTable} whose rows are a function of the current user {@link Schema}. Rows are sorted by partition
 * key then clustering (column types' order, DESC clustering reversed) and remembered per schema snapshot, so
 * repeated driver refreshes against an unchanged schema cost nothing.
 *
 * <p>Thread safety: thread-safe; the remembered snapshot is replaced atomically. The returned rows are shared:
 * callers must not modify them.
 */
final class ComputedTable implements VirtualTable {

    private record Snapshot(Schema schema, List<byte[][]> rows) {
    }

    private final TableMetadata metadata;
    private final Supplier<Schema> schema;
    private final Function<Schema, List<byte[][]>> rowsOf;
    private final Comparator<byte[][]> order;
    private volatile Snapshot snapshot;

    /**
     * @param metadata the table definition
     * @param schema   the current user schema
     * @param rowsOf   computes the rows (in any order) for a schema snapshot
     */
    ComputedTable(TableMetadata metadata, Supplier<Schema> schema, Function<Schema, List<byte[][]>> rowsOf) {
        this.metadata = metadata;
        this.schema = schema;
        this.rowsOf = rowsOf;
        this.order = primaryKeyOrder(metadata);
    }

    @Override
    public TableMetadata metadata() {
        return metadata;
    }

    @Override
    public List<byte[][]> rows() {
        Schema current = schema.get();
        Snapshot remembered = snapshot;
        if (remembered != null && remembered.schema() == current) {
            return remembered.rows();
        }
        List<byte[][]> rows = new ArrayList<>(rowsOf.apply(current));
        rows.sort(order);
        List<byte[][]> result = Collections.unmodifiableList(rows);
        snapshot = new Snapshot(current, result);
        return result;
    }

    private static Comparator<byte[][]> primaryKeyOrder(TableMetadata table) {
        List<ColumnMetadata> columns = table.columns();
        List<ColumnMetadata> key = new ArrayList<>(table.partitionKeyColumns());
        key.addAll(table.clusteringColumns());
        Comparator<byte[][]> order = (a, b) -> 0;
        for (ColumnMetadata column : key) {
            int index = columns.indexOf(column);
            Comparator<byte[][]> byColumn = (a, b) -> column.type().compare(a[index], b[index]);
            order = order.thenComparing(column.order() == ClusteringOrder.DESC ? byColumn.reversed() : byColumn);
        }
        return order;
    }
}
