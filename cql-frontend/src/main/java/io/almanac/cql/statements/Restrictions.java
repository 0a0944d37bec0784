package io.almanac.cql.statements;

import io.almanac.cql.parser.Relation;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WHERE clause of a SELECT, prepared: restrictions per column and on {@code token(...)}, checked as Cassandra's
 * {@code StatementRestrictions} checks them, and turned per execution into the partitions to read and the
 * clustering {@link Slice}s (in storage order, see {@link ClusteringSlices}).
 *
 * <p>Stored tables read listed partitions when every partition key column is restricted by {@code =} or
 * {@code IN} (clustering columns then by {@code =} and {@code IN} on a prefix, single- or multi-column, followed by
 * at most one slice: {@link ClusteringRestrictions}), and otherwise scan a range of the ring ({@code token(...)}
 * slices), filtering the rest, multi-column relations included, with ALLOW FILTERING.
 * Virtual tables are filtered in memory and take any primary key restriction.
 *
 * <p>Thread safety: immutable once prepared.
 */
final class Restrictions {

    /** One partition to read: its key column values and its decorated key. */
    record PartitionKey(byte[][] components, DecoratedKey key) {
    }

    private final TableMetadata table;
    private final Map<ColumnMetadata, ColumnRestriction> columns;
    private final ColumnRestriction token;
    private final ClusteringRestrictions clustering;

    private Restrictions(TableMetadata table, Map<ColumnMetadata, ColumnRestriction> columns,
                         ColumnRestriction token, ClusteringRestrictions clustering) {
        this.table = table;
        this.columns = Collections.unmodifiableMap(columns);
        this.token = token;
        this.clustering = clustering;
    }

    /** @throws CqlException 0x2200 for unknown columns, conflicting relations and badly typed values */
    static Restrictions prepare(TableMetadata table, List<Relation> relations, BindVariables variables) {
        return prepare(table, relations, variables, false);
    }

    /**
     * @param allowFiltering whether ALLOW FILTERING was given: clustering restrictions out of order are then
     *                       checked only where they cannot be filtered (Cassandra's
     *                       {@code ClusteringColumnRestrictions.mergeWith})
     * @throws CqlException 0x2200 for unknown columns, conflicting relations and badly typed values
     */
    static Restrictions prepare(TableMetadata table, List<Relation> relations, BindVariables variables,
                                boolean allowFiltering) {
        Map<ColumnMetadata, ColumnRestriction> columns = new LinkedHashMap<>();
        ColumnRestriction token = null;
        ClusteringRestrictions clustering = new ClusteringRestrictions(table, columns, allowFiltering);
        for (Relation relation : relations) {
            if (relation.isMultiColumn()) {
                clustering.addMultiColumn(relation, variables);
                continue;
            }
            if (relation.isToken()) {
                checkTokenArguments(table, relation.tokenColumns());
                if (token == null) {
                    token = new ColumnRestriction(null, new ColumnSpec(table.keyspace(), table.name(),
                            "partition key token", NativeType.BIGINT));
                }
                token.add(relation, variables);
                continue;
            }
            ColumnMetadata column = table.column(relation.column());
            if (column == null) {
                throw StatementErrors.undefinedColumn(relation.column(), table);
            }
            if (column.kind() == ColumnKind.CLUSTERING) {
                clustering.checkSingleColumn(column, relation.operator().isSlice());
            }
            columns.computeIfAbsent(column, c -> new ColumnRestriction(c, new ColumnSpec(table.keyspace(),
                    table.name(), c.name(), c.type()))).add(relation, variables);
        }
        return new Restrictions(table, columns, token, clustering);
    }

    private static void checkTokenArguments(TableMetadata table, List<String> arguments) {
        List<String> partitionKey = table.partitionKeyColumns().stream().map(ColumnMetadata::name).toList();
        for (String argument : arguments) {
            if (table.column(argument) == null) {
                throw StatementErrors.undefinedColumn(argument, table);
            }
        }
        if (!arguments.equals(partitionKey)) {
            throw CqlException.invalid("The token function arguments must be in the partition key order: "
                    + String.join(", ", partitionKey));
        }
    }

    /** @return the token restriction, or null */
    ColumnRestriction token() {
        return token;
    }

    /** @return every column restriction, in the order first written */
    Iterable<ColumnRestriction> all() {
        return columns.values();
    }

    // ---- validation ----

