package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What INSERT, UPDATE and DELETE share once prepared: the target table, the USING TTL / TIMESTAMP attributes, the bind
 * variables and the bind index of each partition key column (for the Prepared result's pk_indexes). Subclasses add
 * how their bound values become mutations.
 *
 * <p>Thread safety: immutable.
 */
abstract class TableModification implements ModificationStatement {

    protected final TableTarget target;
    protected final WriteAttributes attributes;
    private final List<ColumnSpec> bindVariables;
    private final int[] partitionKeyBindIndexes;

    /**
     * @param bindVariables           the statement's bind markers, in order
     * @param partitionKeyBindIndexes for each partition key column, its bind index; empty when not all are bound
     */
    protected TableModification(TableTarget target, WriteAttributes attributes, List<ColumnSpec> bindVariables,
                                int[] partitionKeyBindIndexes) {
        this.target = target;
        this.attributes = attributes;
        this.bindVariables = bindVariables;
        this.partitionKeyBindIndexes = partitionKeyBindIndexes;
    }

    /** The bind variables and pk_indexes of a statement prepared with {@code variables} (null: no markers). */
    protected TableModification(TableTarget target, WriteAttributes attributes, BindVariables variables) {
        this(target, attributes, variables == null ? List.of() : variables.specs(), variables == null ? new int[0]
                : variables.partitionKeyIndexes(target.metadata().partitionKeyColumns()));
    }

    @Override
    public List<ColumnSpec> bindVariables() {
        return bindVariables;
    }

    @Override
    public int[] partitionKeyBindIndexes() {
        return partitionKeyBindIndexes.clone();
    }

    @Override
    public boolean isValid(Schema schema) {
        return target.isCurrent(schema);
    }

    @Override
    public TableMetadata table() {
        return target.metadata();
    }

    @Override
    public boolean hasTimestamp() {
        return attributes.hasTimestamp();
    }

    @Override
    public long timestampMicros(List<byte[]> bound, LongSupplier fallback) {
        return attributes.timestampMicros(bound, fallback);
    }
}
