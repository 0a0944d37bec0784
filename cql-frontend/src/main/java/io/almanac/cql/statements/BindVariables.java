package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import java.util.Arrays;
import java.util.List;

/**
 * The bind variables of a statement being prepared: for each marker, in marker order, the specification a driver
 * sees in the PREPARED result (Cassandra's {@code VariableSpecifications}) and the column it targets.
 *
 * <p>A marker's spec is its receiver (the column, {@code [ttl]}, {@code [timestamp]}, {@code [limit]},
 * {@code in(k)}, {@code partition key token}), renamed to the marker's name for {@code :name} markers.
 *
 * <p>Thread safety: not thread-safe; used while preparing one statement.
 */
final class BindVariables {

    private final ColumnSpec[] specs;
    private final ColumnMetadata[] targets;
    private final NativeFunctions functions;

    /** Variables of a statement without function calls in its terms. */
    BindVariables(int markerCount) {
        this(markerCount, null);
    }

    /** @param functions what function calls in the statement's terms evaluate with */
    BindVariables(int markerCount, NativeFunctions functions) {
        this.specs = new ColumnSpec[markerCount];
        this.targets = new ColumnMetadata[markerCount];
        this.functions = functions;
    }

    /**
     * @return the native functions' context for function calls in terms
     * @throws IllegalStateException when these variables were made without one (a bug)
     */
    NativeFunctions functions() {
        if (functions == null) {
            throw new IllegalStateException("bind variables prepared without a function context");
        }
        return functions;
    }

    /**
     * Records what marker {@code index} is bound to.
     *
     * @param name     the marker's name, or null for {@code ?}
     * @param receiver what the value is assigned to
     * @param target   the column whose value the marker gives directly (for pk_indexes), or null
     * @return the marker's specification
     */
    ColumnSpec add(int index, String name, ColumnSpec receiver, ColumnMetadata target) {
        ColumnSpec spec = name == null ? receiver
                : new ColumnSpec(receiver.keyspace(), receiver.table(), name, receiver.type());
        specs[index] = spec;
        targets[index] = target;
        return spec;
    }

    /**
     * @return the specifications in marker order
     * @throws CqlException if a marker was used where Almanac cannot bind it
     */
    List<ColumnSpec> specs() {
        for (int i = 0; i < specs.length; i++) {
            if (specs[i] == null) {
                throw CqlException.invalid("Bind marker " + (i + 1) + " is in a position where bind markers are"
                        + " not supported");
            }
        }
        return List.of(specs);
    }

    /**
     * Cassandra's {@code getPartitionKeyBindVariableIndexes}: for each partition key column, the first marker that
     * gives its value directly.
     *
     * @return the marker index per partition key column, or an empty array unless every column has one
     */
    int[] partitionKeyIndexes(List<ColumnMetadata> partitionKey) {
        int[] indexes = new int[partitionKey.size()];
        Arrays.fill(indexes, -1);
        for (int i = 0; i < targets.length; i++) {
            ColumnMetadata target = targets[i];
            if (target != null && target.kind() == ColumnKind.PARTITION_KEY
                    && partitionKey.contains(target) && indexes[target.position()] < 0) {
                indexes[target.position()] = i;
            }
        }
        for (int index : indexes) {
            if (index < 0) {
                return new int[0];
            }
        }
        return indexes;
    }
}
