package io.almanac.storage.schema;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A table's definition: its columns in declaration order and its options.
 *
 * <p>Invariants: at least one partition key column; partition key and clustering columns carry positions 0..n-1;
 * column names are unique. Regular and static columns are addressed by their index in {@link #regularColumns()}
 * (the order of the column list), which is the index used by {@link io.almanac.storage.data.Row#cells()}.
 *
 * <p>Thread safety: immutable.
 */
public final class TableMetadata {

    private final String keyspace;
    private final String name;
    private final UUID id;
    private final List<ColumnMetadata> columns;
    private final TableParams params;
    private final List<ColumnMetadata> partitionKeyColumns;
    private final List<ColumnMetadata> clusteringColumns;
    private final List<ColumnMetadata> regularColumns;
    private final Map<String, ColumnMetadata> byName;
    private final Map<String, Integer> regularIndex;
    private final boolean hasStaticColumns;
    private final Map<String, DroppedColumn> droppedColumns;

    /**
     * A table without dropped columns.
     *
     * @throws InvalidRequestException when the columns break the invariants above
     */
    public TableMetadata(String keyspace, String name, UUID id, List<ColumnMetadata> columns, TableParams params) {
        this(keyspace, name, id, columns, params, Map.of());
    }

    /**
     * @param droppedColumns the columns dropped by ALTER TABLE, by name (the latest drop of each name)
     * @throws InvalidRequestException when the columns break the invariants above
     */
    public TableMetadata(String keyspace, String name, UUID id, List<ColumnMetadata> columns, TableParams params,
                         Map<String, DroppedColumn> droppedColumns) {
        this.droppedColumns = Collections.unmodifiableMap(new java.util.TreeMap<>(droppedColumns));
        this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
        this.name = Objects.requireNonNull(name, "name");
        this.id = Objects.requireNonNull(id, "id");
        this.columns = List.copyOf(columns);
        this.params = Objects.requireNonNull(params, "params");
        this.partitionKeyColumns = ofKind(ColumnKind.PARTITION_KEY);
        this.clusteringColumns = ofKind(ColumnKind.CLUSTERING);
        this.regularColumns = this.columns.stream().filter(c -> !c.isPrimaryKey()).toList();
        Map<String, ColumnMetadata> names = new HashMap<>();
        for (ColumnMetadata column : this.columns) {
            if (names.put(column.name(), column) != null) {
                throw new InvalidRequestException("Duplicate column " + column.name() + " in table " + name);
            }
        }
        this.byName = Collections.unmodifiableMap(names);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < regularColumns.size(); i++) {
            index.put(regularColumns.get(i).name(), i);
        }
        this.regularIndex = Collections.unmodifiableMap(index);
        if (partitionKeyColumns.isEmpty()) {
            throw new InvalidRequestException("No PRIMARY KEY specifed for table '" + name
                    + "' (exactly one required)");
        }
        this.hasStaticColumns = this.columns.stream().anyMatch(c -> c.kind() == ColumnKind.STATIC);
        if (hasStaticColumns && clusteringColumns.isEmpty()) {
            throw new InvalidRequestException("Static columns are only useful (and thus allowed) if the table has "
                    + "at least one clustering column");
        }
    }

    private List<ColumnMetadata> ofKind(ColumnKind kind) {
        List<ColumnMetadata> selected = columns.stream().filter(c -> c.kind() == kind)
                .sorted(java.util.Comparator.comparingInt(ColumnMetadata::position)).toList();
        for (int i = 0; i < selected.size(); i++) {
            if (selected.get(i).position() != i) {
                throw new InvalidRequestException("Bad " + kind.schemaName() + " positions in table " + name);
            }
        }
        return selected;
    }

    public String keyspace() {
        return keyspace;
    }

    public String name() {
        return name;
    }

    /** @return the table id ({@code system_schema.tables.id}); also names the data directory */
    public UUID id() {
        return id;
    }

    /** @return all columns in declaration order */
    public List<ColumnMetadata> columns() {
        return columns;
    }

    public TableParams params() {
        return params;
    }

    public List<ColumnMetadata> partitionKeyColumns() {
        return partitionKeyColumns;
    }

    public List<ColumnMetadata> clusteringColumns() {
        return clusteringColumns;
    }

    /** @return the non-primary-key columns (regular and static), in the order rows store their cells */
    public List<ColumnMetadata> regularColumns() {
        return regularColumns;
    }

    /**
     * @return whether the table has {@code STATIC} columns, whose cells live in each partition's static row
     *         ({@link io.almanac.storage.data.Clustering#STATIC})
     */
    public boolean hasStaticColumns() {
        return hasStaticColumns;
    }

    /** @return the column, or null when the table has none of that name */
    public ColumnMetadata column(String columnName) {
        return byName.get(columnName);
    }

    /** @return the index of a regular or static column in {@link #regularColumns()}, or -1 */
    public int regularIndex(String columnName) {
        Integer index = regularIndex.get(columnName);
        return index == null ? -1 : index;
    }

    /** @return the columns dropped by ALTER TABLE ... DROP, by name, sorted ({@code system_schema.dropped_columns}) */
    public Map<String, DroppedColumn> droppedColumns() {
        return droppedColumns;
    }

    /** @return a copy with other options */
    public TableMetadata withParams(TableParams newParams) {
        return new TableMetadata(keyspace, name, id, columns, newParams, droppedColumns);
    }

    /** @return {@code keyspace.name} */
    @Override
    public String toString() {
        return keyspace + "." + name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableMetadata that && keyspace.equals(that.keyspace) && name.equals(that.name)
                && id.equals(that.id) && columns.equals(that.columns) && params.equals(that.params)
                && droppedColumns.equals(that.droppedColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyspace, name, id);
    }
}
