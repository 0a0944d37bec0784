package io.almanac.storage.engine;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.ClusteringComparator;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;

/**
 * Checks a mutation against its table before it enters the write path, with Cassandra's messages where it has one.
 * (Value types are checked by the frontends that build mutations; here are the structural and size rules the
 * storage format relies on.)
 *
 * <p>Thread safety: stateless.
 */
final class MutationValidator {

    private MutationValidator() {
    }

    /** @throws InvalidRequestException naming the problem */
    static void validate(Mutation mutation, TableMetadata table) {
        if (mutation.key().key().length == 0) {
            throw new InvalidRequestException("Key may not be empty");
        }
        int clusteringColumns = table.clusteringColumns().size();
        int regularColumns = table.regularColumns().size();
        for (Row row : mutation.rows()) {
            if (row.clustering().isStatic()) {
                validateStaticRow(row, table);
                continue;
            }
            if (row.clustering().size() != clusteringColumns) {
                throw new InvalidRequestException("Row of " + table + " has " + row.clustering().size()
                        + " clustering values, the table has " + clusteringColumns + " clustering columns");
            }
            checkClusteringValues(row.clustering(), table);
            if (row.cells().length > regularColumns) {
                throw new InvalidRequestException("Row of " + table + " has " + row.cells().length
                        + " cells, the table has " + regularColumns + " regular columns");
            }
            checkCell(row.marker());
            for (int i = 0; i < row.cells().length; i++) {
                checkCell(row.cells()[i]);
                if (row.cells()[i] != null && table.hasStaticColumns()
                        && table.regularColumns().get(i).kind() == ColumnKind.STATIC) {
                    throw new InvalidRequestException("Row of " + table + " has a cell for static column "
                            + table.regularColumns().get(i).name() + ", which belongs in the static row");
                }
            }
        }
        if (!mutation.rangeTombstones().isEmpty()) {
            validateRangeTombstones(mutation, table, new ClusteringComparator(table));
        }
    }

    /**
     * Checks a static row ({@link Clustering#STATIC}): the table has static columns and the row has cells in static
     * columns only, and no row marker.
     *
     * @throws InvalidRequestException naming the problem
     */
    static void validateStaticRow(Row row, TableMetadata table) {
        if (!table.hasStaticColumns()) {
            throw new InvalidRequestException("Static row for " + table + ", which has no static columns");
        }
        if (row.marker() != null) {
            throw new InvalidRequestException("Static row of " + table + " has a row marker");
        }
        if (row.cells().length > table.regularColumns().size()) {
            throw new InvalidRequestException("Static row of " + table + " has " + row.cells().length
                    + " cells, the table has " + table.regularColumns().size() + " regular columns");
        }
        for (int i = 0; i < row.cells().length; i++) {
            if (row.cells()[i] != null && table.regularColumns().get(i).kind() != ColumnKind.STATIC) {
                throw new InvalidRequestException("Static row of " + table + " has a cell for non-static column "
                        + table.regularColumns().get(i).name());
            }
            checkCell(row.cells()[i]);
        }
    }

    /**
     * Checks the range tombstones of a mutation: each bound a prefix of the clustering columns without null values,
     * start not after end in the table's clustering order.
     *
     * @throws InvalidRequestException naming the problem
     */
    static void validateRangeTombstones(Mutation mutation, TableMetadata table, ClusteringComparator comparator) {
        for (RangeTombstone tombstone : mutation.rangeTombstones()) {
            for (ClusteringBound bound : new ClusteringBound[] {tombstone.start(), tombstone.end()}) {
                if (bound.prefix().size() > comparator.size()) {
                    throw new InvalidRequestException("Range tombstone bound of " + table + " has "
                            + bound.prefix().size() + " clustering values, the table has " + comparator.size()
                            + " clustering columns");
                }
                checkClusteringValues(bound.prefix(), table);
            }
            if (tombstone.isEmpty(comparator)) {
                throw new InvalidRequestException("Range tombstone " + tombstone + " of " + table
                        + " has its start after its end");
            }
        }
    }

    private static void checkClusteringValues(Clustering clustering, TableMetadata table) {
        for (int i = 0; i < clustering.size(); i++) {
            byte[] value = clustering.get(i);
            if (value == null) {
                throw new InvalidRequestException("Invalid null value in condition for column "
                        + table.clusteringColumns().get(i).name());
            }
            if (value.length > PartitionKeys.MAX_COMPONENT_BYTES) {
                throw new InvalidRequestException("Key length of " + value.length
                        + " is longer than maximum of " + PartitionKeys.MAX_COMPONENT_BYTES);
            }
        }
    }

    private static void checkCell(Cell cell) {
        if (cell == null) {
            return;
        }
        if (cell.ttlSeconds() < 0) {
            throw new InvalidRequestException("A TTL must be greater or equal to 0, but was " + cell.ttlSeconds());
        }
        if (cell.ttlSeconds() > TableParams.MAX_TTL_SECONDS) {
            throw new InvalidRequestException("ttl is too large. requested (" + cell.ttlSeconds() + ") maximum ("
                    + TableParams.MAX_TTL_SECONDS + ")");
        }
    }
}