    /**
     * @return whether the query reads a range of the ring (a full or token-range scan) rather than listed
     *         partitions: some partition key column is not restricted by {@code =}/IN, or token() is restricted
     */
    boolean isRangeScan() {
        if (token != null) {
            return true;
        }
        for (ColumnMetadata column : table.partitionKeyColumns()) {
            ColumnRestriction restriction = columns.get(column);
            if (restriction == null || restriction.isSlice()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the shapes a stored-table read supports: a range scan (token() slices, anything else filtered with
     * ALLOW FILTERING), or every partition key column restricted by {@code =}/IN with clustering restrictions on a
     * prefix ({@code =} ... then one IN or one slice) and regular columns filtered with ALLOW FILTERING.
     *
     * @param allowFiltering whether ALLOW FILTERING was given
     * @throws CqlException with Cassandra's messages
     */
    void validateForStoredTable(boolean allowFiltering) {
        if (isRangeScan()) {
            validateRangeScan(allowFiltering);
            return;
        }
        validateClustering();
        for (ColumnMetadata column : columns.keySet()) {
            if (!column.isPrimaryKey() && !allowFiltering) {
                throw StatementErrors.requiresAllowFiltering();
            }
        }
    }

    private void validateRangeScan(boolean allowFiltering) {
        if (token != null) {
            List<String> both = table.partitionKeyColumns().stream().filter(columns::containsKey)
                    .map(ColumnMetadata::name).toList();
            if (!both.isEmpty()) {
                throw CqlException.invalid("Columns \"" + String.join(", ", both) + "\" cannot be restricted by"
                        + " both a normal relation and a token relation");
            }
            if (token.isIn()) {
                throw StatementErrors.unsupported("IN restrictions on token() are");
            }
        }
        if (allowFiltering) {
            return;
        }
        for (ColumnMetadata column : table.partitionKeyColumns()) {
            ColumnRestriction restriction = columns.get(column);
            if (restriction != null && restriction.isSlice()) {
                throw CqlException.invalid("Only EQ and IN relation are supported on the partition key (unless you"
                        + " use the token() function or allow filtering)");
            }
        }
        if (!columns.isEmpty() || clustering.hasMultiColumn()) {
            throw StatementErrors.requiresAllowFiltering();
        }
    }

    /** @return whether only partition key columns (or token()) are restricted (SELECT DISTINCT's rule) */
    boolean restrictsOnlyPartitionKey() {
        return !clustering.hasMultiColumn()
                && columns.keySet().stream().allMatch(c -> c.kind() == ColumnKind.PARTITION_KEY);
    }

    /** @return the restrictions evaluated on rows after reading: all of them in a range scan, else regular ones */
    RowFilter filter() {
        List<ColumnRestriction> filtered = new ArrayList<>();
        boolean rangeScan = isRangeScan();
        for (ColumnRestriction restriction : columns.values()) {
            if (rangeScan || !restriction.column().isPrimaryKey()) {
                filtered.add(restriction);
            }
        }
        List<MultiColumnRestriction> tuples = rangeScan ? clustering.multiColumn() : List.of();
        return filtered.isEmpty() && tuples.isEmpty() ? RowFilter.NONE : new RowFilter(filtered, tuples);
    }

    /**
     * @return the token range of a range scan as {minInclusive, maxInclusive}; min &gt; max when it is empty
     * @throws CqlException for null or unset values
     */
    long[] tokenRange(List<byte[]> bound) {
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        if (token == null) {
            return new long[] {min, max};
        }
        if (token.isEqual()) {
            long value = ByteBuffer.wrap(token.equalityValues(bound).get(0)).getLong();
            return new long[] {value, value};
        }
        byte[] lower = token.lowerValue(bound);
        byte[] upper = token.upperValue(bound);
        if (lower != null) {
            long value = ByteBuffer.wrap(lower).getLong();
            if (!token.lowerInclusive() && value == Long.MAX_VALUE) {
                return new long[] {1, 0};
            }
            min = token.lowerInclusive() ? value : value + 1;
        }
        if (upper != null) {
            long value = ByteBuffer.wrap(upper).getLong();
            if (!token.upperInclusive() && value == Long.MIN_VALUE) {
                return new long[] {1, 0};
            }
            max = token.upperInclusive() ? value : value - 1;
        }
        return new long[] {min, max};
    }

    private void validateClustering() {
        clustering.validate();
    }

    /** Virtual tables: anything on primary key columns; other columns need ALLOW FILTERING. */
    void validateForVirtualTable(boolean allowFiltering) {
        if (clustering.hasMultiColumn()) {
            throw StatementErrors.unsupported("Multi-column relations on virtual tables are");
        }
        for (ColumnMetadata column : columns.keySet()) {
            if (!column.isPrimaryKey() && !allowFiltering) {
                throw StatementErrors.requiresAllowFiltering();
            }
        }
    }

    /** How the clustering columns of a modification's WHERE clause are restricted. */
    enum ClusteringShape {
        /** No clustering column restricted (or the table has none). */
        NONE,
        /** Every clustering column restricted by {@code =} or IN: whole rows. */
        FULL,
        /** A prefix, or a slice: a clustering range. */
        RANGE
    }

    /**
     * Checks the WHERE clause of an UPDATE or DELETE: every partition key column by {@code =}/IN, no token(),
     * nothing on regular columns, clustering restrictions on a prefix.
     *
     * @param kind the statement kind for messages ({@code UPDATE}, {@code DELETE})
     * @return how the clustering columns are restricted
     * @throws CqlException with Cassandra's messages
     */
    ClusteringShape validateForModification(String kind) {
        if (token != null) {
            throw CqlException.invalid("The token function cannot be used in WHERE clauses for " + kind
                    + " statements");
        }
        List<String> regular = columns.keySet().stream().filter(c -> !c.isPrimaryKey()).map(ColumnMetadata::name)
                .toList();
        if (!regular.isEmpty()) {
            throw CqlException.invalid("Non PRIMARY KEY columns found in where clause: " + String.join(", ", regular));
        }
        List<String> missing = new ArrayList<>();
        for (ColumnMetadata column : table.partitionKeyColumns()) {
            ColumnRestriction restriction = columns.get(column);
            if (restriction == null) {
                missing.add(column.name());
            } else if (restriction.isSlice()) {
                throw CqlException.invalid("Only EQ and IN relation are supported on the partition key (unless you"
                        + " use the token() function)");
            }
        }
        if (!missing.isEmpty()) {
            throw CqlException.invalid("Some partition key parts are missing: " + String.join(", ", missing));
        }
        validateClustering();
        int restricted = clustering.restrictedCount();
        boolean slice = hasClusteringSlice();
        if (restricted == 0) {
            return ClusteringShape.NONE;
        }
        return restricted == table.clusteringColumns().size() && !slice ? ClusteringShape.FULL
                : ClusteringShape.RANGE;
    }

    /** @return whether some clustering column is restricted by a slice ({@code < <= > >=}) */
    boolean hasClusteringSlice() {
        return clustering.hasSlice();
    }

    /**
     * @return the full clusterings a modification with {@link ClusteringShape#FULL} (or a table without
     *         clustering columns) writes
     */
    List<Clustering> clusterings(List<byte[]> bound) {
        List<Clustering> clusterings = new ArrayList<>();
        for (Slice slice : slices(bound)) {
            clusterings.add(slice.start().prefix());
        }
        return clusterings;
    }

    // ---- binding ----

    /**
     * @return the partitions to read, in ascending order of their key column values (IN values distinct)
     * @throws CqlException for null, unset or empty key values
     */
    List<PartitionKey> partitionKeys(List<byte[]> bound) {
        List<byte[][]> keys = new ArrayList<>();
        keys.add(new byte[0][]);
        for (ColumnMetadata column : table.partitionKeyColumns()) {
            List<byte[]> values = columns.get(column).equalityValues(bound);
            List<byte[][]> extended = new ArrayList<>(keys.size() * values.size());
            for (byte[][] prefix : keys) {
                for (byte[] value : values) {
                    byte[][] next = Arrays.copyOf(prefix, prefix.length + 1);
                    next[prefix.length] = value;
                    extended.add(next);
                }
            }
            keys = extended;
        }
        List<PartitionKey> partitions = new ArrayList<>(keys.size());
        for (byte[][] components : keys) {
            byte[] key = PartitionKeys.compose(components);
            if (key.length == 0) {
                throw CqlException.invalid("Key may not be empty");
            }
            partitions.add(new PartitionKey(components, DecoratedKey.of(key)));
        }
        return partitions;
    }

    /**
     * @return the clustering slices to read, in storage order; empty when the restrictions select nothing
     *         (e.g. {@code c > 5 AND c < 3}, or an empty IN)
     * @throws CqlException for null or unset values
     */
    List<Slice> slices(List<byte[]> bound) {
        return clustering.slices(bound);
    }
}
